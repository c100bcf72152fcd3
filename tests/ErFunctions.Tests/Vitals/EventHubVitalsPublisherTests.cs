using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using ErPipeline.Azure.Vitals;
using ErPipeline.Vitals;

namespace ErFunctions.Tests.Vitals;

public sealed class EventHubVitalsPublisherTests
{
    private static VitalReading Reading(string patient, int minute) => new()
    {
        PatientId = patient,
        DeviceId = "BED-" + patient,
        ObservedAt = new DateTimeOffset(2026, 3, 1, 12, minute, 0, TimeSpan.Zero),
        HeartRate = 80 + minute,
    };

    [Fact]
    public async Task Publish_ReadingsOfSeveralPatients_SendsEachPatientsInOrderUnderItsOwnPartitionKey()
    {
        var producer = new RecordingProducer(eventsPerBatch: 100);
        await using var publisher = new EventHubVitalsPublisher(producer);

        await publisher.PublishAsync([Reading("P1", 0), Reading("P2", 0), Reading("P1", 1), Reading("P2", 1), Reading("P1", 2)], CancellationToken.None);

        Assert.Equal(
            ["P1: 80 81 82", "P2: 80 81"],
            producer.Sent.OrderBy(b => b.PartitionKey, StringComparer.Ordinal)
                .Select(b => $"{b.PartitionKey}: {string.Join(' ', b.Events.Select(e => VitalsJson.FromLine(e.EventBody.ToString()).HeartRate))}"));
        Assert.All(producer.Sent.SelectMany(b => b.Events), e => Assert.Equal("application/json", e.ContentType));
    }

    [Fact]
    public async Task Publish_MoreThanABatchHolds_SendsFullBatchesAndLosesNothing()
    {
        var producer = new RecordingProducer(eventsPerBatch: 2);
        await using var publisher = new EventHubVitalsPublisher(producer);

        await publisher.PublishAsync([.. Enumerable.Range(0, 5).Select(m => Reading("P1", m))], CancellationToken.None);

        Assert.Equal([2, 2, 1], producer.Sent.Select(b => b.Events.Count));
        Assert.Equal([80.0, 81, 82, 83, 84], producer.Sent.SelectMany(b => b.Events).Select(e => VitalsJson.FromLine(e.EventBody.ToString()).HeartRate!.Value));
    }

    [Fact]
    public async Task Publish_AReadingNoBatchCanHold_FailsLoudly()
    {
        var producer = new RecordingProducer(eventsPerBatch: 0);
        await using var publisher = new EventHubVitalsPublisher(producer);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync([Reading("P1", 0)], CancellationToken.None));

        Assert.Contains("larger than an Event Hubs batch allows", error.Message, StringComparison.Ordinal);
    }

    /// <summary>An Event Hubs producer that keeps what it is sent; batches hold a fixed number of events.</summary>
    private sealed class RecordingProducer(int eventsPerBatch) : EventHubProducerClient
    {
        private readonly Dictionary<EventDataBatch, (string? Key, List<EventData> Events)> _open = [];

        public List<(string? PartitionKey, List<EventData> Events)> Sent { get; } = [];

        public override ValueTask<EventDataBatch> CreateBatchAsync(CreateBatchOptions options, CancellationToken cancellationToken = default)
        {
            var events = new List<EventData>();
            var batch = EventHubsModelFactory.EventDataBatch(1024 * 1024, events, options, _ => events.Count < eventsPerBatch);
            lock (_open)
            {
                _open[batch] = (options.PartitionKey, events);
            }

            return ValueTask.FromResult(batch);
        }

        public override Task SendAsync(EventDataBatch eventBatch, CancellationToken cancellationToken = default)
        {
            lock (_open)
            {
                var (key, events) = _open[eventBatch];
                Sent.Add((key, [.. events]));
            }

            return Task.CompletedTask;
        }

        public override Task CloseAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;
    }
}
