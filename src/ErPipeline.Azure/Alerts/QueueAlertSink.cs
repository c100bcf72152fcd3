using Azure.Core;
using Azure.Identity;
using Azure.Storage.Queues;
using ErPipeline.Alerts;
using ErPipeline.Azure.Storage;

namespace ErPipeline.Azure.Alerts;

/// <summary>
/// Sends alert messages to the storage queue <c>er-alerts</c>, one message per event, the body plain UTF-8 JSON
/// (<see cref="QueueMessageEncoding.None"/>: readable by any consumer without base64 decoding).
/// </summary>
public sealed class QueueAlertSink(QueueClient queue) : IAlertSink
{
    public const string QueueName = "er-alerts";

    private int _created;

    public string Location => $"queue {queue.Name}";

    public async Task SendAsync(IReadOnlyList<AlertMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        if (Interlocked.CompareExchange(ref _created, 1, 0) == 0)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var message in messages)
        {
            await queue.SendMessageAsync(AlertsJson.ToLine(message), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The queue of the <c>ErStorage</c> connection: <c>ErStorage__queueServiceUri</c> (managed identity) or the connection string.</summary>
    public static QueueClient Connect(string? connectionString, string? queueServiceUri, TokenCredential? credential = null)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        if (!string.IsNullOrWhiteSpace(queueServiceUri))
        {
            return new QueueServiceClient(new Uri(queueServiceUri), credential ?? new DefaultAzureCredential(), options).GetQueueClient(QueueName);
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new QueueServiceClient(connectionString, options).GetQueueClient(QueueName);
        }

        throw new InvalidOperationException(
            $"No queue storage configured for alerts: set {StorageClients.ConnectionName}__queueServiceUri (managed identity) or {StorageClients.ConnectionName} (connection string).");
    }
}
