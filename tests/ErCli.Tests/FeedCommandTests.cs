using System.Globalization;
using System.Net;
using System.Text.Json;
using ErTests.Support;

namespace ErCli.Tests;

public sealed class FeedCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("er-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Kpis_SampleData_AgreesWithTheCsvFilesCountedApart()
    {
        await ErProcess.RunAsync(_work, "ingest", RepositoryPaths.Data("patients.csv"), RepositoryPaths.Data("er_visits.csv"));

        var er = await ErProcess.RunAsync(_work, "kpis", "--section", "departments", "--format", "csv", "--triage", "1,2");

        Assert.True(er.ExitCode == 0, er.Stderr);
        // The clean sample has no quoting, so a split is a second, independent reading of it.
        var expected = File.ReadLines(RepositoryPaths.Data("er_visits.csv")).Skip(1).Select(l => l.Split(','))
            .Where(f => f[4] is "1" or "2")
            .GroupBy(f => f[6])
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key},{g.Count()},{g.Average(f => double.Parse(f[5], CultureInfo.InvariantCulture)).ToString("R", CultureInfo.InvariantCulture)}");
        var actual = er.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Skip(1).Select(l => string.Join(',', l.Split(',').Take(3)));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task Kpis_Document_IsTheFeedsJsonWithEverySection()
    {
        await ErProcess.RunAsync(_work, "ingest", RepositoryPaths.Data(""));

        var er = await ErProcess.RunAsync(_work, "kpis", "--role", "analyst", "--department", "Trauma", "--department", "Cardiology", "--from", "2025-03-01");

        Assert.True(er.ExitCode == 0, er.Stderr);
        using var json = JsonDocument.Parse(er.Stdout);
        Assert.Equal("analyst", json.RootElement.GetProperty("role").GetString());
        Assert.Equal("""["Cardiology","Trauma"]""", json.RootElement.GetProperty("filters").GetProperty("department").GetRawText());
        Assert.Equal(2, json.RootElement.GetProperty("departments").GetArrayLength());
    }

    [Theory]
    [InlineData("--from", "2025-02-30", "--from '2025-02-30' is not a date")]
    [InlineData("--triage", "0", "--triage '0' is not a triage level")]
    [InlineData("--section", "waits", "--section 'waits' is not a section")]
    [InlineData("--role", "clinician", "--role 'clinician' cannot read the feed")]
    public async Task Kpis_BadFlag_ExitsTwoNamingIt(string flag, string value, string message)
    {
        var er = await ErProcess.RunAsync(_work, "kpis", flag, value);

        Assert.Equal(2, er.ExitCode);
        Assert.Contains(message, er.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithAKeyFromErKeysNew_AdmitsItsHolderInItsRoleOnly()
    {
        var keys = await ErProcess.RunAsync(_work, "keys", "new", "--role", "analyst", "--name", "powerbi");
        var lines = keys.Stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var key = lines.Single(l => l.StartsWith("er_", StringComparison.Ordinal));
        var settings = lines.Where(l => l.StartsWith("Access__", StringComparison.Ordinal)).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(2, settings.Count);
        Assert.DoesNotContain(key, string.Join(' ', settings.Values), StringComparison.Ordinal);

        using var er = ErProcess.Start(_work, settings, "serve", "--urls", "http://127.0.0.1:0");
        using var http = new HttpClient { BaseAddress = await er.WaitForAddressAsync(TimeSpan.FromSeconds(60)) };
        using var anonymous = await http.GetAsync("api/kpis");
        http.DefaultRequestHeaders.Add("X-Api-Key", key);
        using var json = JsonDocument.Parse(await http.GetStringAsync("api/kpis"));
        er.Interrupt();
        await er.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("analyst", json.RootElement.GetProperty("role").GetString());
        Assert.Contains("Callers need an API key", er.Stdout);
        Assert.Equal(0, er.ExitCode);
    }

    [Fact]
    public async Task Serve_WithoutKeysBeyondLoopback_RefusesToStart()
    {
        var er = await ErProcess.RunAsync(_work, "serve", "--urls", "http://0.0.0.0:0");

        Assert.Equal(2, er.ExitCode);
        Assert.Contains("no API key is configured, so the feed may only listen on loopback", er.Stderr);
    }

    [Fact]
    public async Task Dashboard_InHeadlessChromium_ShowsTheFeedsNumbersOnItsCards()
    {
        await ErProcess.RunAsync(_work, "ingest", RepositoryPaths.Data(""));
        using var er = ErProcess.Start(_work, null, "serve", "--urls", "http://127.0.0.1:0");
        var address = await er.WaitForAddressAsync(TimeSpan.FromSeconds(60));
        using var http = new HttpClient { BaseAddress = address };
        using var feed = JsonDocument.Parse(await http.GetStringAsync("api/kpis/summary?department=Trauma&triage=1,2,3"));

        var page = new Uri(address, "?department=Trauma&triage=1,2,3");
        var dom = await Chromium.DumpDomAsync(page);
        var screenshot = await Chromium.ScreenshotAsync(new Uri(address, "/"), Path.Combine(AppContext.BaseDirectory, "dashboard.png"));
        er.Interrupt();

        Assert.Contains("data-state=\"ready\"", dom, StringComparison.Ordinal);
        var cards = Chromium.Attributes(dom, "data-kpi", "data-value");
        Assert.Equal(9, cards.Count);
        foreach (var (field, shown) in cards)
        {
            var value = feed.RootElement[0].GetProperty(field);
            Assert.True(double.Parse(shown, CultureInfo.InvariantCulture) == value.GetDouble(), $"card {field} shows {shown}, the feed says {value.GetRawText()}");
        }

        Assert.True(new FileInfo(screenshot).Length > 50_000, "the screenshot has content");
        Chromium.PublishForReadme(screenshot, RepositoryPaths.Of("docs/images/dashboard.png"));
    }
}
