using ErPipeline.Alerts;
using ErPipeline.Kpis;
using ErPipeline.Vitals;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErPipeline.Tests.Vitals;

/// <summary>The consumer of the vitals stream over a real DuckDB warehouse, a JSONL alert file and a dead-letter folder.</summary>
public sealed class VitalsProcessorTests : PipelineTest
{
    private string AlertsFile => Path.Combine(Pipeline.Root, "alerts.jsonl");

    private string DeadLetters => Path.Combine(Pipeline.Root, "deadletter");

    private VitalsProcessor NewProcessor(InMemoryAlertStateStore store, IAlertSink sink) => new(
        new AlertEngine(store, Options.Create(new AlertOptions()), Pipeline.Time, NullLogger<AlertEngine>.Instance),
        sink,
        Pipeline.Warehouse,
        new LocalDeadLetterStore(DeadLetters, Pipeline.Time),
        Pipeline.Changes,
        NullLogger<VitalsProcessor>.Instance);

    /// <summary>A patient scoring 7 (High): RR 26, SBP 95, HR 115, the rest normal; minutes before the fixture's clock.</summary>
    private static string HighReading(int minutesAgo) => VitalsJson.ToLine(new VitalReading
    {
        PatientId = "P00001",
        DeviceId = "BED-1",
        ObservedAt = PipelineFixture.LoadTime.AddMinutes(-minutesAgo),
        RespirationRate = 26,
        Spo2 = 98,
        OnOxygen = false,
        SystolicBp = 95,
        HeartRate = 115,
        Consciousness = Consciousness.A,
        TemperatureC = 37.0,
    });

    [Fact]
    public async Task Batch_WithAPersistentHighAndABadEvent_PagesOnceRecordsEverythingAndDeadLettersTheBadOne()
    {
        using var sink = new JsonlAlertSink(AlertsFile);
        var processor = NewProcessor(new InMemoryAlertStateStore(), sink);

        var result = await processor.ProcessAsync([HighReading(2), "{\"patientId\": 12", HighReading(1)], CancellationToken.None);

        Assert.Equal((2, 1), (result.Scored, result.DeadLettered));
        var alert = Assert.Single(result.Alerts);
        Assert.Equal((AlertKind.Clinical, AlertEvent.Raised, News2Band.High, 7), (alert.Kind, alert.Event, alert.Band, alert.News2));
        Assert.Equal([AlertsJson.ToLine(alert)], await File.ReadAllLinesAsync(AlertsFile));
        var deadLetter = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(DeadLetters)));
        Assert.Contains("not a vital reading", deadLetter, StringComparison.Ordinal);
        Assert.Contains("{\\u0022patientId\\u0022: 12", deadLetter, StringComparison.Ordinal);
        Assert.Equal(2, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_vital WHERE band = 'High' AND news2 = 7 AND complete"));
        Assert.Equal([[alert.AlertId, "High", "raised"]], await Pipeline.QueryAsync("SELECT alert_id, band, last_event FROM fact_alert"));
    }

    [Fact]
    public async Task Batch_DeliveredTwice_PagesAndRecordsNothingTheSecondTime()
    {
        using var sink = new JsonlAlertSink(AlertsFile);
        var processor = NewProcessor(new InMemoryAlertStateStore(), sink);
        string[] batch = [HighReading(2), HighReading(1)];

        await processor.ProcessAsync(batch, CancellationToken.None);
        var again = await processor.ProcessAsync(batch, CancellationToken.None);

        Assert.Empty(again.Alerts);
        Assert.Single(await File.ReadAllLinesAsync(AlertsFile));
        Assert.Equal(2, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_vital"));
        Assert.Equal(1, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_alert_event"));
    }

    [Fact]
    public async Task UnacknowledgedHigh_RemindsThenEscalates_AndTheFeedCountsIt()
    {
        using var sink = new JsonlAlertSink(AlertsFile);
        var processor = NewProcessor(new InMemoryAlertStateStore(), sink);
        await processor.ProcessAsync([HighReading(2), HighReading(1)], CancellationToken.None);

        var sent = new List<AlertMessage>();
        for (var minute = 1; minute <= 16; minute++)
        {
            Pipeline.Time.Advance(TimeSpan.FromMinutes(1));
            sent.AddRange(await processor.SendDueAsync(CancellationToken.None));
        }

        Assert.Equal([AlertEvent.Reminder, AlertEvent.Reminder, AlertEvent.Escalated], sent.Select(m => m.Event));
        var feed = new KpiFeed(new KpiService(Pipeline.Warehouse, Options.Create(new KpiOptions())), Options.Create(new KpiOptions()), Pipeline.Changes, Pipeline.Time);
        var alerts = await feed.TableAsync(KpiCatalog.Alerts, KpiFilter.None, Access.Role.Admin, CancellationToken.None);
        Assert.Equal(["High escalated 1", "High raised 1", "High reminder 2"],
            Enumerable.Range(0, alerts.Rows.Count).Select(r => $"{alerts.Value(r, "band")} {alerts.Value(r, "event")} {alerts.Value(r, "alerts")}"));
        Assert.NotNull(alerts.Value(0, "medianMinutesToEscalation"));
    }

    [Fact]
    public async Task Batch_WhoseSinkFails_FailsForTheHostToRetry()
    {
        var processor = NewProcessor(new InMemoryAlertStateStore(), new BrokenSink());

        await Assert.ThrowsAsync<IOException>(() => processor.ProcessAsync([HighReading(2), HighReading(1)], lastAttempt: false, CancellationToken.None));

        Assert.False(Directory.Exists(DeadLetters));
    }

    [Fact]
    public async Task Batch_WhoseSinkFailsOnTheLastAttempt_IsDeadLetteredWhole()
    {
        var processor = NewProcessor(new InMemoryAlertStateStore(), new BrokenSink());
        string[] batch = [HighReading(2), HighReading(1)];

        var last = await processor.ProcessAsync(batch, lastAttempt: true, CancellationToken.None);

        Assert.Equal((0, 2), (last.Scored, last.DeadLettered));
        var kept = Directory.GetFiles(DeadLetters).Select(File.ReadAllText).ToArray();
        Assert.Equal(2, kept.Length);
        Assert.All(kept, k => Assert.Contains("not processed after the last retry: IOException: the queue is down", k, StringComparison.Ordinal));
    }

    private sealed class BrokenSink : IAlertSink
    {
        public string Location => "nowhere";

        public Task SendAsync(IReadOnlyList<AlertMessage> messages, CancellationToken cancellationToken) =>
            throw new IOException("the queue is down");
    }
}
