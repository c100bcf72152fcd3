using ErPipeline.Alerts;
using ErPipeline.Vitals.Simulation;
using ErPipeline.Warehouse;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErPipeline.Vitals;

/// <summary>
/// A ward of simulated monitors on one machine, as <c>er up</c> runs it: the seeded simulator plays readings at a speed into an
/// in-process channel (Event Hubs in Azure), the same consumer as <c>ScoreVitals</c> scores them and pages through
/// the alert engine, and a timer sends reminders and escalations. When the simulation runs faster than real time,
/// the engine's clock runs as fast, so every interval of the alert policy is kept in simulated time.
/// </summary>
public sealed class LocalWard(
    IAlertStateStore store,
    IAlertSink sink,
    IWarehouse warehouse,
    IDeadLetterStore deadLetters,
    WarehouseChanges changes,
    IOptions<AlertOptions> alertOptions,
    ILoggerFactory loggers)
{
    /// <summary>Plays the simulation until it ends or <paramref name="cancellationToken"/> stops it; returns every alert sent.</summary>
    /// <param name="simulator">The readings to play, in time order.</param>
    /// <param name="speed">Simulated seconds per real second.</param>
    /// <param name="reminderCheck">How often (real time) reminders are looked for.</param>
    /// <param name="time">The real clock.</param>
    /// <param name="onAlert">Told of each alert as it is sent.</param>
    /// <param name="cancellationToken">Stops the stream.</param>
    public async Task<IReadOnlyList<AlertMessage>> RunAsync(
        VitalsSimulator simulator, double speed, TimeSpan reminderCheck, TimeProvider time, Action<AlertMessage>? onAlert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(simulator);
        var clock = new SimulatedClock(time, simulator.Start, speed);
        var engine = new AlertEngine(store, alertOptions, clock, loggers.CreateLogger<AlertEngine>());
        var processor = new VitalsProcessor(engine, sink, warehouse, deadLetters, changes, loggers.CreateLogger<VitalsProcessor>());
        var channel = new InProcessVitalsChannel();
        var sent = new List<AlertMessage>();
        void Sent(IEnumerable<AlertMessage> messages)
        {
            lock (sent)
            {
                foreach (var message in messages)
                {
                    sent.Add(message);
                    onAlert?.Invoke(message);
                }
            }
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var produce = Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in VitalsPacing.PaceAsync(simulator.Readings(), simulator.Start, speed, time, stop.Token).ConfigureAwait(false))
                {
                    await channel.PublishAsync(batch, stop.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                channel.Complete();
            }
        }, stop.Token);

        // The timer stops between checks (stopTimer), never in the middle of one: what it sent is also recorded.
        using var stopTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reminders = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(reminderCheck, time);
            while (await timer.WaitForNextTickAsync(stopTimer.Token).ConfigureAwait(false))
            {
                Sent(await processor.SendDueAsync(CancellationToken.None).ConfigureAwait(false));
            }
        }, stopTimer.Token);

        try
        {
            var batch = new List<VitalReading>();
            while (await channel.Reader.WaitToReadAsync(stop.Token).ConfigureAwait(false))
            {
                while (batch.Count < VitalsPacing.MaxBatch && channel.Reader.TryRead(out var reading))
                {
                    batch.Add(reading);
                }

                // A batch is finished even when stopping, so that what was paged is also recorded; stopping waits for one batch.
                Sent((await processor.ProcessAsync(batch, CancellationToken.None).ConfigureAwait(false)).Alerts);
                batch.Clear();
            }

            await produce.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await stopTimer.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(produce, reminders).ContinueWith(_ => { }, TaskScheduler.Default).ConfigureAwait(false);
        }

        // The producer and the reminder timer end by cancellation; anything else they met is the run's failure.
        var faults = new[] { produce, reminders }.Where(t => t.IsFaulted).SelectMany(t => t.Exception!.InnerExceptions)
            .Where(e => e is not OperationCanceledException).ToList();
        if (faults.Count > 0)
        {
            throw new AggregateException("The local vitals stream failed.", faults);
        }

        return sent;
    }
}
