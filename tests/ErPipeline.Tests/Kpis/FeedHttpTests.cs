using System.Net;
using System.Text;
using System.Text.Json;
using ErPipeline.Access;
using ErPipeline.Kpis;

namespace ErPipeline.Tests.Kpis;

public sealed class FeedHttpTests : KpiTest
{
    [Fact]
    public async Task Document_AdminKey_HoldsMetadataAndEverySection()
    {
        await LoadSmallEdAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var response = await server.GetAsync("/api/kpis?from=2025-01-01&department=Trauma&department=Cardiology&triage=3,1");
        using var json = await JsonAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var root = json.RootElement;
        Assert.Equal(1, root.GetProperty("schemaVersion").GetInt32());
        Assert.Equal("2026-03-01T12:00:00.000Z", root.GetProperty("generatedAt").GetString());
        Assert.Equal("2026-03-01T12:00:00.000Z", root.GetProperty("dataWatermark").GetString());
        Assert.Equal("admin", root.GetProperty("role").GetString());
        Assert.Equal("""{"from":"2025-01-01","to":null,"department":["Cardiology","Trauma"],"triage":[1,3]}""", root.GetProperty("filters").GetRawText());
        Assert.Equal(KpiCatalog.Sections.Select(s => s.Name), root.EnumerateObject().Skip(6).Select(p => p.Name));
        Assert.Equal(4, root.GetProperty("summary").GetProperty("totalVisits").GetInt64());       // V01 V03 V04 V08
    }

    [Fact]
    public async Task Section_Csv_IsTheSameRowsWithAHeader()
    {
        await LoadSmallEdAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var response = await server.GetAsync("/api/kpis/departments?format=csv&department=Cardiology&department=General%20ER");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            "department,visits,avgWaitMinutes,medianWaitMinutes,p90WaitMinutes,maxWaitMinutes,criticalVisits,suppressed\r\n" +
            "Cardiology,3,45.333333333333336,45,57.800000000000004,61,0,false\r\n" +   // unrounded, as DuckDB interpolates
            "General ER,2,77.5,77.5,119.5,130,0,false\r\n",
            csv);
    }

    [Fact]
    public async Task Section_Json_IsAFlatArrayEvenForTheSummary()
    {
        await LoadSmallEdAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var summary = await JsonAsync(await server.GetAsync("/api/kpis/summary"));
        using var triage = await JsonAsync(await server.GetAsync("/api/kpis/TRIAGE?triage=2"));

        Assert.Equal(JsonValueKind.Array, summary.RootElement.ValueKind);
        Assert.Equal(11, summary.RootElement[0].GetProperty("totalVisits").GetInt64());
        Assert.Equal("""[{"triageLevel":2,"visits":2,"avgWaitMinutes":15,"medianWaitMinutes":15,"p90WaitMinutes":19,"targetMinutes":15,"withinTargetPct":50,"suppressed":false}]""",
            triage.RootElement.GetRawText());
    }

    [Theory]
    [InlineData("/api/kpis?from=2025-02-30", 400, "from")]
    [InlineData("/api/kpis?colour=red", 400, "colour")]
    [InlineData("/api/kpis?format=csv", 400, "format")]
    [InlineData("/api/kpis/waits", 404, null)]
    [InlineData("/api/visits?pageSize=9999", 400, "pageSize")]
    public async Task BadRequest_AnswersWithAMessageNamingWhatIsWrong(string path, int status, string? parameter)
    {
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var response = await server.GetAsync(path);
        using var json = await JsonAsync(response);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(json.RootElement.GetProperty("error").GetString()));
        Assert.Equal(parameter, json.RootElement.TryGetProperty("parameter", out var p) ? p.GetString() : null);
    }

    [Theory]
    [InlineData("/api/kpis", null, 401)]
    [InlineData("/api/kpis", "er_not-a-key", 401)]
    [InlineData("/api/kpis", FeedServer.ClinicianKey, 403)]
    [InlineData("/api/visits", FeedServer.ClinicianKey, 403)]
    [InlineData("/api/kpis", FeedServer.AnalystKey, 200)]
    [InlineData("/api/visits", FeedServer.AnalystKey, 200)]
    [InlineData("/api/visits", FeedServer.AdminKey, 200)]
    public async Task Access_ByKey_IsDecidedByTheKeysRole(string path, string? key, int status)
    {
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var response = await server.GetAsync(path, key);

        Assert.Equal(status, (int)response.StatusCode);
    }

    [Fact]
    public async Task Access_NoKeysConfigured_LetsLoopbackInAsAdminOnlyWhereTheHostAllowsIt()
    {
        await using (var local = await FeedServer.StartAsync(Pipeline, withKeys: false, anonymousOnLoopback: true))
        {
            using var json = await JsonAsync(await local.GetAsync("/api/kpis", key: null));
            Assert.Equal("admin", json.RootElement.GetProperty("role").GetString());
        }

        await using var functions = await FeedServer.StartAsync(Pipeline, withKeys: false, anonymousOnLoopback: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await functions.GetAsync("/api/kpis", key: null)).StatusCode);
    }

    [Fact]
    public async Task Access_AppServicePrincipal_GivesItsRoleOnlyWhenTrusted()
    {
        var analyst = Convert.ToBase64String(Encoding.UTF8.GetBytes(
            """{"auth_typ":"aad","name_typ":"name","role_typ":"roles","claims":[{"typ":"name","val":"Ann"},{"typ":"roles","val":"analyst"}]}"""));
        var nobody = Convert.ToBase64String(Encoding.UTF8.GetBytes("""{"auth_typ":"aad","role_typ":"roles","claims":[{"typ":"roles","val":"reader"}]}"""));

        await using (var trusted = await FeedServer.StartAsync(Pipeline, trustPrincipal: true))
        {
            using var json = await JsonAsync(await trusted.GetAsync("/api/kpis", key: null, principal: analyst));
            Assert.Equal("analyst", json.RootElement.GetProperty("role").GetString());
            Assert.Equal(HttpStatusCode.Forbidden, (await trusted.GetAsync("/api/kpis", key: null, principal: nobody)).StatusCode);
        }

        await using var untrusted = await FeedServer.StartAsync(Pipeline, trustPrincipal: false);
        Assert.Equal(HttpStatusCode.Unauthorized, (await untrusted.GetAsync("/api/kpis", key: null, principal: analyst)).StatusCode);
    }

    [Fact]
    public async Task Analyst_Document_IsSuppressedAndSaysSo()
    {
        await LoadSmallEdAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var json = await JsonAsync(await server.GetAsync("/api/kpis", FeedServer.AnalystKey));

        var root = json.RootElement;
        Assert.Equal("""{"minimumCount":11,"applied":true}""", root.GetProperty("suppression").GetRawText());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("summary").GetProperty("patients").ValueKind);
        Assert.All(root.GetProperty("departments").EnumerateArray(), d => Assert.True(d.GetProperty("suppressed").GetBoolean()));
    }

    [Fact]
    public async Task ETag_UnchangedData_Answers304AndANewLoadChangesIt()
    {
        await LoadSmallEdAsync();
        await using var server = await FeedServer.StartAsync(Pipeline);

        using var first = await server.GetAsync("/api/kpis/summary");
        var tag = first.Headers.ETag!.ToString();
        using var again = await server.GetAsync("/api/kpis/summary", ifNoneMatch: tag);
        using var otherFilter = await server.GetAsync("/api/kpis/summary?triage=1", ifNoneMatch: tag);
        using var otherRole = await server.GetAsync("/api/kpis/summary", FeedServer.AnalystKey, ifNoneMatch: tag);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Equal(tag, again.Headers.ETag!.ToString());
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, otherFilter.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherRole.StatusCode);
        Assert.True(first.Headers.CacheControl is { Private: true, NoCache: true });

        Pipeline.Time.Advance(TimeSpan.FromMinutes(1));
        await Pipeline.IngestAsync("er_visits_2.csv", "visit_id,patient_id,doctor_id,arrival_time,triage_level,wait_time_minutes,department_routed\nV12,P00001,D1,2025-03-01 10:00:00,3,15,Trauma\n");
        using var afterLoad = await server.GetAsync("/api/kpis/summary", ifNoneMatch: tag);
        using var json = await JsonAsync(afterLoad);

        Assert.Equal(HttpStatusCode.OK, afterLoad.StatusCode);
        Assert.NotEqual(tag, afterLoad.Headers.ETag!.ToString());
        Assert.Equal(12, json.RootElement[0].GetProperty("totalVisits").GetInt64());
    }

    [Fact]
    public async Task Cache_LoadByAnotherProcess_IsSeenOnceTheWatermarkIsReadAgain()
    {
        await LoadSmallEdAsync();
        await using var server = await FeedServer.StartAsync(Pipeline, settings: new Dictionary<string, string?> { ["Kpis:WatermarkRefreshSeconds"] = "30" });
        using var before = await server.GetAsync("/api/kpis/summary");
        var tag = before.Headers.ETag!.ToString();

        // Another instance's load: the rows and the audit change, this process hears nothing of it.
        await Pipeline.Warehouse.QueryAsync("INSERT INTO fact_er_visit SELECT 'V99', patient_id, doctor_id, arrival_time, triage_level, wait_time_minutes, department, load_id, loaded_at FROM fact_er_visit WHERE visit_id = 'V01'");
        await Pipeline.Warehouse.QueryAsync("INSERT INTO load_audit SELECT 'other', 'other.csv', 'ff', kind, status, 1, 1, 0, 0, 0, '{}', '[]', started_at, finished_at + INTERVAL 1 MINUTE, 1 FROM load_audit WHERE kind = 'visits'");
        using var within = await server.GetAsync("/api/kpis/summary", ifNoneMatch: tag);
        Pipeline.Time.Advance(TimeSpan.FromSeconds(31));
        using var after = await server.GetAsync("/api/kpis/summary", ifNoneMatch: tag);

        Assert.Equal(HttpStatusCode.NotModified, within.StatusCode);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        using var json = await JsonAsync(after);
        Assert.Equal(12, json.RootElement[0].GetProperty("totalVisits").GetInt64());
    }

    private static async Task<JsonDocument> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsByteArrayAsync());
}
