using System.Text.Json;
using ErPipeline.Vitals;

namespace ErPipeline.Alerts;

/// <summary>
/// Everything the engine remembers about one patient: the last reading it processed, how long readings have stayed
/// at or below each band, the open clinical and technical alerts, and the last few closed ones with their times
/// (for alert KPIs). Serialised as JSON (<see cref="AlertsJson"/>) so any store can keep it.
/// </summary>
public sealed class AlertState
{
    /// <summary>Closed alerts kept per patient: enough to report acknowledgement times, small enough for one table entity.</summary>
    public const int ClosedKept = 10;

    public required string PatientId { get; init; }

    /// <summary>The latest <c>observedAt</c> processed; readings at or before it are redeliveries or out of order.</summary>
    public DateTimeOffset? LastObservedAt { get; set; }

    public BandRun LowMedium { get; set; } = new();

    public BandRun Medium { get; set; } = new();

    public BandRun High { get; set; } = new();

    /// <summary>Consecutive incomplete readings (missing or impossible values).</summary>
    public int IncompleteReadings { get; set; }

    /// <summary>Since when readings have been complete; null after an incomplete one.</summary>
    public DateTimeOffset? CompleteSince { get; set; }

    public AlertRecord? Clinical { get; set; }

    public AlertRecord? Technical { get; set; }

    /// <summary>When the next reminder or escalation falls due (engine clock); null when none will.</summary>
    public DateTimeOffset? NextDueAt { get; set; }

    /// <summary>
    /// Recently closed alerts, oldest first, at most <see cref="ClosedKept"/>. History: nothing changes an alert once
    /// it is closed, and copies of the state share these records (<see cref="Copy"/>).
    /// </summary>
    public IList<AlertRecord> Closed { get; init; } = [];

    /// <summary>The run of readings relative to an alerting band (LowMedium, Medium or High).</summary>
    public BandRun Run(News2Band band) => band switch
    {
        News2Band.LowMedium => LowMedium,
        News2Band.Medium => Medium,
        News2Band.High => High,
        _ => throw new ArgumentOutOfRangeException(nameof(band), band, "Low is not an alerting band."),
    };

    /// <summary>
    /// A copy that shares nothing with this state that the engine changes: the band runs and open alerts are copied,
    /// the list of closed alerts too, but not the closed alerts themselves, which are history (up to ten per patient,
    /// and copying them was most of the cost of a read and a save).
    /// </summary>
    public AlertState Copy() => new()
    {
        PatientId = PatientId,
        LastObservedAt = LastObservedAt,
        LowMedium = LowMedium.Copy(),
        Medium = Medium.Copy(),
        High = High.Copy(),
        IncompleteReadings = IncompleteReadings,
        CompleteSince = CompleteSince,
        Clinical = Clinical?.Copy(),
        Technical = Technical?.Copy(),
        NextDueAt = NextDueAt,
        Closed = new List<AlertRecord>(Closed),
    };

    /// <summary>
    /// Makes <paramref name="target"/>, another copy of this patient's state, equal to this one as <see cref="Copy"/>
    /// would, but in its own objects where it can (band runs, an open alert that is still the same alert): a store's
    /// copy updated in place, instead of a new copy per save that outlives young-generation collections.
    /// </summary>
    internal void CopyTo(AlertState target)
    {
        if (target.PatientId != PatientId)
        {
            throw new ArgumentException($"The state of patient {PatientId} cannot be copied onto patient {target.PatientId}'s.", nameof(target));
        }

        target.LastObservedAt = LastObservedAt;
        LowMedium.CopyTo(target.LowMedium);
        Medium.CopyTo(target.Medium);
        High.CopyTo(target.High);
        target.IncompleteReadings = IncompleteReadings;
        target.CompleteSince = CompleteSince;
        target.Clinical = AlertRecord.CopyOnto(Clinical, target.Clinical);
        target.Technical = AlertRecord.CopyOnto(Technical, target.Technical);
        target.NextDueAt = NextDueAt;
        target.Closed.Clear();
        foreach (var alert in Closed)
        {
            target.Closed.Add(alert);
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, AlertsJson.Default.AlertState);

    public static AlertState FromJson(string json) =>
        JsonSerializer.Deserialize(json, AlertsJson.Default.AlertState) ?? throw new JsonException("Alert state is null; expected a JSON object.");
}

/// <summary>Where the latest complete readings stand against one band: how many in a row at or above it, or since when below it.</summary>
public sealed class BandRun
{
    /// <summary>Consecutive complete readings at or above the band (persistence).</summary>
    public int AtOrAbove { get; set; }

    /// <summary>Since when readings have been below the band (cooling); null while the latest is at or above it.</summary>
    public DateTimeOffset? BelowSince { get; set; }

    /// <summary>A copy (the properties are values).</summary>
    public BandRun Copy() => (BandRun)MemberwiseClone();

    internal void CopyTo(BandRun target)
    {
        target.AtOrAbove = AtOrAbove;
        target.BelowSince = BelowSince;
    }
}

/// <summary>One alert's life, with the times alert KPIs need: raised, paged, escalated, acknowledged, cleared.</summary>
public sealed class AlertRecord
{
    public required string AlertId { get; init; }

    public required AlertKind Kind { get; init; }

    /// <summary>Clinical: the band the alert stands at now (it steps down, unpaged, as the patient improves). Null for technical.</summary>
    public News2Band? Band { get; set; }

    /// <summary>Clinical: the highest band paged.</summary>
    public News2Band? PeakBand { get; set; }

    /// <summary>When the engine raised the alert (its clock).</summary>
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>When the engine last paged it: the raise or the latest worsening.</summary>
    public DateTimeOffset PagedAt { get; set; }

    /// <summary><c>observedAt</c> of the reading that caused the latest page, in ticks: part of the dedupe keys.</summary>
    public long PagedReadingTicks { get; set; }

    /// <summary>When the last message of this alert went out (page, reminder or escalation).</summary>
    public DateTimeOffset LastNotifiedAt { get; set; }

    /// <summary>Reminders and escalations since the latest page.</summary>
    public int Notifications { get; set; }

    public DateTimeOffset? FirstEscalatedAt { get; set; }

    public int Escalations { get; set; }

    /// <summary>Acknowledgement of the latest page; a worsening asks for a new one.</summary>
    public DateTimeOffset? AcknowledgedAt { get; set; }

    public string? AcknowledgedBy { get; set; }

    public DateTimeOffset? FirstAcknowledgedAt { get; set; }

    public DateTimeOffset? ClearedAt { get; set; }

    /// <summary>The latest reading that bears on the alert; reminders repeat its values. Dropped when the alert closes.</summary>
    public ScoreSnapshot? Latest { get; set; }

    /// <summary>A copy: the properties are values, strings and an immutable snapshot, so a shallow copy shares nothing that changes.</summary>
    public AlertRecord Copy() => (AlertRecord)MemberwiseClone();

    /// <summary>
    /// <paramref name="source"/> copied onto <paramref name="target"/> when that is the same alert (its identity is
    /// init-only), otherwise a new copy; null for null.
    /// </summary>
    internal static AlertRecord? CopyOnto(AlertRecord? source, AlertRecord? target)
    {
        if (source is null)
        {
            return null;
        }

        if (target is null || target.AlertId != source.AlertId || target.Kind != source.Kind || target.RaisedAt != source.RaisedAt)
        {
            return source.Copy();
        }

        target.Band = source.Band;
        target.PeakBand = source.PeakBand;
        target.PagedAt = source.PagedAt;
        target.PagedReadingTicks = source.PagedReadingTicks;
        target.LastNotifiedAt = source.LastNotifiedAt;
        target.Notifications = source.Notifications;
        target.FirstEscalatedAt = source.FirstEscalatedAt;
        target.Escalations = source.Escalations;
        target.AcknowledgedAt = source.AcknowledgedAt;
        target.AcknowledgedBy = source.AcknowledgedBy;
        target.FirstAcknowledgedAt = source.FirstAcknowledgedAt;
        target.ClearedAt = source.ClearedAt;
        target.Latest = source.Latest;
        return target;
    }
}

/// <summary>What a message needs of one scored reading.</summary>
public sealed record ScoreSnapshot(
    DateTimeOffset ObservedAt,
    int Total,
    News2Band Band,
    bool RedScore,
    IReadOnlyList<ParameterScore> Parameters,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Implausible)
{
    public static ScoreSnapshot From(DateTimeOffset observedAt, News2Score score)
    {
        ArgumentNullException.ThrowIfNull(score);
        return new(observedAt, score.Total, score.Band, score.RedScore, score.Parameters, score.Missing, score.Implausible);
    }
}
