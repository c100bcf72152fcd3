using ErPipeline.Alerts;
using ErPipeline.Vitals;
using ErPipeline.Vitals.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErPipeline.Tests.Vitals;

/// <summary>er up's vitals stream end to end: simulator, in-process channel, scoring, alert engine, JSONL sink, DuckDB.</summary>
public sealed class LocalWardTests : PipelineTest
{
    [Fact]
    public async Task Run_AWardWhereEveryoneDeteriorates_PagesRemindsAndRecordsEveryReading()
    {
        var alertsFile = Path.Combine(Pipeline.Root, "alerts.jsonl");
        using var sink = new JsonlAlertSink(alertsFile);
        // Played at two simulated hours per second: readings may be handled a little late in real time, which must
        // not make them "too old" here.
        var alertOptions = new AlertOptions { MaxReadingAgeMinutes = 10_080, MaxClockSkewMinutes = 1_440 };
        var ward = new LocalWard(new InMemoryAlertStateStore(), sink, Pipeline.Warehouse,
            new LocalDeadLetterStore(Path.Combine(Pipeline.Root, "deadletter"), TimeProvider.System), Pipeline.Changes, Options.Create(alertOptions), NullLoggerFactory.Instance);
        var simulator = new VitalsSimulator(
            Enumerable.Range(1, 8).Select(MonitoredPatient.Synthetic), seed: 7, new DateTimeOffset(2026, 3, 1, 6, 0, 0, TimeSpan.Zero), TimeSpan.FromHours(4),
            new VitalsSimulationOptions { EpisodeShare = 1.0 });
        var told = new List<AlertMessage>();

        var sent = await ward.RunAsync(simulator, speed: 7_200, reminderCheck: TimeSpan.FromMilliseconds(20), TimeProvider.System, told.Add, CancellationToken.None);

        Assert.Equal(sent, told);
        Assert.Contains(sent, m => m.Kind == AlertKind.Clinical && m.Event == AlertEvent.Raised);
        Assert.Contains(sent, m => m.Event is AlertEvent.Reminder or AlertEvent.Escalated);
        Assert.Equal(sent.Count, (await File.ReadAllLinesAsync(alertsFile)).Length);
        Assert.Equal(8L * simulator.ReadingsPerPatient, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_vital"));
        Assert.Equal(sent.Select(m => m.AlertId).Distinct().Count(), await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_alert"));
    }
}
