using System.Runtime.CompilerServices;

namespace ErPipeline.Vitals.Simulation;

/// <summary>Plays simulated readings in (scaled) real time, for a live feed rather than a file written at once.</summary>
public static class VitalsPacing
{
    /// <summary>Most readings handed over in one batch, so a fast replay does not hold a whole run in memory.</summary>
    public const int MaxBatch = 1024;

    /// <summary>
    /// Releases each reading once <c>(observedAt - simulatedStart) / speed</c> has passed on <paramref name="time"/>
    /// since the first call, in batches of the readings that fell due together (write, then flush, each batch).
    /// <paramref name="speed"/> 60 plays one simulated minute per second. Readings must come in time order.
    /// </summary>
    public static async IAsyncEnumerable<IReadOnlyList<VitalReading>> PaceAsync(
        IEnumerable<VitalReading> readings,
        DateTimeOffset simulatedStart,
        double speed,
        TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        ArgumentNullException.ThrowIfNull(time);
        if (!(speed > 0) || double.IsInfinity(speed))
        {
            throw new ArgumentOutOfRangeException(nameof(speed), speed, "The speed must be a positive, finite factor.");
        }

        var started = time.GetTimestamp();
        var batch = new List<VitalReading>();
        foreach (var reading in readings)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var due = (reading.ObservedAt - simulatedStart) / speed;
            var wait = due - time.GetElapsedTime(started);
            if (wait > TimeSpan.Zero || batch.Count == MaxBatch)
            {
                if (batch.Count > 0)
                {
                    yield return batch;
                    batch = [];
                }

                wait = due - time.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
                }
            }

            batch.Add(reading);
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }
}
