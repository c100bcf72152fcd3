using System.Threading.Channels;

namespace ErPipeline.Vitals;

/// <summary>
/// The vitals stream on one machine: the generator publishes into a bounded channel and the scorer reads from it,
/// in the same process (Event Hubs in Azure). A full channel makes the publisher wait, so nothing is dropped.
/// </summary>
public sealed class InProcessVitalsChannel(int capacity = 10_000) : IVitalsPublisher
{
    private readonly Channel<VitalReading> _channel = Channel.CreateBounded<VitalReading>(
        new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });

    /// <summary>The readings, in the order published.</summary>
    public ChannelReader<VitalReading> Reader => _channel.Reader;

    public async Task PublishAsync(IReadOnlyList<VitalReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (var reading in readings)
        {
            await _channel.Writer.WriteAsync(reading, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>No more readings: the reader finishes once it has read what is there.</summary>
    public void Complete() => _channel.Writer.TryComplete();
}
