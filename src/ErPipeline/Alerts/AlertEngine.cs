using System.Globalization;
using ErPipeline.Vitals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErPipeline.Alerts;

/// <summary>
/// Turns scored readings into alert messages without alarm fatigue (shared/DOMAIN.md §2): persistence before paging,
/// one alert per patient and kind, a new page only when the band worsens, clearing only after a cooling period,
/// reminders and escalation while unacknowledged, technical faults apart from clinical alerts. State lives in an
/// <see cref="IAlertStateStore"/>; every change is saved with optimistic concurrency, so instances can share it and
/// a redelivered reading changes nothing.
/// </summary>
public sealed partial class AlertEngine(IAlertStateStore store, IOptions<AlertOptions> options, TimeProvider time, ILogger<AlertEngine> logger)
{
    private static readonly News2Band[] AlertingBands = [News2Band.LowMedium, News2Band.Medium, News2Band.High];
    private static readonly IReadOnlyList<AlertMessage> NoMessages = [];

    private readonly AlertOptions _options = options.Value;

    /// <summary>
    /// Processes one scored reading and returns the messages to send, usually none. Readings at or before the
    /// patient's last processed one (redelivery, reordering), too old, or too far in the future are ignored.
    /// Send the messages after this returns: the state that produced them is already saved.
    /// </summary>
    public Task<IReadOnlyList<AlertMessage>> ProcessAsync(VitalReading reading, News2Score score, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentException.ThrowIfNullOrWhiteSpace(reading.PatientId, nameof(reading));

        var now = time.GetUtcNow();
        var observedAt = reading.ObservedAt.ToUniversalTime();
        if (observedAt < now - TimeSpan.FromMinutes(_options.MaxReadingAgeMinutes))
        {
            LogTooOld(reading.PatientId, observedAt, _options.MaxReadingAgeMinutes);
            return Task.FromResult<IReadOnlyList<AlertMessage>>([]);
        }

        if (observedAt > now + TimeSpan.FromMinutes(_options.MaxClockSkewMinutes))
        {
            LogInFuture(reading.PatientId, observedAt, now);
            return Task.FromResult<IReadOnlyList<AlertMessage>>([]);
        }

        var snapshot = ScoreSnapshot.From(observedAt, score);
        return UpdateAsync(reading.PatientId, state => Apply(state, snapshot, score.IsComplete, now), cancellationToken);
    }

    /// <summary>
    /// Reminders and escalations whose time has come (by the injected clock) for unacknowledged alerts. Call it from a
    /// timer; a late call sends one notification per alert, not the ones it missed.
    /// </summary>
    public async Task<IReadOnlyList<AlertMessage>> DueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var messages = new List<AlertMessage>();
        foreach (var patientId in await store.DueAsync(now, cancellationToken).ConfigureAwait(false))
        {
            messages.AddRange(await UpdateAsync(patientId, state => Remind(state, now), cancellationToken).ConfigureAwait(false));
        }

        return messages;
    }

    /// <summary>
    /// Acknowledges the patient's open alerts (only <paramref name="alertId"/> if given): their reminders and
    /// escalations stop until the band worsens. Returns the alerts acknowledged; empty if none is open or matches.
    /// Acknowledging again keeps the first time.
    /// </summary>
    public async Task<IReadOnlyList<AlertRecord>> AcknowledgeAsync(string patientId, string? alertId, string by, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(patientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var now = time.GetUtcNow();
        IReadOnlyList<AlertRecord> acknowledged = [];
        await UpdateAsync(patientId, state =>
        {
            var open = new[] { state.Clinical, state.Technical }
                .OfType<AlertRecord>()
                .Where(a => alertId is null || a.AlertId == alertId)
                .ToList();
            acknowledged = open;
            var changed = false;
            foreach (var alert in open.Where(a => a.AcknowledgedAt is null))
            {
                alert.AcknowledgedAt = now;
                alert.AcknowledgedBy = by;
                alert.FirstAcknowledgedAt ??= now;
                LogAcknowledged(patientId, alert.AlertId, by);
                changed = true;
            }

            return changed ? [] : null;
        }, cancellationToken).ConfigureAwait(false);
        return acknowledged;
    }

    /// <summary>Read, decide, save if the version is unchanged; on a conflict another instance got there first: start over.</summary>
    private async Task<IReadOnlyList<AlertMessage>> UpdateAsync(
        string patientId, Func<AlertState, IReadOnlyList<AlertMessage>?> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await store.GetAsync(patientId, cancellationToken).ConfigureAwait(false);
            var state = stored?.State ?? new AlertState { PatientId = patientId };
            var messages = decide(state);
            if (messages is null)
            {
                return [];
            }

            state.NextDueAt = NextDue(state);
            if (await store.TrySaveAsync(state, stored?.ETag, cancellationToken).ConfigureAwait(false))
            {
                return messages;
            }

            if (attempt >= _options.ConcurrencyRetries)
            {
                throw new InvalidOperationException(
                    $"Alert state of patient {patientId} changed under this instance {attempt} times in a row; giving up (Alerts:ConcurrencyRetries).");
            }

            LogConflict(patientId, attempt);
        }
    }

    /// <summary>The reading's effect on the state and the messages it sends; null when it has none (already processed).</summary>
    private IReadOnlyList<AlertMessage>? Apply(AlertState state, ScoreSnapshot reading, bool complete, DateTimeOffset now)
    {
        if (state.LastObservedAt is { } last && reading.ObservedAt <= last)
        {
            LogAlreadyProcessed(state.PatientId, reading.ObservedAt, last);
            return null;
        }

        state.LastObservedAt = reading.ObservedAt;
        List<AlertMessage>? messages = null;   // most readings send nothing
        if (complete)
        {
            ApplyClinical(state, reading, now, ref messages);
        }
        else
        {
            // A partial score can only be lower than the full one: at or above a band, the patient is at least
            // there, so cooling below it stops. Nothing else: an incomplete reading neither raises nor clears.
            foreach (var band in AlertingBands.Where(b => b <= reading.Band))
            {
                state.Run(band).BelowSince = null;
            }
        }

        ApplyTechnical(state, reading, complete, now, ref messages);
        return messages ?? NoMessages;
    }

    private void ApplyClinical(AlertState state, ScoreSnapshot reading, DateTimeOffset now, ref List<AlertMessage>? messages)
    {
        News2Band? persisted = null;
        foreach (var band in AlertingBands)
        {
            var run = state.Run(band);
            if (reading.Band >= band)
            {
                run.AtOrAbove = Math.Min(run.AtOrAbove + 1, 1_000_000);
                run.BelowSince = null;
                if (run.AtOrAbove >= _options.PersistenceReadings)
                {
                    persisted = band;
                }
            }
            else
            {
                run.AtOrAbove = 0;
                run.BelowSince ??= reading.ObservedAt;
            }
        }

        if (_options.PageOnRedScore && reading.RedScore && reading.Band > News2Band.Low && !(persisted >= reading.Band)
            && reading.Parameters.Any(p => p.Points == 3 && p.Name != News2Scorer.AirOrOxygen && _options.RedPagesAtOnce(p.Name)))
        {
            persisted = reading.Band;
        }

        var alert = state.Clinical;
        if (alert is null)
        {
            if (persisted is { } raise)
            {
                alert = new AlertRecord
                {
                    AlertId = AlertIdFor(state.PatientId, AlertKind.Clinical, reading.ObservedAt),
                    Kind = AlertKind.Clinical,
                    RaisedAt = now,
                    Band = raise,
                    PeakBand = raise,
                };
                Page(alert, reading, now);
                state.Clinical = alert;
                LogRaised(state.PatientId, alert.AlertId, raise, reading.Total);
                (messages ??= []).Add(Message(state.PatientId, alert, AlertEvent.Raised, now, previousBand: null, DedupeKey(alert, AlertEvent.Raised)));
            }

            return;
        }

        alert.Latest = reading;
        var current = alert.Band!.Value;
        if (persisted > current)
        {
            alert.Band = persisted;
            alert.PeakBand = persisted > alert.PeakBand ? persisted : alert.PeakBand;
            Page(alert, reading, now);
            LogWorsened(state.PatientId, alert.AlertId, current, persisted.Value, reading.Total);
            (messages ??= []).Add(Message(state.PatientId, alert, AlertEvent.Raised, now, previousBand: current, DedupeKey(alert, AlertEvent.Raised)));
            return;
        }

        if (!Cooled(state, current, reading.ObservedAt))
        {
            return;
        }

        // Step down to the highest band the readings have not cooled below yet; none left means cleared.
        var remaining = AlertingBands.Where(b => b < current && !Cooled(state, b, reading.ObservedAt)).Cast<News2Band?>().Max();
        if (remaining is { } lower)
        {
            alert.Band = lower;
            LogImproved(state.PatientId, alert.AlertId, current, lower, reading.Total);
            return;
        }

        alert.ClearedAt = now;
        LogCleared(state.PatientId, alert.AlertId, AlertKind.Clinical);
        (messages ??= []).Add(Message(state.PatientId, alert, AlertEvent.Cleared, now, previousBand: current, $"{alert.AlertId}:cleared"));
        Close(state, alert);
        state.Clinical = null;
    }

    private bool Cooled(AlertState state, News2Band band, DateTimeOffset observedAt) =>
        state.Run(band).BelowSince is { } since && observedAt - since >= _options.Cooling;

    private void ApplyTechnical(AlertState state, ScoreSnapshot reading, bool complete, DateTimeOffset now, ref List<AlertMessage>? messages)
    {
        var alert = state.Technical;
        if (!complete)
        {
            state.IncompleteReadings = Math.Min(state.IncompleteReadings + 1, 1_000_000);
            state.CompleteSince = null;
            if (alert is not null)
            {
                alert.Latest = reading;
            }
            else if (state.IncompleteReadings >= _options.TechnicalPersistenceReadings)
            {
                alert = new AlertRecord
                {
                    AlertId = AlertIdFor(state.PatientId, AlertKind.Technical, reading.ObservedAt),
                    Kind = AlertKind.Technical,
                    RaisedAt = now,
                };
                Page(alert, reading, now);
                state.Technical = alert;
                LogTechnicalRaised(state.PatientId, alert.AlertId, reading.Missing, reading.Implausible);
                (messages ??= []).Add(Message(state.PatientId, alert, AlertEvent.Raised, now, previousBand: null, DedupeKey(alert, AlertEvent.Raised)));
            }

            return;
        }

        state.IncompleteReadings = 0;
        state.CompleteSince ??= reading.ObservedAt;
        if (alert is not null && reading.ObservedAt - state.CompleteSince >= _options.TechnicalCooling)
        {
            alert.Latest = reading;
            alert.ClearedAt = now;
            LogCleared(state.PatientId, alert.AlertId, AlertKind.Technical);
            (messages ??= []).Add(Message(state.PatientId, alert, AlertEvent.Cleared, now, previousBand: null, $"{alert.AlertId}:cleared"));
            Close(state, alert);
            state.Technical = null;
        }
    }

    private List<AlertMessage>? Remind(AlertState state, DateTimeOffset now)
    {
        if (state.Clinical is not { AcknowledgedAt: null, Band: { } band } alert)
        {
            return null;
        }

        var interval = _options.ReminderInterval(band);
        if (interval <= TimeSpan.Zero || alert.LastNotifiedAt + interval > now)
        {
            return null;
        }

        alert.Notifications++;
        alert.LastNotifiedAt = now;
        var escalate = alert.Notifications % (_options.EscalateAfterReminders + 1) == 0;
        var kind = escalate ? AlertEvent.Escalated : AlertEvent.Reminder;
        if (escalate)
        {
            alert.Escalations++;
            alert.FirstEscalatedAt ??= now;
            LogEscalated(state.PatientId, alert.AlertId, band, alert.Escalations);
        }

        return [Message(state.PatientId, alert, kind, now, previousBand: null, DedupeKey(alert, kind))];
    }

    private DateTimeOffset? NextDue(AlertState state)
    {
        if (state.Clinical is not { AcknowledgedAt: null, Band: { } band } alert)
        {
            return null;
        }

        var interval = _options.ReminderInterval(band);
        return interval > TimeSpan.Zero ? alert.LastNotifiedAt + interval : null;
    }

    /// <summary>A page (raise or worsening) restarts reminders and asks for a new acknowledgement.</summary>
    private static void Page(AlertRecord alert, ScoreSnapshot reading, DateTimeOffset now)
    {
        alert.Latest = reading;
        alert.PagedAt = now;
        alert.PagedReadingTicks = reading.ObservedAt.UtcTicks;
        alert.LastNotifiedAt = now;
        alert.Notifications = 0;
        alert.AcknowledgedAt = null;
        alert.AcknowledgedBy = null;
    }

    private static void Close(AlertState state, AlertRecord alert)
    {
        alert.Latest = null;
        state.Closed.Add(alert);
        while (state.Closed.Count > AlertState.ClosedKept)
        {
            state.Closed.RemoveAt(0);
        }
    }

    /// <summary>Stable for the alert's life and the same whichever instance raises it: patient, kind, the raising reading's time.</summary>
    private static string AlertIdFor(string patientId, AlertKind kind, DateTimeOffset observedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{patientId}:{(kind == AlertKind.Clinical ? "clinical" : "technical")}:{observedAt.UtcTicks}");

    private static string DedupeKey(AlertRecord alert, AlertEvent kind)
    {
        var band = alert.Band?.ToString() ?? "technical";
        return kind switch
        {
            AlertEvent.Raised => string.Create(CultureInfo.InvariantCulture, $"{alert.AlertId}:raised:{band}:{alert.PagedReadingTicks}"),
            AlertEvent.Reminder => string.Create(CultureInfo.InvariantCulture, $"{alert.AlertId}:reminder:{band}:{alert.PagedReadingTicks}:{alert.Notifications}"),
            AlertEvent.Escalated => string.Create(CultureInfo.InvariantCulture, $"{alert.AlertId}:escalated:{band}:{alert.PagedReadingTicks}:{alert.Notifications}"),
            _ => $"{alert.AlertId}:cleared",
        };
    }

    private static AlertMessage Message(
        string patientId, AlertRecord alert, AlertEvent kind, DateTimeOffset now, News2Band? previousBand, string dedupeKey)
    {
        var reading = alert.Latest ?? throw new InvalidOperationException($"Alert {alert.AlertId} has no reading to report.");
        if (alert.Kind == AlertKind.Technical)
        {
            return new AlertMessage
            {
                AlertId = alert.AlertId,
                Kind = AlertKind.Technical,
                Event = kind,
                PatientId = patientId,
                Parameters = reading.Parameters,
                Missing = reading.Missing,
                Implausible = reading.Implausible,
                ObservedAt = reading.ObservedAt,
                RaisedAt = alert.RaisedAt,
                SentAt = now,
                Response = kind == AlertEvent.Cleared ? ClinicalResponse.MonitoringRestored : ClinicalResponse.Technical(reading.Missing, reading.Implausible),
                DedupeKey = dedupeKey,
            };
        }

        // Cleared reports where the patient is now; the other events report the alert's band.
        var band = kind == AlertEvent.Cleared ? reading.Band : alert.Band!.Value;
        return new AlertMessage
        {
            AlertId = alert.AlertId,
            Kind = AlertKind.Clinical,
            Event = kind,
            PatientId = patientId,
            Band = band,
            PreviousBand = previousBand,
            News2 = reading.Total,
            RedScore = reading.RedScore,
            Parameters = reading.Parameters,
            ObservedAt = reading.ObservedAt,
            RaisedAt = alert.RaisedAt,
            SentAt = now,
            Response = ClinicalResponse.For(band, reading.Total),
            DedupeKey = dedupeKey,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Raised {AlertId} for {PatientId}: {Band}, NEWS2 {Total}")]
    private partial void LogRaised(string patientId, string alertId, News2Band band, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Worsened {AlertId} for {PatientId}: {From} to {To}, NEWS2 {Total}")]
    private partial void LogWorsened(string patientId, string alertId, News2Band from, News2Band to, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Improved {AlertId} for {PatientId}: {From} to {To} after the cooling period, NEWS2 {Total} (not paged)")]
    private partial void LogImproved(string patientId, string alertId, News2Band from, News2Band to, int total);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cleared {Kind} alert {AlertId} for {PatientId}")]
    private partial void LogCleared(string patientId, string alertId, AlertKind kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Raised technical alert {AlertId} for {PatientId}: missing {Missing}, impossible {Implausible}")]
    private partial void LogTechnicalRaised(string patientId, string alertId, IReadOnlyList<string> missing, IReadOnlyList<string> implausible);

    [LoggerMessage(Level = LogLevel.Information, Message = "Escalated {AlertId} for {PatientId} ({Band}, unacknowledged; escalation {Count})")]
    private partial void LogEscalated(string patientId, string alertId, News2Band band, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Acknowledged {AlertId} for {PatientId} by {By}")]
    private partial void LogAcknowledged(string patientId, string alertId, string by);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Ignored a reading of {PatientId} observed {ObservedAt:o}: not after the last processed one ({Last:o})")]
    private partial void LogAlreadyProcessed(string patientId, DateTimeOffset observedAt, DateTimeOffset last);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a reading of {PatientId} observed {ObservedAt:o}: older than {Minutes} minutes")]
    private partial void LogTooOld(string patientId, DateTimeOffset observedAt, int minutes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ignored a reading of {PatientId} observed {ObservedAt:o}: ahead of the clock ({Now:o}); check the device's clock")]
    private partial void LogInFuture(string patientId, DateTimeOffset observedAt, DateTimeOffset now);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert state of {PatientId} changed under this instance (attempt {Attempt}); reading it again")]
    private partial void LogConflict(string patientId, int attempt);
}
