using System.CommandLine;
using ErPipeline.Ingestion;
using ErPipeline.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ErCli.Commands;

/// <summary><c>er ingest &lt;paths…&gt; [--json]</c>: loads CSV files (or every *.csv in folders) into the warehouse.</summary>
internal static class IngestCommand
{
    public static Command Create(GlobalFlags global)
    {
        var paths = new Argument<string[]>("paths") { Description = "CSV files, or folders whose *.csv files to load", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print the load report as one JSON object on stdout" };
        var command = new Command("ingest", "Clean, validate and merge CSV batches into the warehouse") { paths, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var files = ExpandPaths(parse.GetValue(paths) ?? [], out var missing);
            if (missing.Count > 0)
            {
                await Console.Error.WriteLineAsync($"er ingest: not found: {string.Join(", ", missing)}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var host = ErHost.Build(global.Read(parse));
            var warehouse = host.Services.GetRequiredService<IWarehouse>();
            await warehouse.MigrateAsync(cancellationToken).ConfigureAwait(false);
            var ingestion = host.Services.GetRequiredService<IngestionService>();
            var sources = files.Select(UploadSource.FromFile).ToList();

            var asJson = parse.GetValue(json);
            var report = asJson || !AnsiConsole.Profile.Capabilities.Interactive
                ? await ingestion.IngestAsync(sources, null, cancellationToken).ConfigureAwait(false)
                : await WithProgressAsync(ingestion, sources, cancellationToken).ConfigureAwait(false);

            if (asJson)
            {
                ReportView.WriteJson(report, Console.Out);
            }
            else
            {
                ReportView.WriteTable(AnsiConsole.Console, report.Files);
            }

            return report.AnyRejected ? ExitCodes.FileRejected : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Files as given; folders give their *.csv files (not recursive), in name order.</summary>
    internal static List<string> ExpandPaths(IEnumerable<string> paths, out List<string> missing)
    {
        missing = [];
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.csv").Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                missing.Add(path);
            }
        }

        return files;
    }

    private static async Task<LoadReport> WithProgressAsync(IngestionService ingestion, IReadOnlyList<UploadSource> sources, CancellationToken cancellationToken)
    {
        LoadReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var progress = new Progress<IngestProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.File, out var task))
                    {
                        task = tasks[p.File] = context.AddTask(Markup.Escape(p.File), maxValue: Math.Max(1, p.TotalBytes ?? 1));
                    }

                    task.Value = p.BytesRead;
                    task.Description = $"{Markup.Escape(p.File)} [grey]{p.RowsRead:N0} rows[/]";
                });
                report = await ingestion.IngestAsync(sources, progress, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return report!;
    }
}
