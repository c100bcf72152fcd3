using System.ComponentModel.DataAnnotations;
using ErPipeline.Vitals;

namespace ErPipeline.Alerts;

/// <summary>
/// Settings of the alert engine, section <c>Alerts</c> (environment: <c>Alerts__PersistenceReadings</c>, ...).
/// The defaults are shared/DOMAIN.md §2's; every number here is a governed alarm policy, not a constant.
/// </summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    /// <summary>Consecutive complete readings at or above a band before it pages (<c>Alerts__PersistenceReadings</c>).</summary>
    [Range(1, 20)]
    public int PersistenceReadings { get; set; } = 2;

    /// <summary>A red score (one parameter scoring 3) pages its band at once, without waiting for persistence (<c>Alerts__PageOnRedScore</c>).</summary>
    public bool PageOnRedScore { get; set; } = true;

    /// <summary>
    /// Parameters whose red score waits for persistence all the same, comma-separated (<c>Alerts__ArtefactProneParameters</c>).
    /// Default <c>spo2,heartRate</c>: both come from the finger probe, and a moving hand gives single readings such as
    /// SpO2 67 or pulse 247 that would otherwise page at once (a 12-hour simulated ward of 50 patients paged 291 times
    /// for such one-minute artefacts out of 326 Low-medium pages). A red score in respiration, blood pressure,
    /// consciousness or temperature still pages at once. Empty: every red score pages at once.
    /// </summary>
    public string ArtefactProneParameters { get; set; } = "spo2,heartRate";

    /// <summary>Whether a red score in this parameter pages at once (see <see cref="ArtefactProneParameters"/>).</summary>
    public bool RedPagesAtOnce(string parameter) =>
        !ArtefactProneParameters.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Contains(parameter, StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How long, by the readings' <c>observedAt</c>, every reading must stay below an alert's band before the alert
    /// steps down or clears (<c>Alerts__CoolingMinutes</c>). 15 minutes: longer than the few-minute swings of a
    /// flapping patient, short against the hourly observations a Medium band asks for.
    /// </summary>
    [Range(0, 1440)]
    public int CoolingMinutes { get; set; } = 15;

    /// <summary>Minutes between notifications of an unacknowledged High alert; 0 sends none (<c>Alerts__HighReminderMinutes</c>).</summary>
    [Range(0, 1440)]
    public int HighReminderMinutes { get; set; } = 5;

    /// <summary>Minutes between notifications of an unacknowledged Medium alert; 0 sends none (<c>Alerts__MediumReminderMinutes</c>).</summary>
    [Range(0, 1440)]
    public int MediumReminderMinutes { get; set; } = 15;

    /// <summary>
    /// Minutes between notifications of an unacknowledged Low-medium alert; 0 sends none
    /// (<c>Alerts__LowMediumReminderMinutes</c>). 30 minutes: twice before the next hourly observation the band asks for.
    /// </summary>
    [Range(0, 1440)]
    public int LowMediumReminderMinutes { get; set; } = 30;

    /// <summary>
    /// Reminders sent before the next notification is an escalation (<c>Alerts__EscalateAfterReminders</c>). With 2,
    /// a High alert reminds at 5 and 10 minutes and escalates at 15, half-way through the 30 minutes its response allows;
    /// the cycle repeats (each escalation is meant for the next tier) until someone acknowledges. 0 escalates at every interval.
    /// </summary>
    [Range(0, 100)]
    public int EscalateAfterReminders { get; set; } = 2;

    /// <summary>
    /// Consecutive incomplete readings (a parameter missing or impossible) before a technical alert pages
    /// (<c>Alerts__TechnicalPersistenceReadings</c>). 3: a single probe-off dropout or motion spike is common and pages nobody.
    /// </summary>
    [Range(1, 100)]
    public int TechnicalPersistenceReadings { get; set; } = 3;

    /// <summary>
    /// How long readings must stay complete before a technical alert clears (<c>Alerts__TechnicalCoolingMinutes</c>).
    /// 5 minutes: a probe that stays on that long has been put back, not flickering.
    /// </summary>
    [Range(0, 1440)]
    public int TechnicalCoolingMinutes { get; set; } = 5;

    /// <summary>
    /// Readings observed longer ago than this (by the engine's clock) are ignored: a backlog after an outage should
    /// not page on the past (<c>Alerts__MaxReadingAgeMinutes</c>). Readings older than the patient's last processed
    /// one are always ignored (redelivery, reordering).
    /// </summary>
    [Range(1, 10080)]
    public int MaxReadingAgeMinutes { get; set; } = 60;

    /// <summary>
    /// Readings dated further ahead of the engine's clock than this are ignored, so that a device with a wrong clock
    /// cannot make every later reading of its patient look old (<c>Alerts__MaxClockSkewMinutes</c>).
    /// </summary>
    [Range(0, 1440)]
    public int MaxClockSkewMinutes { get; set; } = 5;

    /// <summary>
    /// How often the engine re-reads and retries a patient whose state another instance changed meanwhile before it
    /// gives up with an exception (<c>Alerts__ConcurrencyRetries</c>).
    /// </summary>
    [Range(1, 100)]
    public int ConcurrencyRetries { get; set; } = 10;

    internal TimeSpan Cooling => TimeSpan.FromMinutes(CoolingMinutes);

    internal TimeSpan TechnicalCooling => TimeSpan.FromMinutes(TechnicalCoolingMinutes);

    /// <summary>Time between notifications of an unacknowledged alert of the band; zero means none.</summary>
    internal TimeSpan ReminderInterval(News2Band band) => TimeSpan.FromMinutes(band switch
    {
        News2Band.High => HighReminderMinutes,
        News2Band.Medium => MediumReminderMinutes,
        News2Band.LowMedium => LowMediumReminderMinutes,
        _ => 0,
    });
}
