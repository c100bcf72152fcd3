using System.Text.Json;

namespace ErCli.Tests;

public sealed class ScoreCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("er-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Score_ReadingsFile_WritesEachWithItsNews2AndReportsTheBadLineByNumber()
    {
        var file = Path.Combine(_work, "readings.jsonl");
        await File.WriteAllLinesAsync(file,
        [
            """{"patientId":"P1","deviceId":"D1","observedAt":"2026-03-01T12:00:00Z","respirationRate":26,"spo2":98,"onOxygen":false,"systolicBp":95,"heartRate":115,"consciousness":"A","temperatureC":37.0}""",
            "{not json",
            """{"patientId":"P2","deviceId":"D2","observedAt":"2026-03-01T12:00:00Z","respirationRate":16,"spo2":null,"onOxygen":false,"systolicBp":120,"heartRate":null,"consciousness":"A","temperatureC":37.0}""",
        ]);

        var er = await ErProcess.RunAsync(_work, "score", "--in", file);

        Assert.Equal(1, er.ExitCode);
        Assert.Contains("line 2: not a reading", er.Stderr, StringComparison.Ordinal);
        var lines = er.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal((7, "High", true, true), (lines[0].GetProperty("news2").GetInt32(), lines[0].GetProperty("band").GetString(), lines[0].GetProperty("redScore").GetBoolean(), lines[0].GetProperty("complete").GetBoolean()));
        Assert.Equal(3, lines[0].GetProperty("points").GetProperty("respirationRate").GetInt32());
        Assert.Equal("P2", lines[1].GetProperty("patientId").GetString());
        Assert.False(lines[1].GetProperty("complete").GetBoolean());
        Assert.Equal("""["spo2","heartRate"]""", lines[1].GetProperty("missing").GetRawText());
    }
}
