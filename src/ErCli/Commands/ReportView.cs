using System.Text.Json;
using ErPipeline.Ingestion;
using Spectre.Console;

namespace ErCli.Commands;

/// <summary>Shows load reports: a table for people, one JSON object for programs.</summary>
internal static class ReportView
{
    public static void WriteJson(LoadReport report, TextWriter output) =>
        output.WriteLine(JsonSerializer.Serialize(report, LoadReportJson.Default.LoadReport));

    public static void WriteTable(IAnsiConsole console, IReadOnlyList<FileLoadReport> files)
    {
        var table = new Table().RoundedBorder()
            .AddColumn("file").AddColumn("kind").AddColumn("status")
            .AddColumn(new TableColumn("read").RightAligned())
            .AddColumn(new TableColumn("accepted").RightAligned())
            .AddColumn(new TableColumn("quarantined").RightAligned())
            .AddColumn(new TableColumn("duplicates").RightAligned())
            .AddColumn(new TableColumn("inferred").RightAligned())
            .AddColumn(new TableColumn("ms").RightAligned());

        foreach (var file in files)
        {
            var status = file.Status switch
            {
                FileLoadReport.Loaded => "[green]loaded[/]",
                FileLoadReport.AlreadyLoaded => "[grey]already-loaded[/]",
                _ => "[red]rejected[/]",
            };
            table.AddRow(Markup.Escape(file.File), file.Kind, status,
                $"{file.RowsRead:N0}", $"{file.RowsAccepted:N0}",
                file.RowsQuarantined > 0 ? $"[yellow]{file.RowsQuarantined:N0}[/]" : "0",
                $"{file.DuplicateKeys:N0}", $"{file.InferredPatients:N0}", $"{file.DurationMs:N0}");
        }

        console.Write(table);
        foreach (var file in files.Where(f => f.Reasons.Count > 0 || f.Warnings.Count > 0))
        {
            console.MarkupLine($"[bold]{Markup.Escape(file.File)}[/]");
            foreach (var (reason, count) in file.Reasons)
            {
                var label = file.Status == FileLoadReport.Rejected ? "[red]rejected[/]" : "[yellow]quarantined[/]";
                console.MarkupLine($"  {label} {count,6:N0} × {Markup.Escape(reason)}");
            }

            foreach (var warning in file.Warnings)
            {
                console.MarkupLine($"  [grey]cleaned[/] {Markup.Escape(warning)}");
            }
        }
    }
}
