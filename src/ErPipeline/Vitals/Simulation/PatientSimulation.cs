namespace ErPipeline.Vitals.Simulation;

/// <summary>
/// One patient on one monitor: a baseline, noise that reverts toward it, an optional deterioration and the monitor's
/// artefacts. Everything comes from two random streams seeded by the run, so the same seed replays the same patient.
/// </summary>
internal sealed class PatientSimulation
{
    // Fever raises the pulse by about 10 beats per minute per degree (shared/DOMAIN.md §3).
    internal const double FeverBeatsPerDegree = 10;

    // Stationary standard deviation and correlation time of the Ornstein–Uhlenbeck deviation around each vital's
    // current mean. Respiration rate varies in proportion to its mean, so its deviation is relative.
    private static readonly Noise HeartRateNoise = new(4.0, TimeSpan.FromMinutes(10));
    private static readonly Noise SystolicNoise = new(3.0, TimeSpan.FromMinutes(20));
    private static readonly Noise RespirationNoise = new(0.05, TimeSpan.FromMinutes(5));
    private static readonly Noise Spo2Noise = new(0.8, TimeSpan.FromMinutes(3));
    private static readonly Noise CopdSpo2Noise = new(0.7, TimeSpan.FromMinutes(3));
    private static readonly Noise TemperatureNoise = new(0.1, TimeSpan.FromMinutes(60));

    // Reading-to-reading scatter of the measurement itself, on top of the slower wander.
    private const double HeartRateJitter = 1.0;
    private const double SystolicJitter = 1.0;

    private readonly Random _physiology;
    private readonly Random _artefacts;
    private readonly VitalsSimulationOptions _options;
    private readonly EpisodeTargets? _targets;
    private readonly double _probeOffChance;
    private readonly double _spikeChance;
    private readonly Noise _spo2Noise;

    private double _heartRate;
    private double _systolic;
    private double _respiration;
    private double _spo2;
    private double _temperature;
    private int _probeOffReadingsLeft;
    private Artefact _lastArtefact;

    public PatientSimulation(MonitoredPatient patient, string deviceId, int physiologySeed, int artefactSeed,
        DateTimeOffset start, TimeSpan duration, VitalsSimulationOptions options)
        : this(patient, deviceId, identity: null, new Random(physiologySeed), new Random(artefactSeed), start, duration, options)
    {
    }

    public PatientSimulation(MonitoredPatient patient, string deviceId, Random? identity, Random physiology, Random artefacts,
        DateTimeOffset start, TimeSpan duration, VitalsSimulationOptions options)
    {
        _physiology = physiology;
        _artefacts = artefacts;
        _options = options;

        // What belongs to the patient rather than to the range (COPD, baseline, the monitor's phase) may come from a
        // stream of its own, so that a patient simulated range after range stays the same person. Without one it
        // is drawn from the physiology stream, in the order VitalsSimulator's runs have always drawn it.
        identity ??= physiology;

        var copdDraw = identity.NextDouble() < options.CopdShare;
        var copd = patient.Copd ?? copdDraw;
        var baseline = DrawBaseline(identity, copd, patient.Age);

        DeteriorationEpisode? episode = null;
        if (_physiology.NextDouble() < options.EpisodeShare)
        {
            var kind = options.Deteriorations[_physiology.Next(options.Deteriorations.Count)];
            var onset = start + WholeSeconds(duration.TotalSeconds * options.EpisodeOnsetWindow * _physiology.NextDouble());
            var ramp = WholeSeconds(Uniform(options.EpisodeRampMin.TotalSeconds, options.EpisodeRampMax.TotalSeconds));
            episode = new DeteriorationEpisode(kind, onset, onset + ramp);
            _targets = EpisodeTargets.Draw(kind, baseline, copd, _physiology);
        }

        var firstReading = TimeSpan.FromSeconds(identity.Next((int)options.Interval.TotalSeconds));
        Plan = new PatientPlan(patient.PatientId, deviceId, copd, baseline, episode, firstReading);

        _spo2Noise = copd ? CopdSpo2Noise : Spo2Noise;
        _heartRate = HeartRateNoise.Stationary(_physiology);
        _systolic = SystolicNoise.Stationary(_physiology);
        _respiration = RespirationNoise.Stationary(_physiology);
        _spo2 = _spo2Noise.Stationary(_physiology);
        _temperature = TemperatureNoise.Stationary(_physiology);

        var hours = options.Interval.TotalHours;
        _probeOffChance = 1 - Math.Exp(-options.ProbeOffPerHour * hours);
        _spikeChance = 1 - Math.Exp(-options.MotionSpikesPerHour * hours);
    }

    public PatientPlan Plan { get; }

    /// <summary>The reading at <paramref name="at"/>; call once per interval, in time order.</summary>
    public VitalReading Next(DateTimeOffset at)
    {
        var dt = _options.Interval;
        var progress = Progress(at);
        var baseline = Plan.Baseline;

        _temperature = TemperatureNoise.Step(_temperature, dt, _physiology);
        var temperature = Lerp(baseline.TemperatureC, _targets?.TemperatureC, progress) + _temperature;

        _heartRate = HeartRateNoise.Step(_heartRate, dt, _physiology);
        var heartRate = Lerp(baseline.HeartRate, _targets?.HeartRateWithoutFever, progress)
            + FeverBeatsPerDegree * (temperature - baseline.TemperatureC)
            + _heartRate + HeartRateJitter * Normal(_physiology);

        _systolic = SystolicNoise.Step(_systolic, dt, _physiology);
        var systolic = Lerp(baseline.SystolicBp, _targets?.SystolicBp, progress) + _systolic + SystolicJitter * Normal(_physiology);

        _respiration = RespirationNoise.Step(_respiration, dt, _physiology);
        var respiration = Lerp(baseline.RespirationRate, _targets?.RespirationRate, progress) * (1 + _respiration);

        _spo2 = _spo2Noise.Step(_spo2, dt, _physiology);
        var spo2 = Lerp(baseline.Spo2, _targets?.Spo2, progress) + _spo2;

        double? heartRateRead = Whole(Math.Clamp(heartRate, 30, 190));
        double? spo2Read = Whole(Math.Clamp(spo2, 60, 100));
        ApplyArtefacts(ref heartRateRead, ref spo2Read);

        return new VitalReading
        {
            PatientId = Plan.PatientId,
            DeviceId = Plan.DeviceId,
            ObservedAt = at,
            RespirationRate = Whole(Math.Clamp(respiration, 3, 50)),
            Spo2 = spo2Read,
            Spo2Scale = Plan.Spo2Scale,
            OnOxygen = _targets is not null && progress >= _targets.OxygenAt,
            SystolicBp = Whole(Math.Clamp(systolic, 50, 240)),
            HeartRate = heartRateRead,
            Consciousness = ConsciousnessAt(progress),
            TemperatureC = Math.Round(Math.Clamp(temperature, 34, 42), 1, MidpointRounding.AwayFromZero),
        };
    }

    private void ApplyArtefacts(ref double? heartRate, ref double? spo2)
    {
        var previous = _lastArtefact;
        _lastArtefact = Artefact.None;
        if (_probeOffReadingsLeft > 0)
        {
            _probeOffReadingsLeft--;
            heartRate = spo2 = null;
            _lastArtefact = Artefact.ProbeOff;
        }
        else if (previous != Artefact.ProbeOff && _artefacts.NextDouble() < _probeOffChance)
        {
            // The finger probe measures both, so both go together, for a run of readings; once it is back, it stays
            // on for at least one reading, so that each dropout is one run.
            var off = _options.ProbeOffMin + _artefacts.NextDouble() * (_options.ProbeOffMax - _options.ProbeOffMin);
            _probeOffReadingsLeft = Math.Max(1, (int)Math.Round(off / _options.Interval, MidpointRounding.AwayFromZero)) - 1;
            heartRate = spo2 = null;
            _lastArtefact = Artefact.ProbeOff;
        }
        else if (previous != Artefact.Spike && _artefacts.NextDouble() < _spikeChance)
        {
            // Movement is counted as pulse, or spoils the light path: one reading far off, the next one fine again
            // (never two in a row, so that a spike is always a single outlier).
            if (_artefacts.NextDouble() < 0.5)
            {
                heartRate = Whole(200 + _artefacts.NextDouble() * 100);
            }
            else
            {
                spo2 = Whole(40 + _artefacts.NextDouble() * 35);
            }

            _lastArtefact = Artefact.Spike;
        }
    }

    private Consciousness ConsciousnessAt(double progress) => _targets switch
    {
        null => Consciousness.A,
        _ when progress >= _targets.PainAt => Consciousness.P,
        _ when progress >= _targets.VoiceAt => Consciousness.V,
        _ when progress >= _targets.ConfusionAt => Consciousness.C,
        _ => Consciousness.A,
    };

    /// <summary>0 before the episode, 1 once it has fully developed; smooth in between (slow start, slow finish).</summary>
    private double Progress(DateTimeOffset at)
    {
        if (Plan.Episode is not { } episode || at <= episode.Onset)
        {
            return 0;
        }

        var s = Math.Min(1, (at - episode.Onset) / (episode.FullyDevelopedAt - episode.Onset));
        return s * s * (3 - 2 * s);
    }

    private static VitalBaseline DrawBaseline(Random random, bool copd, int? age)
    {
        // Adult medians (MIMIC-II, shared/DOMAIN.md §3), spread between patients and clamped symmetrically so the
        // population mean stays on the median. Systolic pressure rises a little with age.
        var ageEffect = age is { } years ? Math.Clamp(0.3 * (years - 50), -8, 10) : 0;
        return new VitalBaseline(
            HeartRate: Math.Clamp(84 + 10 * Normal(random), 60, 108),
            SystolicBp: Math.Clamp(119 + 12 * Normal(random), 95, 143) + ageEffect,
            RespirationRate: Math.Clamp(18 + 1.2 * Normal(random), 15, 21),
            Spo2: copd ? Uniform(random, 89, 91) : Math.Clamp(97.8 + 0.7 * Normal(random), 96, 99.6),
            TemperatureC: Math.Clamp(37.0 + 0.2 * Normal(random), 36.6, 37.4));
    }

    private double Uniform(double low, double high) => Uniform(_physiology, low, high);

    private static double Uniform(Random random, double low, double high) => low + (high - low) * random.NextDouble();

    private static TimeSpan WholeSeconds(double seconds) => TimeSpan.FromSeconds(Math.Floor(seconds));

    private static double Lerp(double from, double? to, double progress) => to is { } target ? from + (target - from) * progress : from;

    /// <summary>Device resolution: whole numbers, half away from zero (as NEWS2 rounds).</summary>
    private static double Whole(double value) => Math.Round(value, MidpointRounding.AwayFromZero);

    internal static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private enum Artefact
    {
        None,
        ProbeOff,
        Spike,
    }

    /// <summary>Mean-reverting noise: an Ornstein–Uhlenbeck process with this stationary SD and correlation time.</summary>
    private sealed record Noise(double Sd, TimeSpan CorrelationTime)
    {
        public double Stationary(Random random) => Sd * Normal(random);

        /// <summary>The exact discrete step: the deviation decays toward 0 and gains just enough noise to keep its SD.</summary>
        public double Step(double deviation, TimeSpan dt, Random random)
        {
            var keep = Math.Exp(-dt / CorrelationTime);
            return deviation * keep + Sd * Math.Sqrt(1 - keep * keep) * Normal(random);
        }
    }
}

/// <summary>Where one patient's episode leads: absolute targets (null: that vital does not change) and when, in progress 0–1, consciousness and oxygen change.</summary>
internal sealed record EpisodeTargets(
    double? HeartRateWithoutFever,
    double? SystolicBp,
    double? RespirationRate,
    double? Spo2,
    double? TemperatureC,
    double ConfusionAt,
    double VoiceAt,
    double PainAt,
    double OxygenAt)
{
    private const double Never = double.PositiveInfinity;

    /// <summary>
    /// Targets inside the archetype's ranges with room for the noise, so that late readings land in the ranges of
    /// shared/DOMAIN.md §3 rather than only their means.
    /// </summary>
    public static EpisodeTargets Draw(Deterioration kind, VitalBaseline baseline, bool copd, Random random)
    {
        double Uniform(double low, double high) => low + (high - low) * random.NextDouble();

        switch (kind)
        {
            case Deterioration.Sepsis:
            {
                var temperature = Uniform(38.8, 39.2);
                var heartRate = Uniform(114, 126);
                return new EpisodeTargets(
                    HeartRateWithoutFever: WithoutFever(heartRate, temperature, baseline),
                    SystolicBp: Uniform(93.5, 96.5),
                    RespirationRate: Uniform(24, 26),
                    Spo2: baseline.Spo2 - Uniform(1, 2.5),
                    TemperatureC: temperature,
                    ConfusionAt: Uniform(0.8, 0.95), VoiceAt: Never, PainAt: Never, OxygenAt: Never);
            }

            case Deterioration.RespiratoryFailure:
                // A COPD patient already lives at 88–92 (scale 2): failure shows below that.
                return new EpisodeTargets(
                    HeartRateWithoutFever: baseline.HeartRate + Uniform(10, 20),
                    SystolicBp: null,
                    RespirationRate: Uniform(26.5, 28.5),
                    Spo2: copd ? Uniform(84.5, 86.5) : Uniform(89.2, 90.3),
                    TemperatureC: null,
                    ConfusionAt: Never, VoiceAt: Never, PainAt: Never, OxygenAt: Uniform(0.75, 0.95));

            case Deterioration.Haemorrhage:
                // Up and down from where the patient started, whatever the baseline: a shock index above 1.
                return new EpisodeTargets(
                    HeartRateWithoutFever: Math.Max(Uniform(118, 130), baseline.HeartRate + 25),
                    SystolicBp: Math.Min(Uniform(82, 92), baseline.SystolicBp - 20),
                    RespirationRate: baseline.RespirationRate + Uniform(3, 6),
                    Spo2: null,
                    TemperatureC: null,
                    ConfusionAt: Never, VoiceAt: Never, PainAt: Never, OxygenAt: Never);

            case Deterioration.OpioidToxicity:
                return new EpisodeTargets(
                    HeartRateWithoutFever: baseline.HeartRate - Uniform(5, 15),
                    SystolicBp: baseline.SystolicBp - Uniform(5, 15),
                    RespirationRate: Uniform(5.5, 7.5),
                    Spo2: copd ? baseline.Spo2 - Uniform(2, 4) : Uniform(91, 93.5),
                    TemperatureC: null,
                    ConfusionAt: Never, VoiceAt: Uniform(0.6, 0.8), PainAt: Uniform(0.9, 1.0), OxygenAt: Never);

            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    // The pulse target includes the fever's share; the simulation adds that share from the temperature as it rises.
    private static double WithoutFever(double heartRate, double temperature, VitalBaseline baseline) =>
        heartRate - PatientSimulation.FeverBeatsPerDegree * (temperature - baseline.TemperatureC);
}
