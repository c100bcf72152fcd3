using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ErPipeline.Access;
using ErPipeline.Ingestion;
using ErPipeline.Kpis;
using ErPipeline.Warehouse;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ErCli.Commands;

/// <summary>
/// <c>er bench kpis --rows N</c>: the full KPI document over N visits, uncached (every section computed) and cached,
/// then the cached feed's HTTP throughput against Kestrel serving a static body of the same size, with wrk.
/// </summary>
internal static partial class BenchKpisCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Visits in the warehouse", DefaultValueFactory = _ => 1_000_000 };
        var runs = new Option<int>("--runs") { Description = "Uncached documents to time (after two warm-ups)", DefaultValueFactory = _ => 30 };
        var seconds = new Option<int>("--seconds") { Description = "Length of each wrk run", DefaultValueFactory = _ => 10 };
        var keep = new Option<bool>("--keep") { Description = "Keep the working folder (files and database)" };
        var command = new Command("kpis", "Time the KPI document uncached and cached, and its HTTP throughput against a static file (needs wrk)") { rows, runs, seconds, keep };
        command.SetAction((parse, cancellationToken) => BenchCommand.InWorkFolderAsync(parse.GetValue(keep), folder =>
            RunAsync(parse.GetValue(rows), parse.GetValue(runs), parse.GetValue(seconds), folder, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(int rowCount, int runs, int seconds, string folder, CancellationToken cancellationToken)
    {
        var (patientsFile, visitsFile) = await BenchCommand.GenerateAsync(rowCount, folder, cancellationToken).ConfigureAwait(false);
        var table = new Table().RoundedBorder().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        await using var app = ErHost.BuildWeb(new HostFlags(Path.Combine(folder, "kpis.duckdb"), null, false), "http://127.0.0.1:0");
        var services = app.Services;
        await services.GetRequiredService<IWarehouse>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var ingestion = services.GetRequiredService<IngestionService>();
        await ingestion.IngestAsync([UploadSource.FromFile(patientsFile), UploadSource.FromFile(visitsFile)], null, cancellationToken).ConfigureAwait(false);
        AnsiConsole.MarkupLine($"Loaded {rowCount:N0} visits");

        // Uncached: the whole document, every section computed in the warehouse and written as JSON.
        var feed = services.GetRequiredService<KpiFeed>();
        var request = FeedRequest.ForKpis([]);
        byte[] document = [];
        var uncached = new List<double>();
        for (var run = -2; run < runs; run++)
        {
            var started = Stopwatch.GetTimestamp();
            document = KpiWriters.Document(await feed.DocumentAsync(request.Filter, Role.Admin, cancellationToken).ConfigureAwait(false));
            if (run >= 0)
            {
                uncached.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        // Where the uncached time goes: each section alone, median of five.
        var perSection = new List<string>();
        foreach (var section in KpiCatalog.Sections)
        {
            var times = new List<double>();
            for (var run = 0; run < 5; run++)
            {
                var started = Stopwatch.GetTimestamp();
                await feed.TableAsync(section, request.Filter, Role.Admin, cancellationToken).ConfigureAwait(false);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            perSection.Add($"{section.Name} {Percentile(times, 0.5):N0}");
        }

        // Cached: what a request costs once the answer is known and the data has not changed.
        var cached = new List<double>();
        for (var run = -100; run < 10_000; run++)
        {
            var started = Stopwatch.GetTimestamp();
            await feed.AnswerAsync(null, request, Role.Admin, cancellationToken).ConfigureAwait(false);
            if (run >= 0)
            {
                cached.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        table.AddRow("visits", $"{rowCount:N0}");
        table.AddRow("document size", $"{document.Length / 1024.0:N1} KiB");
        table.AddRow($"uncached document, {runs} runs: p50 / p95 (goal p95 ≤ 250 ms)", $"{Percentile(uncached, 0.5):N1} / {Percentile(uncached, 0.95):N1} ms");
        table.AddRow("median ms per section", string.Join(", ", perSection));
        table.AddRow("cached document, 10,000 runs: p50 / p99 (goal p99 ≤ 5 ms)", $"{Percentile(cached, 0.5) * 1000:N1} / {Percentile(cached, 0.99) * 1000:N1} µs");

        // HTTP: the cached feed against a static body of the same size, same server, same headers' weight.
        var body = (await feed.AnswerAsync(null, request, Role.Admin, cancellationToken).ConfigureAwait(false)).Body;
        app.MapGet("/bench/static", async (HttpContext context) =>
        {
            context.Response.ContentType = KpiFeed.JsonType;
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        });
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        // Warm both paths first (JIT tiers, connection pools), so that neither side pays for being measured first.
        await WrkAsync($"{address}/api/kpis", 2, cancellationToken).ConfigureAwait(false);
        await WrkAsync($"{address}/bench/static", 2, cancellationToken).ConfigureAwait(false);
        var feedRate = await WrkAsync($"{address}/api/kpis", seconds, cancellationToken).ConfigureAwait(false);
        var staticRate = await WrkAsync($"{address}/bench/static", seconds, cancellationToken).ConfigureAwait(false);
        await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        if (feedRate is null || staticRate is null)
        {
            table.AddRow("HTTP throughput", "not measured: wrk not found (apt-get install wrk)");
        }
        else
        {
            table.AddRow("HTTP /api/kpis (cached), wrk 2 threads × 32 connections", $"{feedRate:N0} req/s");
            table.AddRow("HTTP static body of the same size", $"{staticRate:N0} req/s");
            table.AddRow("ratio (goal ≥ 0.8)", $"{feedRate / staticRate:F2}");
        }

        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    /// <summary>The p-quantile of the values, interpolated between the two nearest ranks.</summary>
    internal static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var position = (sorted.Length - 1) * p;
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }

    private static async Task<double?> WrkAsync(string url, int seconds, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "-t2", "-c32", $"-d{seconds}s", url })
        {
            start.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }

        using (process)
        {
            var output = await process!.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (output.Contains("Non-2xx", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"wrk got error answers from {url}: {output}");
            }

            var match = RequestsPerSecond().Match(output);
            return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"wrk said: {output}");
        }
    }

    [GeneratedRegex(@"Requests/sec:\s+([0-9.]+)")]
    private static partial Regex RequestsPerSecond();
}
