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

    /// <summary>Values outside these ranges cannot come from a living adult: they are device faults (technical alerts).</summary>
    public static readonly IReadOnlyDictionary<string, (decimal Min, decimal Max)> PlausibleRanges = new Dictionary<string, (decimal, decimal)>
    {
        [RespirationRate] = (1, 80),
        [Spo2] = (40, 100),
        [SystolicBp] = (40, 300),
        [HeartRate] = (20, 300),
        [Temperature] = (25.0m, 45.0m),
    };

    public static News2Score Score(VitalReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var parameters = new List<ParameterScore>(7);
        var missing = new List<string>();
        var implausible = new List<string>();

        var respiration = Measured(RespirationRate, reading.RespirationRate, 0, missing, implausible);
        if (respiration is { } rr)
        {
            parameters.Add(Scored(RespirationRate, rr, RespirationPoints(rr)));
        }

        if (reading.Spo2Scale is not (1 or 2))
        {
            implausible.Add("spo2Scale");
        }

        var spo2 = Measured(Spo2, reading.Spo2, 0, missing, implausible);
        if (spo2 is { } saturation && reading.Spo2Scale is 1 or 2)
        {
            if (reading.Spo2Scale == 1)
            {
                parameters.Add(Scored(Spo2, saturation, Spo2Scale1Points(saturation)));
            }
            else if (saturation <= 92 || reading.OnOxygen is not null)
            {
                parameters.Add(Scored(Spo2, saturation, Spo2Scale2Points(saturation, reading.OnOxygen == true)));
            }
        }

        if (reading.OnOxygen is { } oxygen)
        {
            parameters.Add(new ParameterScore(AirOrOxygen, oxygen ? "oxygen" : "air", oxygen ? 2 : 0));
        }
        else
        {
            missing.Add(AirOrOxygen);
        }

        if (Measured(SystolicBp, reading.SystolicBp, 0, missing, implausible) is { } sbp)
        {
            parameters.Add(Scored(SystolicBp, sbp, SystolicPoints(sbp)));
        }

        if (Measured(HeartRate, reading.HeartRate, 0, missing, implausible) is { } pulse)
        {
            parameters.Add(Scored(HeartRate, pulse, PulsePoints(pulse)));
        }

        if (reading.Consciousness is { } acvpu)
        {
            parameters.Add(new ParameterScore(Consciousness, acvpu.ToString(), acvpu == Vitals.Consciousness.A ? 0 : 3));
        }
        else
        {
            missing.Add(Consciousness);
        }

        if (Measured(Temperature, reading.TemperatureC, 1, missing, implausible) is { } temperature)
        {
            parameters.Add(Scored(Temperature, temperature, TemperaturePoints(temperature)));
        }

        var total = parameters.Sum(p => p.Points);
        var red = parameters.Any(p => p.Name != AirOrOxygen && p.Points == 3);
        return new News2Score(total, Band(total, red), red, parameters, missing, implausible);
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

    private static decimal? Measured(string name, double? value, int decimals, List<string> missing, List<string> implausible)
    {
        if (value is not { } raw)
        {
            missing.Add(name);
            return null;
        }

        var (min, max) = PlausibleRanges[name];
        if (!double.IsFinite(raw) || raw < (double)min - 1 || raw > (double)max + 1)
        {
            implausible.Add(name);
            return null;
        }

        var rounded = Round(raw, decimals);
        if (rounded < min || rounded > max)
        {
            implausible.Add(name);
            return null;
        }

        return rounded;
    }

    private static ParameterScore Scored(string name, decimal value, int points) =>
        new(name, value.ToString(CultureInfo.InvariantCulture), points);
}
