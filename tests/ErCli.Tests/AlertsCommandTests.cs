using System.Globalization;
using ErPipeline.Alerts;
using ErPipeline.Vitals;

namespace ErCli.Tests;

public sealed class AlertsCommandTests : IDisposable
{
    private const string Normal = "\"respirationRate\":16,\"systolicBp\":120,\"heartRate\":80,\"temperatureC\":37.0";
    private const string Medium = "\"respirationRate\":22,\"systolicBp\":95,\"heartRate\":95,\"temperatureC\":37.0";           // 2+2+1 = 5
    private const string High = "\"respirationRate\":22,\"systolicBp\":95,\"heartRate\":115,\"temperatureC\":38.5";            // 2+2+2+1 = 7, no red score

    private readonly string _work = Directory.CreateTempSubdirectory("er-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Replay_ARecordedStream_WritesTheAlertsAsTheLiveEngineWouldHaveSentThem()
    {
        var readings = await WriteReadingsAsync(
            Line("P1", "09:00", Normal),
            Line("P1", "09:01", Medium),
            Line("P1", "09:02", Medium),           // persisted: Medium raised
            Line("P2", "09:03", Normal, spo2: "null"),
            Line("P2", "09:04", Normal, spo2: "null"),
            Line("P2", "09:05", Normal, spo2: "null"),   // probe off three times: technical alert
            Line("P1", "09:06", High),
            Line("P1", "09:07", High),             // worse: High raised, naming Medium
            Line("P1", "09:01", Medium),           // redelivered: nothing
            Line("P1", "09:30", Normal));          // meanwhile unacknowledged: reminders at 12 and 17, escalation at 22, reminder at 27

        var er = await ErProcess.RunAsync(_work, "alerts", "--replay", readings, "--out", "alerts.jsonl");

        Assert.True(er.ExitCode == 0, er.Stderr);
        Assert.Contains("Replayed 10 readings of 2 patients: 7 alert messages (3 raised, 1 escalated, 3 reminder, 0 cleared)", er.Stdout);
        var alerts = (await File.ReadAllLinesAsync(Path.Combine(_work, "alerts.jsonl"))).Select(AlertsJson.FromLine).ToList();
        Assert.Equal(
        [
            ("P1", AlertKind.Clinical, AlertEvent.Raised, (News2Band?)News2Band.Medium, "09:02"),
            ("P2", AlertKind.Technical, AlertEvent.Raised, null, "09:05"),
            ("P1", AlertKind.Clinical, AlertEvent.Raised, News2Band.High, "09:07"),
            ("P1", AlertKind.Clinical, AlertEvent.Reminder, News2Band.High, "09:12"),
            ("P1", AlertKind.Clinical, AlertEvent.Reminder, News2Band.High, "09:17"),
            ("P1", AlertKind.Clinical, AlertEvent.Escalated, News2Band.High, "09:22"),
            ("P1", AlertKind.Clinical, AlertEvent.Reminder, News2Band.High, "09:27"),
        ], alerts.Select(a => (a.PatientId, a.Kind, a.Event, a.Band, a.SentAt.ToString("HH:mm", CultureInfo.InvariantCulture))));
        Assert.Equal(News2Band.Medium, alerts[2].PreviousBand);
        Assert.Equal(["spo2"], alerts[1].Missing);
        Assert.Equal(7, alerts.Select(a => a.DedupeKey).Distinct().Count());
    }

    [Fact]
    public async Task Replay_WithoutOut_WritesOnlyJsonLinesToStandardOutput()
    {
        var readings = await WriteReadingsAsync(Line("P1", "09:00", Medium), Line("P1", "09:01", Medium));

        var er = await ErProcess.RunAsync(_work, "alerts", "--replay", readings);

        Assert.Equal(0, er.ExitCode);
        var line = Assert.Single(er.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal(AlertEvent.Raised, AlertsJson.FromLine(line).Event);
    }

    [Fact]
    public async Task Replay_ABadLine_IsReportedByNumberTheRestReplayedAndExitsOne()
    {
        var readings = await WriteReadingsAsync(
            Line("P1", "09:00", Medium),
            "{not json",
            """{"patientId":"P1","deviceId":"D1","observedAt":"2025-01-15 09:02","respirationRate":22}""",   // a time without a zone
            Line("P1", "09:03", Medium));

        var er = await ErProcess.RunAsync(_work, "alerts", "--replay", readings);

        Assert.Equal(1, er.ExitCode);
        Assert.Contains("readings.jsonl line 2: not a reading", er.Stderr, StringComparison.Ordinal);
        Assert.Contains("readings.jsonl line 3: not a reading", er.Stderr, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"raised\"", er.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_FollowsTheAlertSettings()
    {
        var readings = await WriteReadingsAsync(Line("P1", "09:00", Medium));

        var er = await ErProcess.RunAsync(_work, new Dictionary<string, string> { ["Alerts__PersistenceReadings"] = "1" }, "alerts", "--replay", readings);

        Assert.Equal(0, er.ExitCode);
        Assert.Contains("\"band\":\"Medium\"", er.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_WithAnInvalidSetting_FailsNamingTheSetting()
    {
        var readings = await WriteReadingsAsync(Line("P1", "09:00", Medium));

        var er = await ErProcess.RunAsync(_work, new Dictionary<string, string> { ["Alerts__CoolingMinutes"] = "-5" }, "alerts", "--replay", readings);

        Assert.Equal(3, er.ExitCode);
        Assert.Contains("CoolingMinutes", er.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_OfAFileThatDoesNotExist_ExitsTwoNamingIt()
    {
        var er = await ErProcess.RunAsync(_work, "alerts", "--replay", "nowhere.jsonl");

        Assert.Equal(2, er.ExitCode);
        Assert.Contains("nowhere.jsonl: no such file", er.Stderr, StringComparison.Ordinal);
    }

    private static string Line(string patient, string time, string vitals, string spo2 = "98") =>
        $$"""{"patientId":"{{patient}}","deviceId":"BED-{{patient}}","observedAt":"2025-01-15T{{time}}:00Z","spo2":{{spo2}},"spo2Scale":1,"onOxygen":false,"consciousness":"A",{{vitals}}}""";

    private async Task<string> WriteReadingsAsync(params string[] lines)
    {
        var path = Path.Combine(_work, "readings.jsonl");
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }
}
