using System.ComponentModel.DataAnnotations;

namespace ErPipeline.Kpis;

/// <summary>Settings of the KPI feed (section <c>Kpis</c>).</summary>
public sealed class KpiOptions : IValidatableObject
{
    public const string Section = "Kpis";

    /// <summary>Counts from 1 to this minus one are suppressed for analysts (<c>Kpis__MinimumCellCount</c>).</summary>
    [Range(1, 1000)]
    public int MinimumCellCount { get; set; } = 11;

    /// <summary>
    /// Wait target in minutes per triage level, keys 1–5 (<c>Kpis__TriageTargetMinutes__3 = 30</c>).
    /// CTAS by default: 0, 15, 30, 60, 120 (shared/DOMAIN.md §4).
    /// </summary>
    public Dictionary<string, int> TriageTargetMinutes { get; set; } = new(StringComparer.Ordinal)
    {
        ["1"] = 0,
        ["2"] = 15,
        ["3"] = 30,
        ["4"] = 60,
        ["5"] = 120,
    };

    /// <summary>
    /// How long the data watermark (last load time) is trusted before it is read again, in seconds
    /// (<c>Kpis__WatermarkRefreshSeconds</c>). Loads in the same process invalidate it at once; this bounds how late
    /// a load by another instance shows.
    /// </summary>
    [Range(0, 3600)]
    public int WatermarkRefreshSeconds { get; set; } = 10;

    /// <summary>How many answers the feed keeps in memory (<c>Kpis__CacheEntries</c>).</summary>
    [Range(0, 100_000)]
    public int CacheEntries { get; set; } = 512;

    /// <summary>How many sections of the document are computed at once (<c>Kpis__ParallelQueries</c>).</summary>
    [Range(1, 16)]
    public int ParallelQueries { get; set; } = 2;

    /// <summary>The target of a triage level (1–5).</summary>
    public int TargetMinutes(int triageLevel) => TriageTargetMinutes[triageLevel.ToString(System.Globalization.CultureInfo.InvariantCulture)];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var level = 1; level <= 5; level++)
        {
            var key = level.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!TriageTargetMinutes.TryGetValue(key, out var minutes))
            {
                yield return new ValidationResult($"Kpis:TriageTargetMinutes:{key} is missing: every triage level 1–5 needs a target.", [nameof(TriageTargetMinutes)]);
            }
            else if (minutes is < 0 or > 1440)
            {
                yield return new ValidationResult($"Kpis:TriageTargetMinutes:{key} is {minutes}: a target is 0–1440 minutes.", [nameof(TriageTargetMinutes)]);
            }
        }

        foreach (var key in TriageTargetMinutes.Keys.Where(k => k is not ("1" or "2" or "3" or "4" or "5")))
        {
            yield return new ValidationResult($"Kpis:TriageTargetMinutes:{key} is not a triage level (1–5).", [nameof(TriageTargetMinutes)]);
        }
    }
}
