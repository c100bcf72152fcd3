using System.Globalization;

namespace ErPipeline.Vitals;

/// <summary>
/// NEWS2 (Royal College of Physicians, 2017; shared/DOMAIN.md §1), exactly: readings are rounded first (whole numbers
/// for respiration, SpO2, systolic pressure and pulse, one decimal for temperature, half away from zero), each of the
/// seven parameters scores 0–3, the total decides the band, and a 3 in any physiological parameter is a red score.
/// Missing or physiologically impossible values are not guessed: they are listed, and the score is incomplete.
/// </summary>
public static class News2Scorer
{
    public const string RespirationRate = "respirationRate";
    public const string Spo2 = "spo2";
    public const string AirOrOxygen = "onOxygen";
    public const string SystolicBp = "systolicBp";
    public const string HeartRate = "heartRate";
    public const string Consciousness = "consciousness";
    public const string Temperature = "temperatureC";

    // Values outside these ranges cannot come from a living adult: they are device faults (technical alerts).
    private static readonly (decimal Min, decimal Max) RespirationRange = (1, 80);
    private static readonly (decimal Min, decimal Max) Spo2Range = (40, 100);
    private static readonly (decimal Min, decimal Max) SystolicRange = (40, 300);
    private static readonly (decimal Min, decimal Max) HeartRateRange = (20, 300);
    private static readonly (decimal Min, decimal Max) TemperatureRange = (25.0m, 45.0m);

    // Every parameter a whole-number reading (or a temperature to one decimal) in the plausible range can score, made
    // once: a reading then allocates only its list and its score. Indexed by the rounded value (temperature: tenths).
    private static readonly ParameterScore?[] RespirationScores = WholeScores(RespirationRate, RespirationRange, RespirationPoints);
    private static readonly ParameterScore?[] Spo2Scale1Scores = WholeScores(Spo2, Spo2Range, Spo2Scale1Points);
    private static readonly ParameterScore?[] Spo2Scale2AirScores = WholeScores(Spo2, Spo2Range, v => Spo2Scale2Points(v, onOxygen: false));
    private static readonly ParameterScore?[] Spo2Scale2OxygenScores = WholeScores(Spo2, Spo2Range, v => Spo2Scale2Points(v, onOxygen: true));
    private static readonly ParameterScore?[] SystolicScores = WholeScores(SystolicBp, SystolicRange, SystolicPoints);
    private static readonly ParameterScore?[] PulseScores = WholeScores(HeartRate, HeartRateRange, PulsePoints);
    private static readonly ParameterScore?[] TemperatureWholeScores = WholeScores(Temperature, TemperatureRange, TemperaturePoints);
    private static readonly ParameterScore?[] TemperatureTenthScores = TenthScores(Temperature, TemperatureRange, TemperaturePoints);
    private static readonly ParameterScore OnAir = new(AirOrOxygen, "air", 0);
    private static readonly ParameterScore OnOxygen = new(AirOrOxygen, "oxygen", 2);
    private static readonly ParameterScore[] ConsciousnessScores =
        [.. Enum.GetValues<Vitals.Consciousness>().Select(c => new ParameterScore(Consciousness, c.ToString(), c == Vitals.Consciousness.A ? 0 : 3))];

    /// <summary>Values outside these ranges cannot come from a living adult: they are device faults (technical alerts).</summary>
    public static readonly IReadOnlyDictionary<string, (decimal Min, decimal Max)> PlausibleRanges = new Dictionary<string, (decimal, decimal)>
    {
        [RespirationRate] = RespirationRange,
        [Spo2] = Spo2Range,
        [SystolicBp] = SystolicRange,
        [HeartRate] = HeartRateRange,
        [Temperature] = TemperatureRange,
    };

    public static News2Score Score(VitalReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var parameters = new List<ParameterScore>(7);
        List<string>? missing = null;
        List<string>? implausible = null;

        if (Measured(RespirationRate, reading.RespirationRate, 0, RespirationRange, ref missing, ref implausible) is { } rr)
        {
            parameters.Add(Scored(RespirationScores, Whole(rr), RespirationRate, rr, RespirationPoints));
        }

        if (reading.Spo2Scale is not (1 or 2))
        {
            (implausible ??= []).Add("spo2Scale");
        }

        var spo2 = Measured(Spo2, reading.Spo2, 0, Spo2Range, ref missing, ref implausible);
        if (spo2 is { } saturation && reading.Spo2Scale is 1 or 2)
        {
            if (reading.Spo2Scale == 1)
            {
                parameters.Add(Scored(Spo2Scale1Scores, Whole(saturation), Spo2, saturation, Spo2Scale1Points));
            }
            else if (saturation <= 92 || reading.OnOxygen is not null)
            {
                parameters.Add(reading.OnOxygen == true
                    ? Scored(Spo2Scale2OxygenScores, Whole(saturation), Spo2, saturation, v => Spo2Scale2Points(v, onOxygen: true))
                    : Scored(Spo2Scale2AirScores, Whole(saturation), Spo2, saturation, v => Spo2Scale2Points(v, onOxygen: false)));
            }
        }

        if (reading.OnOxygen is { } oxygen)
        {
            parameters.Add(oxygen ? OnOxygen : OnAir);
        }
        else
        {
            (missing ??= []).Add(AirOrOxygen);
        }

        if (Measured(SystolicBp, reading.SystolicBp, 0, SystolicRange, ref missing, ref implausible) is { } sbp)
        {
            parameters.Add(Scored(SystolicScores, Whole(sbp), SystolicBp, sbp, SystolicPoints));
        }

        if (Measured(HeartRate, reading.HeartRate, 0, HeartRateRange, ref missing, ref implausible) is { } pulse)
        {
            parameters.Add(Scored(PulseScores, Whole(pulse), HeartRate, pulse, PulsePoints));
        }

        if (reading.Consciousness is { } acvpu)
        {
            parameters.Add((uint)acvpu < (uint)ConsciousnessScores.Length
                ? ConsciousnessScores[(int)acvpu]
                : new ParameterScore(Consciousness, acvpu.ToString(), 3));
        }
        else
        {
            (missing ??= []).Add(Consciousness);
        }

        if (Measured(Temperature, reading.TemperatureC, 1, TemperatureRange, ref missing, ref implausible) is { } temperature)
        {
            parameters.Add(temperature.Scale == 1
                ? Scored(TemperatureTenthScores, (int)(temperature * 10), Temperature, temperature, TemperaturePoints)
                : Scored(TemperatureWholeScores, Whole(temperature), Temperature, temperature, TemperaturePoints));
        }

        var total = 0;
        var red = false;
        foreach (var parameter in parameters)
        {
            total += parameter.Points;
            red |= parameter.Points == 3 && parameter.Name != AirOrOxygen;
        }

        return new News2Score(total, Band(total, red), red, parameters, missing ?? (IReadOnlyList<string>)[], implausible ?? (IReadOnlyList<string>)[]);
    }

    /// <summary>RCP chart 3: 7 or more High; 5–6 Medium; a red score with a total of 4 or less LowMedium; else Low.</summary>
    public static News2Band Band(int total, bool redScore) => total switch
    {
        >= 7 => News2Band.High,
        >= 5 => News2Band.Medium,
        _ when redScore => News2Band.LowMedium,
        _ => News2Band.Low,
    };

    public static int RespirationPoints(decimal rate) => rate switch
    {
        <= 8 => 3,
        <= 11 => 1,
        <= 20 => 0,
        <= 24 => 2,
        _ => 3,
    };

    public static int Spo2Scale1Points(decimal spo2) => spo2 switch
    {
        <= 91 => 3,
        <= 93 => 2,
        <= 95 => 1,
        _ => 0,
    };

    /// <summary>Scale 2 (hypercapnic respiratory failure): 88–92 scores 0, and so does 93 or more on air.</summary>
    public static int Spo2Scale2Points(decimal spo2, bool onOxygen) => spo2 switch
    {
        <= 83 => 3,
        <= 85 => 2,
        <= 87 => 1,
        <= 92 => 0,
        _ when !onOxygen => 0,
        <= 94 => 1,
        <= 96 => 2,
        _ => 3,
    };

    public static int SystolicPoints(decimal sbp) => sbp switch
    {
        <= 90 => 3,
        <= 100 => 2,
        <= 110 => 1,
        <= 219 => 0,
        _ => 3,
    };

    public static int PulsePoints(decimal pulse) => pulse switch
    {
        <= 40 => 3,
        <= 50 => 1,
        <= 90 => 0,
        <= 110 => 1,
        <= 130 => 2,
        _ => 3,
    };

    public static int TemperaturePoints(decimal celsius) => celsius switch
    {
        <= 35.0m => 3,
        <= 36.0m => 1,
        <= 38.0m => 0,
        <= 39.0m => 1,
        _ => 2,
    };

    /// <summary>
    /// Rounds half away from zero in decimal, so that 35.05 °C is 35.1 and 20.5 /min is 21 (in binary floating
    /// point 35.05 is a hair below, and would round down).
    /// </summary>
    public static decimal Round(double value, int decimals) =>
        Math.Round((decimal)value, decimals, MidpointRounding.AwayFromZero);

    private static decimal? Measured(
        string name, double? value, int decimals, (decimal Min, decimal Max) range, ref List<string>? missing, ref List<string>? implausible)
    {
        if (value is not { } raw)
        {
            (missing ??= []).Add(name);
            return null;
        }

        var (min, max) = range;
        if (!double.IsFinite(raw) || raw < (double)min - 1 || raw > (double)max + 1)
        {
            (implausible ??= []).Add(name);
            return null;
        }

        // A whole number (what monitors send) converts to the same decimal as rounding would give, without it.
        var rounded = raw == Math.Floor(raw) ? new decimal((int)raw) : Round(raw, decimals);
        if (rounded < min || rounded > max)
        {
            (implausible ??= []).Add(name);
            return null;
        }

        return rounded;
    }

    /// <summary>The parameter's score: the one made beforehand at <paramref name="index"/> if there is one, else a new one.</summary>
    private static ParameterScore Scored(ParameterScore?[] known, int index, string name, decimal value, Func<decimal, int> points) =>
        (uint)index < (uint)known.Length && known[index] is { } score
            ? score
            : new(name, value.ToString(CultureInfo.InvariantCulture), points(value));

    /// <summary>The index of a value written without decimals, or -1.</summary>
    private static int Whole(decimal value) => value.Scale == 0 && value >= 0 && value <= int.MaxValue ? (int)value : -1;

    private static ParameterScore?[] WholeScores(string name, (decimal Min, decimal Max) range, Func<decimal, int> points)
    {
        var scores = new ParameterScore?[(int)range.Max + 1];
        for (var value = (int)Math.Ceiling(range.Min); value <= range.Max; value++)
        {
            scores[value] = new(name, value.ToString(CultureInfo.InvariantCulture), points(value));
        }

        return scores;
    }

    /// <summary>Scores at one decimal, written with it ("37.0"), indexed by tenths.</summary>
    private static ParameterScore?[] TenthScores(string name, (decimal Min, decimal Max) range, Func<decimal, int> points)
    {
        var scores = new ParameterScore?[(int)(range.Max * 10) + 1];
        for (var tenths = (int)(range.Min * 10); tenths <= range.Max * 10; tenths++)
        {
            var value = new decimal(tenths, 0, 0, false, 1);
            scores[tenths] = new(name, value.ToString(CultureInfo.InvariantCulture), points(value));
        }

        return scores;
    }
}
