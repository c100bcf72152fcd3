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
        var urls = ServeCommand.UrlsOption();
        var noServe = new Option<bool>("--no-serve") { Description = "Do not serve the KPI feed and the dashboard" };
        var noVitals = new Option<bool>("--no-vitals") { Description = "Do not simulate bedside monitors (NEWS2 scoring and alerts)" };
        var command = new Command("up", "Run the pipeline locally until Ctrl+C: migrations, the inbox (ingested and watched), the KPI feed and dashboard, simulated bedside vitals with NEWS2 alerts") { inbox, urls, noServe, noVitals };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var serve = !parse.GetValue(noServe);
            await using var web = serve ? ErHost.BuildWeb(global.Read(parse), parse.GetValue(urls)!) : null;
            using var plain = serve ? null : ErHost.Build(global.Read(parse));
            var services = web?.Services ?? plain!.Services;
            var warehouse = services.GetRequiredService<IWarehouse>();
            var options = services.GetRequiredService<IOptions<IngestionOptions>>().Value;
            var console = AnsiConsole.Console;

            var applied = await warehouse.MigrateAsync(cancellationToken).ConfigureAwait(false);
            var where = warehouse is ErPipeline.Warehouse.DuckDb.DuckDbWarehouse duck ? duck.FilePath : "warehouse";
            console.MarkupLine(applied.Count == 0
                ? $"Warehouse [bold]{Markup.Escape(where)}[/] is up to date"
                : $"Warehouse [bold]{Markup.Escape(where)}[/]: applied {Markup.Escape(string.Join(", ", applied))}");

            if (web is not null && !await ServeCommand.StartAsync(web, parse.GetValue(urls)!, console, cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.Usage;
            }

            IInbox watched = ErHost.UsesBlobStorage(services)
                ? new BlobInbox(services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>().GetBlobContainerClient(BlobContainers.Uploads), TimeProvider.System)
                : new FolderInbox(parse.GetValue(inbox) ?? options.InboxPath, TimeProvider.System);
            var quarantine = ErHost.UsesBlobStorage(services) ? $"container {BlobContainers.Quarantine}" : Path.GetFullPath(options.QuarantinePath);
            console.MarkupLine($"Watching [bold]{Markup.Escape(watched.Location)}[/] for CSV batches; quarantine in {Markup.Escape(quarantine)}. Ctrl+C stops.");

            // The ward waits for the inbox to settle: no file being loaded, and none finished in the last seconds.
            var lastFile = TimeProvider.System.GetTimestamp();
            var loading = 0;
            var vitals = parse.GetValue(noVitals)
                ? Task.CompletedTask
                : VitalsRun.StartAsync(services, console, () => Volatile.Read(ref loading) > 0 ? TimeSpan.Zero : TimeProvider.System.GetElapsedTime(Interlocked.Read(ref lastFile)), cancellationToken);

            var ingestion = services.GetRequiredService<IngestionService>();
            try
            {
                await foreach (var source in watched.WatchAsync(cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref loading);
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
                    finally
                    {
                        Interlocked.Exchange(ref lastFile, TimeProvider.System.GetTimestamp());
                        Interlocked.Decrement(ref loading);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }

            await vitals.ConfigureAwait(false);
            if (web is not null)
            {
                await web.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }

            console.MarkupLine("Stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
