using System.Net;
using System.Text.Json;
using ErPipeline.Alerts;
using ErPipeline.Vitals;
using Microsoft.Extensions.Logging.Abstractions;

namespace ErPipeline.Tests.Kpis;

/// <summary>The on-call clinician acknowledges over HTTP (real Kestrel), which silences the alert's reminders.</summary>
public sealed class AcknowledgeTests : KpiTest
{
    private static readonly News2Score High = new(8, News2Band.High, false,
        [new("respirationRate", "24", 2), new("heartRate", "115", 2), new("systolicBp", "95", 2), new("temperatureC", "39.5", 2)], [], []);

    private AlertEngine Engine() =>
        new(new WarehouseAlertStateStore(Pipeline.Warehouse), Microsoft.Extensions.Options.Options.Create(new AlertOptions()), Pipeline.Time, NullLogger<AlertEngine>.Instance);

    private async Task<string> RaiseHighAsync()
    {
        var engine = Engine();
        foreach (var minutesAgo in new[] { 2, 1 })
        {
            var sent = await engine.ProcessAsync(new VitalReading { PatientId = "P00001", DeviceId = "BED-1", ObservedAt = PipelineFixture.LoadTime.AddMinutes(-minutesAgo) }, High, default);
            if (sent.Count > 0)
            {
                return sent[0].AlertId;
            }
        }

        throw new InvalidOperationException("The High did not page.");
    }

    [Fact]
    public async Task Acknowledge_ByTheClinician_StopsTheReminders()
    {
        var alertId = await RaiseHighAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var response = await Post(server, "/api/alerts/P00001/ack", FeedServer.ClinicianKey);
        Pipeline.Time.Advance(TimeSpan.FromMinutes(20));
        var due = await Engine().DueAsync(default);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var acknowledged = Assert.Single(json.RootElement.GetProperty("acknowledged").EnumerateArray());
        Assert.Equal((alertId, "clinician"), (acknowledged.GetProperty("alertId").GetString(), acknowledged.GetProperty("acknowledgedBy").GetString()));
        Assert.Empty(due);
    }

    [Fact]
    public async Task Acknowledge_UnacknowledgedHigh_KeepsRemindingWithoutIt()
    {
        await RaiseHighAsync();
        Pipeline.Time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(AlertEvent.Reminder, Assert.Single(await Engine().DueAsync(default)).Event);
    }

    [Theory]
    [InlineData(FeedServer.AnalystKey, "/api/alerts/P00001/ack", HttpStatusCode.Forbidden)]
    [InlineData(null, "/api/alerts/P00001/ack", HttpStatusCode.Unauthorized)]
    [InlineData(FeedServer.AdminKey, "/api/alerts/P09999/ack", HttpStatusCode.NotFound)]
    public async Task Acknowledge_ByTheWrongCallerOrForNoAlert_IsRefused(string? key, string path, HttpStatusCode status)
    {
        await RaiseHighAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var response = await Post(server, path, key);

        Assert.Equal(status, response.StatusCode);
    }

    private static Task<HttpResponseMessage> Post(FeedServer server, string path, string? key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (key is not null)
        {
            request.Headers.Add(Access.AccessControl.ApiKeyHeader, key);
        }

        return server.Client.SendAsync(request);
    }
}
