using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using ErPipeline.Vitals;

namespace ErPipeline.Azure.Vitals;

/// <summary>
/// Publishes readings to the Event Hub <c>vitals</c> in <see cref="EventDataBatch"/>es, one partition key per
/// patient so that each patient's readings stay in order on one partition. A batch that fills up is sent and a new
/// one started; a single reading too large for an empty batch is an error, never dropped silently.
/// </summary>
public sealed class EventHubVitalsPublisher(EventHubProducerClient producer) : IVitalsPublisher, IAsyncDisposable
{
    /// <summary>The connection setting: <c>ErEventHubs__fullyQualifiedNamespace</c> (managed identity) or a connection string.</summary>
    public const string ConnectionName = "ErEventHubs";

    /// <summary>The hub the generator sends to and <c>ScoreVitals</c> listens on.</summary>
    public const string HubName = "vitals";

    /// <summary>Batches of different patients are sent this many at a time.</summary>
    private const int ConcurrentSends = 8;

    public async Task PublishAsync(IReadOnlyList<VitalReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        await Parallel.ForEachAsync(
            readings.GroupBy(r => r.PatientId, StringComparer.Ordinal),
            new ParallelOptions { MaxDegreeOfParallelism = ConcurrentSends, CancellationToken = cancellationToken },
            (patient, token) => new ValueTask(SendAsync(patient.Key, patient, token))).ConfigureAwait(false);
    }

    /// <summary>A producer for a namespace (managed identity: <paramref name="credential"/>, by default <see cref="DefaultAzureCredential"/>) or a connection string.</summary>
    public static EventHubProducerClient Connect(string? connectionString, string? fullyQualifiedNamespace, TokenCredential? credential = null, string hubName = HubName)
    {
        if (!string.IsNullOrWhiteSpace(fullyQualifiedNamespace))
        {
            return new EventHubProducerClient(fullyQualifiedNamespace, hubName, credential ?? new DefaultAzureCredential());
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new EventHubProducerClient(connectionString, hubName);
        }

        throw new InvalidOperationException(
            $"No Event Hubs namespace configured: set {ConnectionName}__fullyQualifiedNamespace (managed identity) or {ConnectionName} (connection string).");
    }

    public ValueTask DisposeAsync() => producer.DisposeAsync();

    private async Task SendAsync(string patientId, IEnumerable<VitalReading> readings, CancellationToken cancellationToken)
    {
        var options = new CreateBatchOptions { PartitionKey = patientId };
        var batch = await producer.CreateBatchAsync(options, cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var reading in readings)
            {
                var data = new EventData(BinaryData.FromString(VitalsJson.ToLine(reading))) { ContentType = "application/json" };
                if (batch.TryAdd(data))
                {
                    continue;
                }

                if (batch.Count == 0)
                {
                    throw new InvalidOperationException($"A reading of patient {patientId} at {reading.ObservedAt:O} is larger than an Event Hubs batch allows.");
                }

                await producer.SendAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Dispose();
                batch = await producer.CreateBatchAsync(options, cancellationToken).ConfigureAwait(false);
                if (!batch.TryAdd(data))
                {
                    throw new InvalidOperationException($"A reading of patient {patientId} at {reading.ObservedAt:O} is larger than an Event Hubs batch allows.");
                }
            }

            if (batch.Count > 0)
            {
                await producer.SendAsync(batch, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            batch.Dispose();
        }
    }
}
