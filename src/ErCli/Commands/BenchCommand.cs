using System.CommandLine;
using System.Diagnostics;
using System.Text;
using DuckDB.NET.Data;
using ErPipeline.Ingestion;
using ErPipeline.SampleData;
using ErPipeline.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace ErCli.Commands;

/// <summary>
/// <c>er bench ingest --rows N</c>: times <c>er ingest</c> of a generated visits file against DuckDB's own
/// <c>read_csv</c> insert of the same file into the same keyed table, in one run, and reports peak memory.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var rows = new Option<int>("--rows") { Description = "Visits in the generated file", DefaultValueFactory = _ => 1_000_000 };
        var keep = new Option<bool>("--keep") { Description = "Keep the working folder (file and both databases)" };
        var ingest = new Command("ingest", "Time er ingest against DuckDB's read_csv insert of the same file") { rows, keep };
        ingest.SetAction((parse, cancellationToken) =>
            InWorkFolderAsync(parse.GetValue(keep), folder => RunAsync(parse.GetValue(rows), folder, cancellationToken)));

        return new Command("bench", "Benchmarks") { ingest, BenchKpisCommand.Create(), BenchAlertsCommand.Create() };
    }

    /// <summary>Runs a benchmark in a fresh temporary folder, deleted afterwards unless kept.</summary>
    internal static async Task<int> InWorkFolderAsync(bool keep, Func<string, Task<int>> run)
    {
        var folder = Directory.CreateTempSubdirectory("er-bench-").FullName;
        try
        {
            return await run(folder).ConfigureAwait(false);
        }
        finally
        {
            if (!keep)
            {
                Directory.Delete(folder, recursive: true);
            }
            else
            {
                AnsiConsole.MarkupLine($"Kept {Markup.Escape(folder)}");
            }
        }
    }

    /// <summary>Writes a patients file and a visits file of <paramref name="rowCount"/> visits (one patient per five visits); returns their paths.</summary>
    internal static async Task<(string Patients, string Visits)> GenerateAsync(int rowCount, string folder, CancellationToken cancellationToken)
    {
        var patients = Math.Max(1, rowCount / 5);
        var generator = new SampleDataGenerator(seed: 7);
        var patientsFile = Path.Combine(folder, SampleDataGenerator.PatientsFile);
        var visitsFile = Path.Combine(folder, SampleDataGenerator.VisitsFile);
        await using (var writer = new StreamWriter(patientsFile, false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            await generator.WritePatientsAsync(writer, patients, cancellationToken).ConfigureAwait(false);
        }

        await using (var writer = new StreamWriter(visitsFile, false, new UTF8Encoding(false)) { NewLine = "\n" })
        {
            await generator.WriteVisitsAsync(writer, rowCount, patients, cancellationToken).ConfigureAwait(false);
        }

        var size = new FileInfo(visitsFile).Length;
        AnsiConsole.MarkupLine($"Generated {rowCount:N0} visits ({size / 1048576.0:F1} MiB) for {patients:N0} patients in {Markup.Escape(folder)}");
        return (patientsFile, visitsFile);
    }

    private static async Task<int> RunAsync(int rowCount, string folder, CancellationToken cancellationToken)
    {
        var (patientsFile, visitsFile) = await GenerateAsync(rowCount, folder, cancellationToken).ConfigureAwait(false);

        // Both sides start from a migrated warehouse that already holds the patients, so only the visits load is timed.
        string? memoryLimit = null;
        var ours = Path.Combine(folder, "ingest.duckdb");
        var baseline = Path.Combine(folder, "baseline.duckdb");
        foreach (var path in new[] { ours, baseline })
        {
            using var setup = ErHost.Build(new HostFlags(path, null, false));
            var warehouse = setup.Services.GetRequiredService<IWarehouse>();
            memoryLimit = setup.Services.GetRequiredService<IOptions<WarehouseOptions>>().Value.DuckDbMemoryLimit;
            await warehouse.MigrateAsync(cancellationToken).ConfigureAwait(false);
            await setup.Services.GetRequiredService<IngestionService>().IngestAsync(UploadSource.FromFile(patientsFile), null, cancellationToken).ConfigureAwait(false);
            await warehouse.DisposeAsync().ConfigureAwait(false);
        }

        GC.Collect();
        var memoryBefore = Process.GetCurrentProcess().PeakWorkingSet64;
        var stopwatch = Stopwatch.StartNew();
        FileLoadReport report;
        using (var host = ErHost.Build(new HostFlags(ours, null, false)))
        {
            report = await host.Services.GetRequiredService<IngestionService>().IngestAsync(UploadSource.FromFile(visitsFile), null, cancellationToken).ConfigureAwait(false);
            await host.Services.GetRequiredService<IWarehouse>().DisposeAsync().ConfigureAwait(false);
        }

        var ingestTime = stopwatch.Elapsed;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64;

        stopwatch.Restart();
        await using (var connection = new DuckDBConnection($"Data Source={baseline}"))
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            if (!string.IsNullOrWhiteSpace(memoryLimit))
            {
                // The same memory limit as er ingest had (Warehouse__DuckDbMemoryLimit), validated by WarehouseOptions.
                command.CommandText = $"SET memory_limit = '{memoryLimit}'";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            command.CommandText = SqlScripts.Get("bench/read_csv_insert.sql");
            command.Parameters.Add(new DuckDBParameter(visitsFile));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var baselineTime = stopwatch.Elapsed;
        var ratio = ingestTime / baselineTime;

        var table = new Table().RoundedBorder().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        table.AddRow("rows", $"{rowCount:N0} ({report.RowsAccepted:N0} accepted, {report.RowsQuarantined:N0} quarantined)");
        table.AddRow("er ingest", $"{ingestTime.TotalSeconds:F2} s ({rowCount / ingestTime.TotalSeconds:N0} rows/s)");
        table.AddRow("DuckDB read_csv insert", $"{baselineTime.TotalSeconds:F2} s ({rowCount / baselineTime.TotalSeconds:N0} rows/s)");
        table.AddRow("ratio (goal ≤ 1.5)", $"{ratio:F2}");
        table.AddRow("DuckDB memory limit", string.IsNullOrWhiteSpace(memoryLimit) ? "DuckDB default (80% of RAM)" : memoryLimit);
        table.AddRow("peak working set (goal < 500 MB)", $"{peak / 1048576.0:N0} MiB (before the load: {memoryBefore / 1048576.0:N0} MiB)");
        AnsiConsole.Write(table);
        return report.Status == FileLoadReport.Loaded ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
