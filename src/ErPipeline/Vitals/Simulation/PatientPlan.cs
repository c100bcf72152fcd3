using System.Globalization;
using System.Text.Json.Serialization;

namespace ErPipeline.Vitals.Simulation;

/// <summary>The clinical pictures a simulated patient can deteriorate toward (shared/DOMAIN.md §3).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Deterioration>))]
public enum Deterioration
{
    /// <summary>T 38.5–39.5 °C, HR 110–130, RR 22–28, SBP 90–100, then new confusion.</summary>
    Sepsis,

    /// <summary>RR 25–30, SpO2 88–91 (lower for COPD), then oxygen goes on; saturation stays low despite it.</summary>
    RespiratoryFailure,

    /// <summary>HR up to about 120–130, SBP down to about 80–95, RR a little up.</summary>
    Haemorrhage,

    /// <summary>RR 8 or less, then responsive only to voice, then only to pain; SpO2, HR and SBP a little down.</summary>
    OpioidToxicity,
}

/// <summary>A patient to put on a simulated monitor. Age and COPD come from the warehouse when it knows them (null: unknown).</summary>
public sealed record MonitoredPatient(string PatientId, int? Age = null, bool? Copd = null)
{
    /// <summary>A made-up patient, <c>SIM-0001</c> for number 1.</summary>
    public static MonitoredPatient Synthetic(int number) => new(SyntheticId(number));

    public static string SyntheticId(int number) => string.Create(CultureInfo.InvariantCulture, $"SIM-{number:D4}");
}

/// <summary>A patient's resting values, around which the readings wander while nothing is wrong.</summary>
public sealed record VitalBaseline(double HeartRate, double SystolicBp, double RespirationRate, double Spo2, double TemperatureC);

/// <summary>
/// One deterioration: from <see cref="Onset"/> the vitals drift toward the archetype, reaching it at
/// <see cref="FullyDevelopedAt"/> and staying there.
/// </summary>
public sealed record DeteriorationEpisode(Deterioration Kind, DateTimeOffset Onset, DateTimeOffset FullyDevelopedAt);

/// <summary>
/// What the simulator decided about one patient before the first reading: the ground truth an alerting test or a
/// demo can compare against.
/// </summary>
public sealed record PatientPlan(
    string PatientId,
    string DeviceId,
    bool Copd,
    VitalBaseline Baseline,
    DeteriorationEpisode? Episode,
    TimeSpan FirstReadingOffset)
{
    /// <summary>The NEWS2 SpO2 scale the patient's readings carry: 2 for COPD, otherwise 1.</summary>
    public int Spo2Scale => Copd ? 2 : 1;
}
