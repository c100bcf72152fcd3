using System.Text.Json;

namespace ErPipeline.Tests.Kpis;

public sealed class VisitFeedTests : KpiTest
{
    [Fact]
    public async Task Admin_Visits_ShowIdentitiesAgesAndConditions()
    {
        await LoadSmallEdAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var json = await JsonAsync(await server.GetAsync("/api/visits?department=Trauma", FeedServer.AdminKey));

        var v02 = json.RootElement.GetProperty("value")[1];
        Assert.Equal(
            """{"visitId":"V02","patientKey":"P00002","doctorId":"D1","arrivalTime":"2025-01-06T09:30:00","triageLevel":2,"waitTimeMinutes":20,"department":"Trauma","age":"92","gender":"Male","bloodGroup":"O-","preExistingCondition":"Asthma"}""",
            v02.GetRawText());
    }

    [Fact]
    public async Task Analyst_Visits_AreMaskedWithRandomSurrogatesStableAcrossRequests()
    {
        await LoadSmallEdAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var first = await JsonAsync(await server.GetAsync("/api/visits", FeedServer.AnalystKey));
        using var second = await JsonAsync(await server.GetAsync("/api/visits", FeedServer.AnalystKey));

        var rows = first.RootElement.GetProperty("value").EnumerateArray().ToArray();
        Assert.Equal(11, rows.Length);
        var keys = rows.Select(r => r.GetProperty("patientKey").GetString()!).ToArray();
        Assert.All(keys, k => Assert.Matches("^S-[0-9A-HJKMNP-TV-Z]{16}$", k));
        Assert.Equal(5, keys.Distinct().Count());                                   // one per patient…
        Assert.Equal(keys[0], keys[3]);                                              // …V01 and V04 are both P00001
        Assert.Equal(keys, second.RootElement.GetProperty("value").EnumerateArray().Select(r => r.GetProperty("patientKey").GetString()));
        var v02 = rows[1];
        Assert.Equal("90+", v02.GetProperty("age").GetString());
        Assert.Equal("masked", v02.GetProperty("preExistingCondition").GetString());
        Assert.Equal("34", rows[0].GetProperty("age").GetString());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("preExistingCondition").ValueKind);
        Assert.DoesNotContain("P0000", first.RootElement.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("Asthma", first.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Analyst_SurrogateKeys_AreNotDerivedFromTheId()
    {
        await LoadSmallEdAsync();
        await using var one = await FeedServer.StartAsync(Pipeline);
        using var json = await JsonAsync(await one.GetAsync("/api/visits?pageSize=1", FeedServer.AnalystKey));

        await using var other = await PipelineFixture.CreateAsync();
        await other.IngestAsync("patients.csv", Patients);
        await other.IngestAsync("er_visits.csv", Visits);
        await using var two = await FeedServer.StartAsync(other);
        using var otherJson = await JsonAsync(await two.GetAsync("/api/visits?pageSize=1", FeedServer.AnalystKey));

        // The same patient in two warehouses gets unrelated keys: nothing about P00001 decides its key.
        Assert.NotEqual(
            json.RootElement.GetProperty("value")[0].GetProperty("patientKey").GetString(),
            otherJson.RootElement.GetProperty("value")[0].GetProperty("patientKey").GetString());
    }

    [Fact]
    public async Task Paging_FollowingNextLink_ReturnsEveryVisitOnceInOrder()
    {
        await LoadSmallEdAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        var seen = new List<string>();
        var links = new List<string?>();
        string? next = "/api/visits?pageSize=4&triage=1,2,3,4,5";
        while (next is not null)
        {
            using var page = await JsonAsync(await server.GetAsync(next));
            seen.AddRange(page.RootElement.GetProperty("value").EnumerateArray().Select(v => v.GetProperty("visitId").GetString()!));
            next = page.RootElement.GetProperty("nextLink").GetString();
            links.Add(next);
        }

        Assert.Equal(["V01", "V02", "V03", "V04", "V05", "V06", "V07", "V08", "V09", "V10", "V11"], seen);
        Assert.Equal(3, links.Count);
        Assert.StartsWith(server.Client.BaseAddress + "api/visits?pageSize=4&triage=1,2,3,4,5&after=V04", links[0], StringComparison.Ordinal);
        Assert.Null(links[2]);
    }

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
    }
}
