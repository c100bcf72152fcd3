using System.Security.Cryptography;
using ErTests.Support;
using ErTests.FakeSnowflake;

namespace ErCli.Tests;

/// <summary>
/// <c>er … --warehouse snowflake</c> and <c>er snowflake check</c> as a user runs them: the real er process with
/// Snowflake__* environment variables, talking over loopback to the fake SQL API, which checks the key-pair JWT and
/// runs the statements on a DuckDB file.
/// </summary>
public sealed class SnowflakeCommandTests : IAsyncLifetime
{
    private const string Account = "FAKE-ACCOUNT";
    private const string User = "ER_FUNCTION";
    private readonly string _work = Directory.CreateTempSubdirectory("er-cli-snowflake-").FullName;
    private readonly RSA _key = RSA.Create(2048);
    private DuckDbSqlBackend _backend = null!;
    private FakeSnowflakeServer _server = null!;

    private string Stage => Path.Combine(_work, "stage");

    public async Task InitializeAsync()
    {
        _backend = new DuckDbSqlBackend(Path.Combine(_work, "snowflake.duckdb"), Stage);
        _server = await FakeSnowflakeServer.StartAsync(_backend, _key, Account, User);
        await File.WriteAllTextAsync(Path.Combine(_work, "er_function.p8"), _key.ExportPkcs8PrivateKeyPem());
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _key.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task IngestAndKpis_WithWarehouseSnowflake_LoadThroughTheSqlApiAndAnswerAsDuckDbDoes()
    {
        var ingest = await ErProcess.RunAsync(_work, Settings(), "ingest", RepositoryPaths.Data(""), "--warehouse", "snowflake");
        Assert.True(ingest.ExitCode == 0, ingest.Stdout + ingest.Stderr);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(Stage, "visits")));
        Assert.Equal(1000L, Scalar("SELECT COUNT(*) FROM dim_patient WHERE NOT is_inferred"));

        var viaSnowflake = await ErProcess.RunAsync(_work, Settings(), "kpis", "--section", "departments", "--format", "csv", "--warehouse", "snowflake");
        var duckDb = Path.Combine(_work, "local.duckdb");
        await ErProcess.RunAsync(_work, "ingest", RepositoryPaths.Data(""), "--warehouse", duckDb);
        var viaDuckDb = await ErProcess.RunAsync(_work, "kpis", "--section", "departments", "--format", "csv", "--warehouse", duckDb);

        Assert.True(viaSnowflake.ExitCode == 0, viaSnowflake.Stderr);
        Assert.Equal(viaDuckDb.Stdout, viaSnowflake.Stdout);
        Assert.Contains("Cardiology", viaSnowflake.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Up_WithWarehouseSnowflake_LoadsServesAndRecordsTheWardsVitalsAndAlertsInSnowflake()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_work, "inbox")).FullName;
        File.Copy(RepositoryPaths.Data("patients.csv"), Path.Combine(inbox, "patients.csv"));
        File.Copy(RepositoryPaths.Data("er_visits.csv"), Path.Combine(inbox, "er_visits.csv"));
        var settings = Settings(("Vitals__SimulationSpeed", "600"), ("Vitals__SimulatedPatients", "30"));
        using var er = ErProcess.Start(_work, settings, "up", "--inbox", inbox, "--urls", "http://127.0.0.1:0", "--warehouse", "snowflake");

        var feed = await er.WaitForAddressAsync(TimeSpan.FromSeconds(60));
        await er.WaitForOutputAsync("er_visits.csv", TimeSpan.FromSeconds(90));
        await er.WaitForOutputAsync("alert raised", TimeSpan.FromSeconds(120));
        using var http = new HttpClient { BaseAddress = feed };
        using var summary = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("api/kpis/summary"));
        er.Interrupt();
        await er.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(er.ExitCode == 0, er.Stdout + er.Stderr);
        Assert.Equal(5_000, summary.RootElement[0].GetProperty("totalVisits").GetInt64());
        Assert.Equal(5_000L, Scalar("SELECT COUNT(*) FROM fact_er_visit"));
        Assert.True(Scalar("SELECT COUNT(*) FROM fact_vital") > 0);
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM stg_vital"));
        var raised = (await File.ReadAllLinesAsync(Path.Combine(_work, ".er", "alerts.jsonl"))).Select(ErPipeline.Alerts.AlertsJson.FromLine)
            .Count(a => a.Event == ErPipeline.Alerts.AlertEvent.Raised);
        Assert.True(raised > 0);
        Assert.Equal(raised, Scalar("SELECT COUNT(*) FROM fact_alert_event WHERE event = 'raised'"));
    }

    [Fact]
    public async Task SnowflakeCheck_OnAReadyAccount_PassesEveryCheckAndPrintsTheKeyFingerprint()
    {
        await ErProcess.RunAsync(_work, Settings(), "ingest", RepositoryPaths.Data("patients.csv"), "--warehouse", "snowflake");

        var er = await ErProcess.RunAsync(_work, Settings(), "snowflake", "check");

        Assert.True(er.ExitCode == 0, er.Stdout + er.Stderr);
        var fingerprint = "SHA256:" + Convert.ToBase64String(SHA256.HashData(_key.ExportSubjectPublicKeyInfo()));
        Assert.Contains(fingerprint, er.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok    grants", er.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok    stage", er.Stdout, StringComparison.Ordinal);
        Assert.Contains("ok    curated", er.Stdout, StringComparison.Ordinal);
        Assert.Contains("Snowflake is ready", er.Stdout, StringComparison.Ordinal);
        Assert.Equal(0L, Scalar("SELECT COUNT(*) FROM load_audit WHERE kind = 'probe'"));
    }

    [Fact]
    public async Task SnowflakeCheck_WhenTheRoleCannotUseTheWarehouse_FailsAndSaysWhichGrantIsMissing()
    {
        _backend.Session["CURRENT_WAREHOUSE"] = null;

        var er = await ErProcess.RunAsync(_work, Settings(), "snowflake", "check");

        Assert.Equal(3, er.ExitCode);
        Assert.Contains("FAIL  warehouse", er.Stdout, StringComparison.Ordinal);
        Assert.Contains("USAGE on the warehouse", er.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SnowflakeCheck_WithAKeySnowflakeDoesNotKnow_FailsTheConnectionAndNamesTheFingerprint()
    {
        using var other = RSA.Create(2048);
        var otherKey = Path.Combine(_work, "other.p8");
        await File.WriteAllTextAsync(otherKey, other.ExportPkcs8PrivateKeyPem());

        var er = await ErProcess.RunAsync(_work, Settings(("Snowflake__PrivateKeyPath", otherKey)), "snowflake", "check");

        Assert.Equal(3, er.ExitCode);
        Assert.Contains("FAIL  connection", er.Stdout, StringComparison.Ordinal);
        Assert.Contains("SHA256:" + Convert.ToBase64String(SHA256.HashData(other.ExportSubjectPublicKeyInfo())), er.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarehouseSnowflake_WithoutAnAccount_StopsNamingTheMissingSetting()
    {
        var settings = Settings();
        settings.Remove("Snowflake__Account");

        var er = await ErProcess.RunAsync(_work, settings, "kpis", "--warehouse", "snowflake");

        Assert.Equal(3, er.ExitCode);
        Assert.Contains("Snowflake__Account", er.Stderr, StringComparison.Ordinal);
    }

    private Dictionary<string, string> Settings(params (string Name, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string>
        {
            ["Snowflake__Account"] = Account,
            ["Snowflake__User"] = User,
            ["Snowflake__Host"] = _server.BaseUri.ToString(),
            ["Snowflake__PrivateKeyPath"] = Path.Combine(_work, "er_function.p8"),
            ["Snowflake__CuratedPath"] = Stage,
        };
        foreach (var (name, value) in overrides)
        {
            settings[name] = value;
        }

        return settings;
    }

    private long Scalar(string sql) =>
        Convert.ToInt64(_backend.Run([new FakeSqlStatement(sql, [])])[0].Rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
}
