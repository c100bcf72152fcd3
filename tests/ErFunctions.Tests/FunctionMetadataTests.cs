using System.Text.Json;

namespace ErFunctions.Tests;

/// <summary>
/// Azure Functions Core Tools cannot run here, so the wiring the host would read is checked instead: the
/// functions.metadata file the Worker SDK generates at build time.
/// </summary>
public sealed class FunctionMetadataTests
{
    private static JsonElement Function(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "functions.metadata");
        Assert.True(File.Exists(path), $"functions.metadata not found next to the tests ({path}); the Functions project did not generate it.");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateArray().Single(f => f.GetProperty("name").GetString() == name).Clone();
    }

    [Fact]
    public void IngestUpload_IsAnEventGridBlobTriggerOnTheUploadsContainer()
    {
        var function = Function("IngestUpload");
        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");

        Assert.Equal("ErFunctions.IngestUpload.RunAsync", function.GetProperty("entryPoint").GetString());
        Assert.Equal("blobTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal("er-uploads/{name}", trigger.GetProperty("path").GetString());
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("ErStorage", trigger.GetProperty("connection").GetString());
    }

    [Theory]
    [InlineData("GetKpis", "kpis/{section?}")]
    [InlineData("GetVisits", "visits")]
    public void FeedFunctions_AreGetHttpTriggersBehindAFunctionKey(string name, string route)
    {
        var trigger = Function(name).GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");

        Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(route, trigger.GetProperty("route").GetString());
        Assert.Equal("Function", trigger.GetProperty("authLevel").GetString());
        Assert.Equal(["get"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public void AcknowledgeAlert_IsAPostHttpTriggerBehindAFunctionKey()
    {
        var trigger = Function("AcknowledgeAlert").GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");

        Assert.Equal(("httpTrigger", "alerts/{patientId}/ack", "Function"),
            (trigger.GetProperty("type").GetString(), trigger.GetProperty("route").GetString(), trigger.GetProperty("authLevel").GetString()));
        Assert.Equal(["post"], trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Theory]
    [InlineData("GenerateVitals", "%GenerateVitalsSchedule%", true)]       // each run covers the time since the previous one
    [InlineData("SendAlertReminders", "%SendAlertRemindersSchedule%", false)]   // a missed run needs no catch-up
    public void VitalsTimers_TakeTheirScheduleFromAFlatAppSetting(string name, string schedule, bool useMonitor)
    {
        var function = Function(name);
        var trigger = function.GetProperty("bindings").EnumerateArray().Single(b => b.GetProperty("direction").GetString() == "In");

        Assert.Equal($"ErFunctions.{name}.RunAsync", function.GetProperty("entryPoint").GetString());
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(schedule, trigger.GetProperty("schedule").GetString());
        Assert.Equal(useMonitor, trigger.GetProperty("useMonitor").GetBoolean());
    }

    [Fact]
    public void VitalsTimerSchedules_AreSetInTheLocalSettingsSample()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(ErTests.Support.RepositoryPaths.Of("local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");

        Assert.Equal("0 * * * * *", values.GetProperty("GenerateVitalsSchedule").GetString());
        Assert.Equal("*/30 * * * * *", values.GetProperty("SendAlertRemindersSchedule").GetString());
    }
}
