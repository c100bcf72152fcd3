using System.Text.Json;
using ErPipeline.Alerts;
using ErPipeline.Warehouse;
using Microsoft.Extensions.Logging;

namespace ErPipeline.Vitals;

/// <summary>A reading and its NEWS2, as recorded in the warehouse.</summary>
public sealed record ScoredReading(VitalReading Reading, News2Score Score);

/// <summary>What a batch of events came to.</summary>
public sealed record VitalsBatchResult(int Scored, int DeadLettered, IReadOnlyList<AlertMessage> Alerts);

/// <summary>
/// The consumer side of the vitals stream, the same for <c>ScoreVitals</c> on Event Hubs and <c>er up</c>'s
/// in-process channel: each event on its own is parsed, scored (NEWS2) and run through the alert engine; alerts go
/// to the sink, then readings and alerts to the warehouse. An event that cannot be parsed or scored is dead-lettered
/// with its error and the others go on. A fault of the sink, the state store or the warehouse is thrown, for the
/// host to retry the batch: the engine ignores readings it has processed, so a retry pages no one twice.
/// </summary>
/// <remarks>
/// Known gap: the engine saves an alert's state before the sink sends it. If the send fails, the retry finds the
/// reading processed and sends nothing; the page then goes out with the alert's first reminder (5 minutes for High,
/// 15 for Medium, 30 for LowMedium by default) instead of at once. An outbox in the alert state would close this.
/// </remarks>
public sealed partial class VitalsProcessor(
    AlertEngine engine,
    IAlertSink sink,
    IWarehouse warehouse,
    IDeadLetterStore deadLetters,
    WarehouseChanges changes,
    ILogger<VitalsProcessor> logger)
{
    /// <summary>
    /// Processes event bodies as <see cref="ProcessAsync(IReadOnlyList{string}, CancellationToken)"/> does, and on the
    /// host's last attempt keeps the batch rather than lose it: Event Hubs checkpoints past a batch whose retries are
    /// spent, so if the sink, the state store or the warehouse still fails, every event is dead-lettered with the error.
    /// </summary>
    public async Task<VitalsBatchResult> ProcessAsync(IReadOnlyList<string> events, bool lastAttempt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (!lastAttempt)
        {
            return await ProcessAsync(events, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await ProcessAsync(events, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogBatchDeadLettered(events.Count, ex);
            foreach (var body in events)
            {
                await deadLetters.SaveAsync(body, $"not processed after the last retry: {ex.GetType().Name}: {ex.Message}", cancellationToken).ConfigureAwait(false);
            }

            return new VitalsBatchResult(0, events.Count, []);
        }
    }

    /// <summary>Processes event bodies (one JSON reading each), in order.</summary>
    public async Task<VitalsBatchResult> ProcessAsync(IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var readings = new List<VitalReading>(events.Count);
        var deadLettered = 0;
        foreach (var body in events)
        {
            try
            {
                readings.Add(VitalsJson.FromLine(body));
            }
            catch (JsonException ex)
            {
                deadLettered++;
                LogDeadLettered(ex.Message);
                await deadLetters.SaveAsync(body, $"not a vital reading: {ex.Message}", cancellationToken).ConfigureAwait(false);
            }
        }

        var result = await ProcessAsync(readings, cancellationToken).ConfigureAwait(false);
        return result with { DeadLettered = deadLettered };
    }

    /// <summary>Processes readings already parsed (the in-process channel).</summary>
    public async Task<VitalsBatchResult> ProcessAsync(IReadOnlyList<VitalReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var scored = new List<ScoredReading>(readings.Count);
        var alerts = new List<AlertMessage>();
        foreach (var reading in readings)
        {
            var score = News2Scorer.Score(reading);
            scored.Add(new ScoredReading(reading, score));
            var messages = await engine.ProcessAsync(reading, score, cancellationToken).ConfigureAwait(false);
            if (messages.Count > 0)
            {
                // Page at once rather than at the end of the batch.
                await sink.SendAsync(messages, cancellationToken).ConfigureAwait(false);
                alerts.AddRange(messages);
            }
        }

        await warehouse.RecordVitalsAsync(scored, cancellationToken).ConfigureAwait(false);
        await RecordAlertsAsync(alerts, cancellationToken).ConfigureAwait(false);
        return new VitalsBatchResult(scored.Count, 0, alerts);
    }

    /// <summary>Sends the reminders and escalations that are due; the host calls it on a timer.</summary>
    public async Task<IReadOnlyList<AlertMessage>> SendDueAsync(CancellationToken cancellationToken)
    {
        var due = await engine.DueAsync(cancellationToken).ConfigureAwait(false);
        if (due.Count > 0)
        {
            await sink.SendAsync(due, cancellationToken).ConfigureAwait(false);
            await RecordAlertsAsync(due, cancellationToken).ConfigureAwait(false);
        }

        return due;
    }

    private async Task RecordAlertsAsync(IReadOnlyList<AlertMessage> alerts, CancellationToken cancellationToken)
    {
        if (alerts.Count > 0)
        {
            await warehouse.RecordAlertsAsync(alerts, cancellationToken).ConfigureAwait(false);
            changes.Notify(); // the feed's alerts section is stale now
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A vitals batch of {Events} events failed on its last attempt; every event was dead-lettered")]
    private partial void LogBatchDeadLettered(int events, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A vitals event was dead-lettered: {Error}")]
    private partial void LogDeadLettered(string error);
}
