using System.CommandLine;
using ErPipeline.Azure.Storage;
using ErPipeline.Ingestion;
using ErPipeline.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace ErCli.Commands;

/// <summary><c>er up</c>: the main job on one machine. Migrates, loads what is in the inbox, then keeps watching it.</summary>
internal static class UpCommand
{
    public static Command Create(GlobalFlags global)
    {
        var inbox = new Option<string?>("--inbox") { Description = "Folder to watch (default .er/inbox; setting Ingestion__InboxPath). With --storage, the er-uploads container is watched instead" };
        var command = new Command("up", "Run the pipeline locally: apply migrations, ingest the inbox, keep watching until Ctrl+C") { inbox };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = ErHost.Build(global.Read(parse));
            var services = host.Services;
            var warehouse = services.GetRequiredService<IWarehouse>();
            var options = services.GetRequiredService<IOptions<IngestionOptions>>().Value;
            var console = AnsiConsole.Console;

            var applied = await warehouse.MigrateAsync(cancellationToken).ConfigureAwait(false);
            var where = warehouse is ErPipeline.Warehouse.DuckDb.DuckDbWarehouse duck ? duck.FilePath : "warehouse";
            console.MarkupLine(applied.Count == 0
                ? $"Warehouse [bold]{Markup.Escape(where)}[/] is up to date"
                : $"Warehouse [bold]{Markup.Escape(where)}[/]: applied {Markup.Escape(string.Join(", ", applied))}");

            IInbox watched = ErHost.UsesBlobStorage(services)
                ? new BlobInbox(services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(BlobContainers.Uploads), TimeProvider.System)
                : new FolderInbox(parse.GetValue(inbox) ?? options.InboxPath, TimeProvider.System);
            var quarantine = ErHost.UsesBlobStorage(services) ? $"container {BlobContainers.Quarantine}" : Path.GetFullPath(options.QuarantinePath);
            console.MarkupLine($"Watching [bold]{Markup.Escape(watched.Location)}[/] for CSV batches; quarantine in {Markup.Escape(quarantine)}. Ctrl+C stops.");

            var ingestion = services.GetRequiredService<IngestionService>();
            try
            {
                await foreach (var source in watched.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    try
                    {
                        var report = await ingestion.IngestAsync(source, null, cancellationToken).ConfigureAwait(false);
                        ReportView.WriteTable(console, [report]);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        // The warehouse is unchanged for this file; say so and keep watching the others.
                        console.MarkupLine($"[red]Could not load {Markup.Escape(source.Name)}:[/] {Markup.Escape(ex.Message)}");
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            console.MarkupLine("Stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
