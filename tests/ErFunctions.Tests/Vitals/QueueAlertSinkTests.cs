using Azure.Storage.Queues;
using ErPipeline.Alerts;
using ErPipeline.Azure.Alerts;
using ErPipeline.Vitals;
using ErTests.Emulators;

namespace ErFunctions.Tests.Vitals;

/// <summary>Alerts onto a real Azurite queue, read back as any consumer would.</summary>
public sealed class QueueAlertSinkTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task Send_Alerts_LandAsPlainJsonMessagesThatParseBack()
    {
        var sink = new QueueAlertSink(QueueAlertSink.Connect(azurite.ConnectionString, null));
        var raised = new DateTimeOffset(2025, 1, 15, 9, 2, 0, TimeSpan.Zero);
        AlertMessage[] messages =
        [
            Message("P1", AlertEvent.Raised, raised),
            Message("P1", AlertEvent.Reminder, raised.AddMinutes(5)),
        ];

        await sink.SendAsync(messages, CancellationToken.None);

        // A consumer with the SDK's defaults: no base64 decoding.
        var queue = new QueueClient(azurite.ConnectionString, QueueAlertSink.QueueName);
        var received = (await queue.ReceiveMessagesAsync(maxMessages: 10)).Value;
        Assert.Equal(2, received.Length);
        Assert.StartsWith("{\"schemaVersion\":1,", received[0].Body.ToString(), StringComparison.Ordinal);
        Assert.Equal(messages, received.Select(m => AlertsJson.FromLine(m.Body.ToString())), new SameJson());
    }

    private static AlertMessage Message(string patient, AlertEvent @event, DateTimeOffset sentAt) => new()
    {
        AlertId = $"{patient}:clinical:1",
        Kind = AlertKind.Clinical,
        Event = @event,
        PatientId = patient,
        Band = News2Band.High,
        News2 = 7,
        RedScore = false,
        Parameters = [new ParameterScore("heartRate", "115", 2)],
        ObservedAt = sentAt,
        RaisedAt = new DateTimeOffset(2025, 1, 15, 9, 2, 0, TimeSpan.Zero),
        SentAt = sentAt,
        Response = ClinicalResponse.For(News2Band.High, 7),
        DedupeKey = $"{patient}:clinical:1:{@event}:{sentAt.UtcTicks}",
    };

    private sealed class SameJson : IEqualityComparer<AlertMessage>
    {
        public bool Equals(AlertMessage? x, AlertMessage? y) => AlertsJson.ToLine(x!) == AlertsJson.ToLine(y!);

        public int GetHashCode(AlertMessage obj) => AlertsJson.ToLine(obj).GetHashCode(StringComparison.Ordinal);
    }
}
