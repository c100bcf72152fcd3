using System.Net;
using System.Text;
using System.Text.Json;
using ErPipeline.Access;
using ErPipeline.Ingestion;
using ErPipeline.Warehouse;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ErFunctions.Tests;

/// <summary>The HTTP functions' handlers, composed as the Functions app composes them, called with real HttpContexts.</summary>
public sealed class GetKpisTests : IAsyncLifetime
{
    private const string AnalystKey = "er_functions-test-analyst";
    private readonly string _folder = Directory.CreateTempSubdirectory("er-func-").FullName;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ErStorage"] = "UseDevelopmentStorage=true",
            ["Warehouse:DuckDbPath"] = Path.Combine(_folder, "er.duckdb"),
            ["Access:Keys:powerbi:Sha256"] = ApiKeys.Hash(AnalystKey),
            ["Access:Keys:powerbi:Role"] = "analyst",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddErFunctions(configuration);
        services.AddTransient<GetKpis>().AddTransient<GetVisits>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await _services.GetRequiredService<IWarehouse>().MigrateAsync(default);
        var ingestion = _services.GetRequiredService<IngestionService>();
        await ingestion.IngestAsync(UploadSource.FromBytes("patients.csv", Encoding.UTF8.GetBytes("patient_id,age,gender,blood_group,pre_existing_condition\nP00001,95,F,A+,COPD\n")), null, default);
        await ingestion.IngestAsync(UploadSource.FromBytes("er_visits.csv", Encoding.UTF8.GetBytes(
            "visit_id,patient_id,doctor_id,arrival_time,triage_level,wait_time_minutes,department_routed\nV1,P00001,D001,2025-01-15 09:13:00,3,30,Trauma\n")), null, default);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task GetKpis_WithoutAKey_IsRefusedEvenFromLoopbackWhereTheHostReachesTheWorker()
    {
        var context = Request("/api/kpis", key: null);

        await _services.GetRequiredService<GetKpis>().RunAsync(context.Request, null);

        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
    }

    [Fact]
    public async Task GetKpis_AnalystKey_AnswersTheSectionSuppressed()
    {
        var context = Request("/api/kpis/departments", AnalystKey);

        await _services.GetRequiredService<GetKpis>().RunAsync(context.Request, "departments");

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal("""[{"department":"Trauma","visits":null,"avgWaitMinutes":null,"medianWaitMinutes":null,"p90WaitMinutes":null,"maxWaitMinutes":null,"criticalVisits":0,"suppressed":true}]""", Body(context));
        Assert.False(string.IsNullOrEmpty(context.Response.Headers.ETag));
    }

    [Fact]
    public async Task GetVisits_AnalystKey_MasksThePatient()
    {
        var context = Request("/api/visits", AnalystKey);

        await _services.GetRequiredService<GetVisits>().RunAsync(context.Request);

        using var json = JsonDocument.Parse(Body(context));
        var visit = json.RootElement.GetProperty("value")[0];
        Assert.Equal(("90+", "masked"), (visit.GetProperty("age").GetString(), visit.GetProperty("preExistingCondition").GetString()));
        Assert.StartsWith("S-", visit.GetProperty("patientKey").GetString(), StringComparison.Ordinal);
    }

    private DefaultHttpContext Request(string path, string? key)
    {
        var context = new DefaultHttpContext { RequestServices = _services };
        context.Request.Method = "GET";
        context.Request.Scheme = "https";
        context.Request.Host = new HostString("er-func.azurewebsites.net");
        context.Request.Path = path;
        context.Request.QueryString = new QueryString("?code=function-key");
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (key is not null)
        {
            context.Request.Headers[AccessControl.ApiKeyHeader] = key;
        }

        context.Response.Body = new MemoryStream();
        return context;
    }

    private static string Body(DefaultHttpContext context) => Encoding.UTF8.GetString(((MemoryStream)context.Response.Body).ToArray());
}
