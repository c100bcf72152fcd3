using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using ErPipeline.Vitals;
using ErPipeline.Vitals.Simulation;

namespace ErPipeline.Tests.Vitals;

public sealed partial class VitalsSimulatorTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    // No episodes, no COPD, no artefacts: only baselines and their noise.
    private static VitalsSimulationOptions Quiet() => new()
    {
        EpisodeShare = 0,
        CopdShare = 0,
        ProbeOffPerHour = 0,
        MotionSpikesPerHour = 0,
    };

    private static MonitoredPatient[] Ward(int count) => Enumerable.Range(1, count).Select(MonitoredPatient.Synthetic).ToArray();

    private static string Jsonl(VitalsSimulator simulator) => string.Join('\n', simulator.Readings().Select(VitalsJson.ToLine));

    [Fact]
    public void Readings_SameSeedAndInputs_AreTheSameBytes()
    {
        var first = new VitalsSimulator(Ward(8), 7, Start, TimeSpan.FromHours(3));
        var second = new VitalsSimulator(Ward(8), 7, Start, TimeSpan.FromHours(3));

        var text = Jsonl(first);

        Assert.Equal(text, Jsonl(second));
        Assert.Equal(text, Jsonl(first));   // enumerating again replays the run
    }

    [Fact]
    public void Readings_AnotherSeed_Differ()
    {
        var seven = Jsonl(new VitalsSimulator(Ward(8), 7, Start, TimeSpan.FromHours(1)));
        var eight = Jsonl(new VitalsSimulator(Ward(8), 8, Start, TimeSpan.FromHours(1)));

        Assert.NotEqual(seven, eight);
    }

    [Fact]
    public void Readings_MorePatients_LeaveTheFirstPatientsAsTheyWere()
    {
        var three = new VitalsSimulator(Ward(3), 7, Start, TimeSpan.FromHours(2)).Readings().ToArray();
        var five = new VitalsSimulator(Ward(5), 7, Start, TimeSpan.FromHours(2)).Readings().ToArray();

        var firstThree = three.Select(r => r.PatientId).ToHashSet();
        Assert.Equal(three.Select(VitalsJson.ToLine), five.Where(r => firstThree.Contains(r.PatientId)).Select(VitalsJson.ToLine));
    }

    [Fact]
    public void Readings_OnePerPatientPerInterval_InTimeOrderInterleavedAcrossPatients()
    {
        var options = new VitalsSimulationOptions { Interval = TimeSpan.FromSeconds(30) };
        var simulator = new VitalsSimulator(Ward(6), 3, Start, TimeSpan.FromMinutes(20), options);

        var readings = simulator.Readings().ToArray();

        Assert.Equal(6 * 40, readings.Length);
        Assert.Equal(40, simulator.ReadingsPerPatient);
        Assert.True(readings.Zip(readings.Skip(1)).All(p => p.First.ObservedAt <= p.Second.ObservedAt), "readings are ordered by time");
        Assert.All(readings, r => Assert.Equal(TimeSpan.Zero, r.ObservedAt.Offset));
        Assert.All(readings, r => Assert.InRange(r.ObservedAt, Start, Start.AddMinutes(20).AddTicks(-1)));
        Assert.Equal(6, readings.Take(6).Select(r => r.PatientId).Distinct().Count());   // every monitor reads before any reads twice
        foreach (var patient in readings.GroupBy(r => r.PatientId))
        {
            Assert.Equal(40, patient.Count());
            Assert.Single(patient.Select(r => r.DeviceId).Distinct());
            Assert.All(patient.Zip(patient.Skip(1)), p => Assert.Equal(TimeSpan.FromSeconds(30), p.Second.ObservedAt - p.First.ObservedAt));
        }

        Assert.Equal(6, readings.Select(r => r.DeviceId).Distinct().Count());
        Assert.True(readings.Take(6).Select(r => r.ObservedAt).Distinct().Count() > 1, "monitors are not all in phase");
    }

    [Fact]
    public void Readings_LongQuietRun_StayNearTheAdultMedians()
    {
        var readings = new VitalsSimulator(Ward(100), 11, Start, TimeSpan.FromHours(6), Quiet()).Readings().ToArray();

        // Baselines spread between patients with SDs of 10 (HR), 12 (SBP), 1.2 (RR), 0.7 (SpO2) and 0.2 °C, so the
        // mean of 100 patients has a standard error of about 1, 1.2, 0.12, 0.07 and 0.02. The tolerances are about
        // four standard errors: a seed cannot miss by chance, a baseline off by a few units does.
        Assert.InRange(readings.Average(r => r.HeartRate!.Value), 84 - 4, 84 + 4);
        Assert.InRange(readings.Average(r => r.SystolicBp!.Value), 119 - 5, 119 + 5);
        Assert.InRange(readings.Average(r => r.RespirationRate!.Value), 18 - 0.5, 18 + 0.5);
        Assert.InRange(readings.Average(r => r.Spo2!.Value), 98 - 0.5, 98 + 0.3);
        Assert.InRange(readings.Average(r => r.TemperatureC!.Value), 36.9, 37.1);

        // Each patient lives in the normal ranges: temperature 36.5–37.5, SpO2 never below 92 on air.
        foreach (var patient in readings.GroupBy(r => r.PatientId))
        {
            Assert.InRange(patient.Average(r => r.TemperatureC!.Value), 36.5, 37.5);
            Assert.InRange(patient.Average(r => r.RespirationRate!.Value), 12, 21);
            Assert.True(patient.All(r => r.Spo2 >= 92), $"{patient.Key} desaturated without an episode");
        }

        Assert.All(readings, r => Assert.Equal((false, Consciousness.A, 1), (r.OnOxygen!.Value, r.Consciousness!.Value, r.Spo2Scale)));
        Assert.All(readings, r => Assert.NotNull(r.HeartRate));   // no artefacts asked for, none made
    }

    [Fact]
    public void Readings_MeanRevert_RatherThanWanderAway()
    {
        var readings = new VitalsSimulator(Ward(20), 5, Start, TimeSpan.FromHours(24), Quiet()).Readings().ToArray();

        // A random walk would drift ever further from where it began; noise pulled toward the baseline stays near it
        // (an hourly mean within 10 bpm of the patient's own day mean, every hour of the day).
        foreach (var patient in readings.GroupBy(r => r.PatientId))
        {
            var dayMean = patient.Average(r => r.HeartRate!.Value);
            var hourly = patient.GroupBy(r => (r.ObservedAt - Start).Hours).Select(h => h.Average(r => r.HeartRate!.Value));
            Assert.All(hourly, mean => Assert.InRange(mean, dayMean - 10, dayMean + 10));
        }
    }

    [Fact]
    public void Sepsis_LateInTheEpisode_ReachesFeverTachycardiaTachypnoeaLowPressureThenConfusion()
    {
        var late = LateInEpisodes(Deterioration.Sepsis);

        AssertMostlyIn(late, r => r.TemperatureC, 38.5, 39.5);
        AssertMostlyIn(late, r => r.HeartRate, 110, 130);
        AssertMostlyIn(late, r => r.RespirationRate, 22, 28);
        AssertMostlyIn(late, r => r.SystolicBp, 90, 100);
        Assert.All(late.SelectMany(p => p.Readings), r => Assert.Equal(Consciousness.C, r.Consciousness));
    }

    [Fact]
    public void RespiratoryFailure_LateInTheEpisode_ReachesFastBreathingLowSaturationAndOxygenGoesOn()
    {
        var late = LateInEpisodes(Deterioration.RespiratoryFailure);

        AssertMostlyIn(late, r => r.RespirationRate, 25, 30);
        AssertMostlyIn(late, r => r.Spo2, 88, 91);
        Assert.All(late.SelectMany(p => p.Readings), r => Assert.True(r.OnOxygen));
    }

    [Fact]
    public void Haemorrhage_LateInTheEpisode_HeartRateUpAndPressureDown()
    {
        var late = LateInEpisodes(Deterioration.Haemorrhage);

        foreach (var (plan, readings) in late)
        {
            var heartRate = Median(readings.Select(r => r.HeartRate!.Value));
            var systolic = Median(readings.Select(r => r.SystolicBp!.Value));
            Assert.True(heartRate >= Math.Max(110, plan.Baseline.HeartRate + 20), $"{plan.PatientId}: HR {heartRate} from a baseline of {plan.Baseline.HeartRate:F0}");
            Assert.True(systolic <= Math.Min(100, plan.Baseline.SystolicBp - 15), $"{plan.PatientId}: SBP {systolic} from a baseline of {plan.Baseline.SystolicBp:F0}");
            Assert.True(heartRate > systolic, $"{plan.PatientId}: shock index {heartRate / systolic:F2} should be above 1");
        }
    }

    [Fact]
    public void OpioidToxicity_LateInTheEpisode_BreathesEightOrLessAndRespondsOnlyToVoiceOrPain()
    {
        var late = LateInEpisodes(Deterioration.OpioidToxicity);

        var rates = late.SelectMany(p => p.Readings).Select(r => r.RespirationRate!.Value).ToArray();
        Assert.True(rates.Count(rate => rate <= 8) >= 0.95 * rates.Length, $"{rates.Count(rate => rate > 8)} of {rates.Length} late rates above 8");
        Assert.All(late, p => Assert.True(Median(p.Readings.Select(r => r.RespirationRate!.Value)) <= 8));
        Assert.All(late.SelectMany(p => p.Readings), r => Assert.Contains(r.Consciousness!.Value, new[] { Consciousness.V, Consciousness.P }));
    }

    [Fact]
    public void Episodes_BeforeTheirOnset_LeaveThePatientAtBaseline()
    {
        var options = Quiet();
        options.EpisodeShare = 1;
        var simulator = new VitalsSimulator(Ward(30), 21, Start, TimeSpan.FromHours(12), options);
        var plans = simulator.Plans.ToDictionary(p => p.PatientId);

        var before = simulator.Readings().Where(r => r.ObservedAt <= plans[r.PatientId].Episode!.Onset).ToArray();

        Assert.NotEmpty(before);
        Assert.All(before, r => Assert.Equal((Consciousness.A, false), (r.Consciousness!.Value, r.OnOxygen!.Value)));
        Assert.All(before, r => Assert.InRange(r.RespirationRate!.Value, 10, 25));
        Assert.All(simulator.Plans, p => Assert.InRange(p.Episode!.Onset, Start, Start.AddHours(6)));   // the first half of the run
    }

    [Fact]
    public void Episodes_ConfiguredShare_DeterioratesAboutThatShareOfPatients()
    {
        var options = new VitalsSimulationOptions { EpisodeShare = 0.2 };
        var plans = new VitalsSimulator(Ward(500), 9, Start, TimeSpan.FromHours(1), options).Plans;

        // 100 expected of 500, standard deviation about 9.
        Assert.InRange(plans.Count(p => p.Episode is not null), 70, 130);
        Assert.Equal(4, plans.Where(p => p.Episode is not null).Select(p => p.Episode!.Kind).Distinct().Count());
    }

    [Fact]
    public void Copd_PatientsCarryScaleTwoAndSaturationMostlyBetween88And92()
    {
        var options = Quiet();
        options.CopdShare = 1;
        var readings = new VitalsSimulator(Ward(40), 13, Start, TimeSpan.FromHours(6), options).Readings().ToArray();

        Assert.All(readings, r => Assert.Equal(2, r.Spo2Scale));
        var inTarget = readings.Count(r => r.Spo2 is >= 88 and <= 92);
        // Baselines 89–91 with noise of SD 0.7: about 99% land in 88–92; 95% leaves room for other seeds.
        Assert.True(inTarget >= 0.95 * readings.Length, $"{inTarget} of {readings.Length} SpO2 readings in 88–92");
        Assert.All(readings, r => Assert.False(r.OnOxygen));
    }

    [Fact]
    public void Copd_ConfiguredShare_PutsAboutThatShareOnScaleTwo()
    {
        var options = new VitalsSimulationOptions { CopdShare = 0.1 };
        var plans = new VitalsSimulator(Ward(500), 9, Start, TimeSpan.FromHours(1), options).Plans;

        // 50 expected of 500, standard deviation about 7.
        Assert.InRange(plans.Count(p => p.Spo2Scale == 2), 30, 70);
        Assert.All(plans.Where(p => p.Copd), p => Assert.InRange(p.Baseline.Spo2, 88, 92));
    }

    [Fact]
    public void Copd_WhatThePatientRecordSays_WinsOverTheShare()
    {
        MonitoredPatient[] patients = [new("P1", 70, Copd: true), new("P2", 40, Copd: false)];
        var none = new VitalsSimulator(patients, 1, Start, TimeSpan.FromHours(1), new VitalsSimulationOptions { CopdShare = 0 });
        var all = new VitalsSimulator(patients, 1, Start, TimeSpan.FromHours(1), new VitalsSimulationOptions { CopdShare = 1 });

        Assert.Equal([2, 1], none.Plans.Select(p => p.Spo2Scale));
        Assert.Equal([2, 1], all.Plans.Select(p => p.Spo2Scale));
    }

    [Fact]
    public void ProbeOff_NullsSpo2AndHeartRateTogetherInShortRunsAtAboutTheConfiguredRate()
    {
        var options = Quiet();
        options.ProbeOffPerHour = 0.5;
        var readings = new VitalsSimulator(Ward(50), 17, Start, TimeSpan.FromHours(24), options).Readings().ToArray();

        var runs = new List<int>();
        foreach (var patient in readings.GroupBy(r => r.PatientId))
        {
            var length = 0;
            foreach (var reading in patient.Append(null))
            {
                if (reading is { Spo2: null })
                {
                    length++;
                    continue;
                }

                if (length > 0)
                {
                    runs.Add(length);
                }

                length = 0;
            }
        }

        Assert.All(readings.Where(r => r.Spo2 is null || r.HeartRate is null), r =>
        {
            Assert.Equal((null, null), (r.Spo2, r.HeartRate));   // the finger probe carries both
            Assert.NotNull(r.RespirationRate);
            Assert.NotNull(r.SystolicBp);
            Assert.NotNull(r.TemperatureC);
        });
        // 1,200 monitored hours at 0.5 an hour: about 600 dropouts (fewer by the 2.5% of time the probe is already
        // off), Poisson SD about 25. 0.42–0.55 an hour catches a rate that is wrong, not chance.
        Assert.InRange(runs.Count / 1200.0, 0.42, 0.55);
        Assert.All(runs, length => Assert.InRange(length, 1, 5));   // 1–5 min at one reading a minute
        Assert.True(runs.Count(length => length > 1) > runs.Count / 2, "most dropouts span several readings");
    }

    [Fact]
    public void MotionSpikes_AreSingleImplausibleReadingsAtAboutTheConfiguredRate()
    {
        var options = Quiet();
        options.MotionSpikesPerHour = 2;
        var readings = new VitalsSimulator(Ward(50), 19, Start, TimeSpan.FromHours(24), options).Readings().ToArray();

        static bool Spike(VitalReading r) => r.HeartRate >= 200 || r.Spo2 <= 75;
        var spikes = 0;
        foreach (var patient in readings.GroupBy(r => r.PatientId).Select(g => g.ToArray()))
        {
            for (var i = 0; i < patient.Length; i++)
            {
                if (!Spike(patient[i]))
                {
                    continue;
                }

                spikes++;
                Assert.False(i > 0 && Spike(patient[i - 1]), $"{patient[i].PatientId} spiked twice in a row at {patient[i].ObservedAt}");
                Assert.False(i + 1 < patient.Length && Spike(patient[i + 1]), $"{patient[i].PatientId} spiked twice in a row at {patient[i].ObservedAt}");
                Assert.False(Spike(patient[i] with { HeartRate = 80 }) && Spike(patient[i] with { Spo2 = 98 }), "one vital spikes, not both");
            }
        }

        Assert.All(readings.Where(r => !Spike(r)), r => Assert.InRange(r.HeartRate!.Value, 30, 190));
        // 1,200 monitored hours at 2 an hour: about 2,280 spikes, 5% fewer than 2,400 because two within one interval
        // count once and a spike never follows a spike; Poisson SD about 50, so 1.7–2.2 an hour.
        Assert.InRange(spikes / 1200.0, 1.7, 2.2);
    }

    [Fact]
    public void Readings_EveryValue_IsRoundedToDeviceResolution()
    {
        var options = new VitalsSimulationOptions { EpisodeShare = 0.5, CopdShare = 0.2, ProbeOffPerHour = 2, MotionSpikesPerHour = 2 };
        var readings = new VitalsSimulator(Ward(30), 23, Start, TimeSpan.FromHours(12), options).Readings().ToArray();

        foreach (var r in readings)
        {
            foreach (var whole in new[] { r.RespirationRate, r.Spo2, r.SystolicBp, r.HeartRate })
            {
                Assert.True(whole is null || whole == Math.Round(whole.Value), $"{whole} is not a whole number");
            }

            Assert.True(r.Spo2 is null or <= 100, $"SpO2 {r.Spo2} above 100%");
        }

        // As the JSON says it: temperature with at most one decimal, the others without any.
        foreach (var line in readings.Select(VitalsJson.ToLine))
        {
            Assert.Matches(TemperatureWithOneDecimal(), line);
            Assert.DoesNotMatch(WholeVitalWithDecimals(), line);
        }
    }

    [Theory]
    // a share above 1
    [InlineData(nameof(VitalsSimulationOptions.CopdShare), 1.5)]
    // a negative share
    [InlineData(nameof(VitalsSimulationOptions.EpisodeShare), -0.1)]
    // artefacts more than once a minute
    [InlineData(nameof(VitalsSimulationOptions.MotionSpikesPerHour), 61.0)]
    public void Options_OutOfRange_FailNamingTheOption(string name, double value)
    {
        var options = new VitalsSimulationOptions();
        typeof(VitalsSimulationOptions).GetProperty(name)!.SetValue(options, value);

        var error = Assert.Throws<ValidationException>(() => new VitalsSimulator(Ward(1), 1, Start, TimeSpan.FromHours(1), options));

        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void Options_RampMinAboveMax_FailNamingTheOption()
    {
        var options = new VitalsSimulationOptions { EpisodeRampMin = TimeSpan.FromHours(7) };

        var error = Assert.Throws<ValidationException>(() => new VitalsSimulator(Ward(1), 1, Start, TimeSpan.FromHours(1), options));

        Assert.Contains(nameof(VitalsSimulationOptions.EpisodeRampMin), error.Message);
    }

    [Fact]
    public void Patients_ListedTwice_AreRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new VitalsSimulator([new("P1"), new("P1")], 1, Start, TimeSpan.FromHours(1)));

        Assert.Contains("P1", error.Message);
    }

    /// <summary>
    /// Every patient deteriorates toward <paramref name="kind"/> (no COPD, no artefacts); the readings after each
    /// episode fully developed, per patient. 16 h leaves room for onsets in the first 8 h and ramps of up to 6 h.
    /// </summary>
    private static (PatientPlan Plan, VitalReading[] Readings)[] LateInEpisodes(Deterioration kind)
    {
        var options = Quiet();
        options.EpisodeShare = 1;
        options.Deteriorations = [kind];
        var simulator = new VitalsSimulator(Ward(30), 29, Start, TimeSpan.FromHours(16), options);
        var plans = simulator.Plans.ToDictionary(p => p.PatientId);

        var late = simulator.Readings()
            .Where(r => r.ObservedAt >= plans[r.PatientId].Episode!.FullyDevelopedAt)
            .GroupBy(r => r.PatientId)
            .Select(g => (plans[g.Key], g.ToArray()))
            .ToArray();

        Assert.Equal(30, late.Length);
        Assert.All(late, p => Assert.True(p.Item2.Length >= 60, $"{p.Item1.PatientId} has only {p.Item2.Length} late readings"));
        return late;
    }

    /// <summary>
    /// Each patient's median is in the range, and at least 80% of all late readings are: each reading scatters around
    /// the patient's target with the vital's noise (SD about 4 for HR, 3 for SBP, 1.3 for RR, 0.8 for SpO2, 0.1 °C),
    /// so some readings fall just outside a range 10 units wide, as on a real ward.
    /// </summary>
    private static void AssertMostlyIn((PatientPlan Plan, VitalReading[] Readings)[] late, Func<VitalReading, double?> vital, double low, double high)
    {
        foreach (var (plan, readings) in late)
        {
            var median = Median(readings.Select(r => vital(r)!.Value));
            Assert.True(median >= low && median <= high, $"{plan.PatientId}: median {median} outside {low}–{high}");
        }

        var all = late.SelectMany(p => p.Readings).Select(r => vital(r)!.Value).ToArray();
        var inside = all.Count(v => v >= low && v <= high);
        Assert.True(inside >= 0.8 * all.Length, $"only {inside} of {all.Length} late readings in {low}–{high}");
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    [GeneratedRegex("\"temperatureC\":(null|\\d+(\\.\\d)?)[,}]")]
    private static partial Regex TemperatureWithOneDecimal();

    [GeneratedRegex("\"(respirationRate|spo2|systolicBp|heartRate)\":\\d+\\.")]
    private static partial Regex WholeVitalWithDecimals();
}
