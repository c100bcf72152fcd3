using ErPipeline.Vitals;

namespace ErPipeline.Alerts;

/// <summary>The response each NEWS2 band requires (RCP 2017 charts 3 and 4; shared/DOMAIN.md §1), as alert messages state it.</summary>
public static class ClinicalResponse
{
    public const string Routine = "Routine care; monitoring at least every 12 hours.";
    public const string NurseAssesses = "A registered nurse assesses; monitoring at least every 4 to 6 hours.";
    public const string UrgentWardReview = "Urgent ward-based review by the medical team; monitoring at least hourly.";
    public const string UrgentResponse = "Urgent response: clinician assessment within 1 hour; monitoring at least hourly.";
    public const string EmergencyResponse = "Emergency response: assessment by the critical-care team within 30 minutes; continuous monitoring.";
    public const string MonitoringRestored = "Monitoring restored: every parameter is present and plausible again.";

    /// <summary>The response to a score: its band, and for Low its total (0 is routine, 1–4 a nurse's assessment).</summary>
    public static string For(News2Band band, int total) => band switch
    {
        News2Band.High => EmergencyResponse,
        News2Band.Medium => UrgentResponse,
        News2Band.LowMedium => UrgentWardReview,
        _ when total == 0 => Routine,
        _ => NurseAssesses,
    };

    /// <summary>What a technical alert asks for: the parameters that are missing or impossible, by name.</summary>
    public static string Technical(IReadOnlyCollection<string> missing, IReadOnlyCollection<string> implausible)
    {
        ArgumentNullException.ThrowIfNull(missing);
        ArgumentNullException.ThrowIfNull(implausible);
        var faults = new List<string>(2);
        if (missing.Count > 0)
        {
            faults.Add("missing " + string.Join(", ", missing));
        }

        if (implausible.Count > 0)
        {
            faults.Add("impossible values for " + string.Join(", ", implausible));
        }

        return $"Check the monitor and its probes ({string.Join("; ", faults)}): NEWS2 cannot be scored in full until they are back.";
    }
}
