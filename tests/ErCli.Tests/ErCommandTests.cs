using System.Text.Json;
using Azure.Storage.Blobs;
using ErTests.Emulators;
using ErTests.Support;

namespace ErCli.Tests;

public sealed class ErCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("er-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private static string Data(string file = "") => RepositoryPaths.Data(file);

    [Fact]
    public async Task Ingest_SampleData_PrintsTheJsonReportAndExitsZero()
    {
        var er = await ErProcess.RunAsync(_work, "ingest", Data(), "--json");

        Assert.True(er.ExitCode == 0, er.Stderr);
        using var report = JsonDocument.Parse(er.Stdout);
        var files = report.RootElement.GetProperty("files").EnumerateArray().ToDictionary(f => f.GetProperty("file").GetString()!);
        Assert.Equal(["patients.csv", "er_visits.csv", "er_visits_dirty.csv"], files.Keys);
        Assert.All(files.Values, f => Assert.Equal("loaded", f.GetProperty("status").GetString()));
        Assert.Equal(1_000, files["patients.csv"].GetProperty("rowsAccepted").GetInt64());
        Assert.Equal(5_000, files["er_visits.csv"].GetProperty("rowsAccepted").GetInt64());
        var dirty = files["er_visits_dirty.csv"];
        Assert.Equal((30, 20, 10), (dirty.GetProperty("rowsRead").GetInt64(), dirty.GetProperty("rowsAccepted").GetInt64(), dirty.GetProperty("rowsQuarantined").GetInt64()));
        Assert.Equal(10, dirty.GetProperty("reasons").EnumerateObject().Sum(r => r.Value.GetInt64()));
        Assert.True(File.Exists(Path.Combine(_work, ".er", "er.duckdb")), "the default warehouse is .er/er.duckdb under the working directory");
    }

    [Theory]
    [InlineData("generate --patients abc", "--patients")]
    [InlineData("generate --visits -5", "--visits must not be negative")]
    [InlineData("ingest", "Required argument missing")]
    public async Task BadUsage_ExitsTwoNamingWhatIsWrong(string arguments, string message)
    {
        var er = await ErProcess.RunAsync(_work, arguments.Split(' '));

        Assert.Equal(2, er.ExitCode);
        Assert.Contains(message, er.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_TheSameFilesAgain_ReportsThemAlreadyLoaded()
    {
        await ErProcess.RunAsync(_work, "ingest", Data("patients.csv"));

        var er = await ErProcess.RunAsync(_work, "ingest", Data("patients.csv"), "--json");

        using var report = JsonDocument.Parse(er.Stdout);
        Assert.Equal("already-loaded", report.RootElement.GetProperty("files")[0].GetProperty("status").GetString());
        Assert.Equal(0, er.ExitCode);
    }

    [Fact]
    public async Task Ingest_ARejectedFile_ExitsOneAndSaysWhy()
    {
        var file = Path.Combine(_work, "roster.csv");
        await File.WriteAllTextAsync(file, "name,shift\nAda,night\n");

        var er = await ErProcess.RunAsync(_work, "ingest", file, "--warehouse", Path.Combine(_work, "w.duckdb"));

        Assert.Equal(1, er.ExitCode);
        Assert.Contains("rejected", er.Stdout);
        Assert.Contains("header is neither patients", er.Stdout);
        Assert.True(File.Exists(Path.Combine(_work, "w.duckdb")), "--warehouse chooses the DuckDB file");
        Assert.Single(Directory.GetFiles(Path.Combine(_work, ".er", "quarantine", "files"), "*_roster.csv"));
    }

    [Fact]
    public async Task Ingest_APathThatDoesNotExist_ExitsTwoNamingIt()
    {
        var er = await ErProcess.RunAsync(_work, "ingest", "nowhere/visits.csv");

        Assert.Equal(2, er.ExitCode);
        Assert.Contains("not found: nowhere/visits.csv", er.Stderr);
    }

    [Fact]
    public async Task Ingest_WithAnInvalidSetting_FailsNamingTheSetting()
    {
        using var er = ErProcess.Start(_work, new Dictionary<string, string> { ["Warehouse__DuckDbMemoryLimit"] = "lots" }, "ingest", Data("patients.csv"));
        await er.WaitForExitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(3, er.ExitCode);
        Assert.Contains("Warehouse:DuckDbMemoryLimit", er.Stderr);
    }

    [Fact]
    public async Task Generate_WithTheDefaults_WritesTheCommittedSampleData()
    {
        var er = await ErProcess.RunAsync(_work, "generate", "--out", "samples", "--dirty", "30");

        Assert.Equal(0, er.ExitCode);
        foreach (var file in new[] { "patients.csv", "er_visits.csv", "er_visits_dirty.csv" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Data(file)), await File.ReadAllBytesAsync(Path.Combine(_work, "samples", file)));
        }
    }

    [Fact]
    public async Task Up_LoadsTheInboxThenFilesDroppedLaterUntilCtrlC()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_work, "inbox")).FullName;
        File.Copy(Data("patients.csv"), Path.Combine(inbox, "patients.csv"));
        using var er = ErProcess.Start(_work, null, "up", "--inbox", inbox, "--urls", "http://127.0.0.1:0");

        var feed = await er.WaitForAddressAsync(TimeSpan.FromSeconds(60));
        await er.WaitForOutputAsync("Watching", TimeSpan.FromSeconds(60));
        await er.WaitForOutputAsync("patients.csv", TimeSpan.FromSeconds(60));
        File.Copy(Data("er_visits.csv"), Path.Combine(inbox, "er_visits.csv"));
        await er.WaitForOutputAsync("er_visits.csv", TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = feed };
        using var summary = JsonDocument.Parse(await http.GetStringAsync("api/kpis/summary"));
        er.Interrupt();
        await er.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, er.ExitCode);
        Assert.Contains("applied 0001_core_schema", er.Stdout);
        Assert.Contains("5,000", er.Stdout);
        Assert.Contains("Stopped.", er.Stdout);
        Assert.Contains("anyone on this machine can read the feed as admin", er.Stdout);
        Assert.Equal(5_000, summary.RootElement[0].GetProperty("totalVisits").GetInt64());   // served while it ingests, fresh after the load
        var again = await ErProcess.RunAsync(_work, "ingest", Path.Combine(inbox, "er_visits.csv"), "--json");
        Assert.Contains("already-loaded", again.Stdout);
    }

    [Fact]
    public async Task Up_SimulatesTheWardOfTheLoadedPatientsAndRecordsItsAlertsForTheFeed()
    {
        var inbox = Directory.CreateDirectory(Path.Combine(_work, "inbox")).FullName;
        File.Copy(Data("patients.csv"), Path.Combine(inbox, "patients.csv"));
        File.Copy(Data("er_visits.csv"), Path.Combine(inbox, "er_visits.csv"));
        var fast = new Dictionary<string, string> { ["Vitals__SimulationSpeed"] = "600", ["Vitals__SimulatedPatients"] = "30" };
        using var er = ErProcess.Start(_work, fast, "up", "--inbox", inbox, "--no-serve");

        await er.WaitForOutputAsync("Simulating 30 bedside monitors (30 from recent visits, 0 synthetic)", TimeSpan.FromSeconds(60));
        await er.WaitForOutputAsync("alert raised", TimeSpan.FromSeconds(90));
        er.Interrupt();
        await er.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, er.ExitCode);
        var alerts = (await File.ReadAllLinesAsync(Path.Combine(_work, ".er", "alerts.jsonl"))).Select(ErPipeline.Alerts.AlertsJson.FromLine).ToList();
        Assert.Contains(alerts, a => a.Event == ErPipeline.Alerts.AlertEvent.Raised);
        var feed = await ErProcess.RunAsync(_work, "kpis", "--section", "alerts");
        using var section = JsonDocument.Parse(feed.Stdout);
        Assert.Equal(alerts.Count(a => a.Event == ErPipeline.Alerts.AlertEvent.Raised),
            section.RootElement.EnumerateArray().Where(r => r.GetProperty("event").GetString() == "raised").Sum(r => r.GetProperty("alerts").GetInt64()));
    }

    [Fact]
    public async Task Up_WithAzurite_LoadsBlobsDroppedIntoTheUploadsContainer()
    {
        var azurite = new AzuriteFixture();
        await azurite.InitializeAsync();
        try
        {
            var uploads = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("er-uploads");
            await uploads.CreateIfNotExistsAsync();
            using var er = ErProcess.Start(_work, null, "up", "--storage", azurite.ConnectionString, "--no-serve");
            await er.WaitForOutputAsync("Watching", TimeSpan.FromSeconds(60));

            await uploads.GetBlobClient("incoming/patients.csv").UploadAsync(Data("patients.csv"));
            await er.WaitForOutputAsync("incoming/patients.csv", TimeSpan.FromSeconds(60));
            er.Interrupt();
            await er.WaitForExitAsync(TimeSpan.FromSeconds(30));

            Assert.Contains("1,000", er.Stdout);
            Assert.Contains("er-uploads", er.Stdout);
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }
}
