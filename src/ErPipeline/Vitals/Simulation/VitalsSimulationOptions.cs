using System.ComponentModel.DataAnnotations;

namespace ErPipeline.Vitals.Simulation;

/// <summary>
/// How simulated monitors behave: reading interval, who has COPD or deteriorates, and how often artefacts occur.
/// The defaults give a ward that looks real (shared/DOMAIN.md §3); rates are per monitored hour, so they do not
/// change with the interval.
/// </summary>
public sealed class VitalsSimulationOptions : IValidatableObject
{
    /// <summary>One reading per patient this often. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Share of patients with COPD (SpO2 scale 2, baseline SpO2 88–92) when the patient's record does not say.
    /// Default 0.10.
    /// </summary>
    [Range(0.0, 1.0)]
    public double CopdShare { get; set; } = 0.10;

    /// <summary>Share of patients who deteriorate during the run. Default 0.20.</summary>
    [Range(0.0, 1.0)]
    public double EpisodeShare { get; set; } = 0.20;

    /// <summary>The archetypes a deteriorating patient is drawn from, each equally likely. Default: all four.</summary>
    public IReadOnlyList<Deterioration> Deteriorations { get; set; } =
        [Deterioration.Sepsis, Deterioration.RespiratoryFailure, Deterioration.Haemorrhage, Deterioration.OpioidToxicity];

    /// <summary>
    /// Episodes begin at a random time within this share of the run, counted from its start, so that most of them
    /// develop before the run ends. Default 0.5 (the first half).
    /// </summary>
    [Range(0.0, 1.0)]
    public double EpisodeOnsetWindow { get; set; } = 0.5;

    /// <summary>Shortest time an episode takes from onset to its archetype. Default 2 h.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00")]
    public TimeSpan EpisodeRampMin { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Longest time an episode takes from onset to its archetype. Default 6 h. Vital signs deteriorate 6–12 h before
    /// serious events (shared/DOMAIN.md §3); shorter ramps let a run of a few hours show whole episodes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "2.00:00:00")]
    public TimeSpan EpisodeRampMax { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// How often, per monitored hour, the finger probe comes off: SpO2 and heart rate are null until it is back.
    /// Default 0.5 (about once in two hours).
    /// </summary>
    [Range(0.0, 60.0)]
    public double ProbeOffPerHour { get; set; } = 0.5;

    /// <summary>Shortest time the probe stays off. Default 1 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ProbeOffMin { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Longest time the probe stays off. Default 5 min.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ProbeOffMax { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often, per monitored hour, movement makes one reading implausible: heart rate 200–300 or SpO2 40–75 for
    /// that reading only. Default 1.
    /// </summary>
    [Range(0.0, 60.0)]
    public double MotionSpikesPerHour { get; set; } = 1.0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EpisodeRampMin > EpisodeRampMax)
        {
            yield return new ValidationResult($"{nameof(EpisodeRampMin)} must not exceed {nameof(EpisodeRampMax)}.", [nameof(EpisodeRampMin)]);
        }

        if (ProbeOffMin > ProbeOffMax)
        {
            yield return new ValidationResult($"{nameof(ProbeOffMin)} must not exceed {nameof(ProbeOffMax)}.", [nameof(ProbeOffMin)]);
        }

        if (EpisodeShare > 0 && (Deteriorations is null || Deteriorations.Count == 0))
        {
            yield return new ValidationResult($"{nameof(Deteriorations)} must name at least one archetype when {nameof(EpisodeShare)} is above 0.", [nameof(Deteriorations)]);
        }

        if (Interval.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            yield return new ValidationResult($"{nameof(Interval)} must be a whole number of seconds.", [nameof(Interval)]);
        }
    }
}
