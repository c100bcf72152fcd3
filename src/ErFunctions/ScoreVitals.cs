using ErPipeline.Azure.Vitals;
using ErPipeline.Vitals;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ErFunctions;

/// <summary>
/// Scores the vitals stream: batches of events from the Event Hub <c>vitals</c> (consumer group
/// <see cref="ConsumerGroup"/>, connection <c>ErEventHubs</c>) go to the consumer, which handles each event on its
/// own and dead-letters those it cannot read. Compiled only when the build property <c>EventHubsTrigger</c> is
/// <c>true</c> (deployment builds): the Event Hubs worker extension is not in every package registry.
/// </summary>
/// <remarks>
/// The trigger checkpoints after every run, failed or not, and delivers at least once; the engine ignores readings
/// it has already processed. A fault of the queue, the state table or the warehouse fails the run, which the host
/// retries with backoff; on the last attempt the batch is dead-lettered instead, since the checkpoint moves past it.
/// </remarks>
public sealed partial class ScoreVitals(VitalsProcessor processor, ILogger<ScoreVitals> logger)
{
    /// <summary>The consumer group of this function alone, so that other readers of the hub keep their own place.</summary>
    public const string ConsumerGroup = "scorevitals";

    [Function(nameof(ScoreVitals))]
    [ExponentialBackoffRetry(5, "00:00:04", "00:01:00")]
    public async Task RunAsync(
        [EventHubTrigger(EventHubVitalsPublisher.HubName, Connection = EventHubVitalsPublisher.ConnectionName, ConsumerGroup = ConsumerGroup)] string[] events,
        FunctionContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(context);
        var lastAttempt = context.RetryContext is not { } retry || retry.RetryCount >= retry.MaxRetryCount;
        var result = await processor.ProcessAsync(events, lastAttempt, cancellationToken).ConfigureAwait(false);
        LogScored(events.Length, result.Scored, result.DeadLettered, result.Alerts.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Vitals batch of {Events} events: {Scored} scored, {DeadLettered} dead-lettered, {Alerts} alerts sent")]
    private partial void LogScored(int events, int scored, int deadLettered, int alerts);
}
