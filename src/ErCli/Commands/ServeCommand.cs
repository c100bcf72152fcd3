using System.CommandLine;
using System.Net;
using ErPipeline.Access;
using ErPipeline.Warehouse;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ErCli.Commands;

/// <summary><c>er serve [--urls URL]</c>: the KPI feed and the dashboard page on Kestrel, until Ctrl+C.</summary>
internal static class ServeCommand
{
    public const string DefaultUrls = "http://127.0.0.1:7071";

    public static Option<string> UrlsOption() => new("--urls")
    {
        Description = $"Where to serve the KPI feed and the dashboard (default {DefaultUrls}; port 0 picks a free one)",
        DefaultValueFactory = _ => DefaultUrls,
    };

    public static Command Create(GlobalFlags global)
    {
        var urls = UrlsOption();
        var command = new Command("serve", "Serve the KPI feed (/api/kpis, /api/visits) and the dashboard page (/) until Ctrl+C") { urls };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var app = ErHost.BuildWeb(global.Read(parse), parse.GetValue(urls)!);
            await app.Services.GetRequiredService<IWarehouse>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (!await StartAsync(app, parse.GetValue(urls)!, AnsiConsole.Console, cancellationToken).ConfigureAwait(false))
            {
                return ExitCodes.Usage;
            }

            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            AnsiConsole.MarkupLine("Stopped.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// Starts the web host after checking the access rule: without API keys, only loopback addresses. Prints where
    /// the feed is and who may read it. False (after saying why) when the rule refuses the addresses.
    /// </summary>
    public static async Task<bool> StartAsync(WebApplication app, string urls, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var access = app.Services.GetRequiredService<AccessControl>();
        var requested = urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var exposed = requested.Where(u => !IsLoopback(u)).ToArray();
        if (!access.HasKeys && exposed.Length > 0)
        {
            await Console.Error.WriteLineAsync(
                $"er: no API key is configured, so the feed may only listen on loopback (127.0.0.1, [::1] or localhost), not on {string.Join(", ", exposed)}. " +
                "Create keys with `er keys new --role analyst --name <holder>` and set the Access__Keys__… settings it prints.").ConfigureAwait(false);
            return false;
        }

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new WarehouseUnavailableException($"Cannot serve on {string.Join(", ", requested)}: {ex.Message} Choose another address with --urls.", ex);
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? requested;
        foreach (var address in addresses)
        {
            console.MarkupLine($"Serving the dashboard at [bold]{Markup.Escape(address)}/[/] and the KPI feed at [bold]{Markup.Escape(address)}/api/kpis[/]");
        }

        console.MarkupLine(access.HasKeys
            ? $"Callers need an API key in the {AccessControl.ApiKeyHeader} header."
            : "[yellow]No API keys are configured: anyone on this machine can read the feed as admin. It listens on loopback only.[/]");
        if (access.HasKeys && exposed.Any(u => u.StartsWith("http://", StringComparison.OrdinalIgnoreCase)))
        {
            console.MarkupLine("[yellow]Plain HTTP beyond loopback: keys and data cross the network unencrypted. Put TLS in front, or serve https.[/]");
        }

        return true;
    }

    private static bool IsLoopback(string url)
    {
        if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri))
        {
            return false;
        }

        return uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
