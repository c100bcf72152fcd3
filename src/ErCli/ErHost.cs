using ErCli.Dashboard;
using ErPipeline;
using ErPipeline.Access;
using ErPipeline.Http;
using ErPipeline.Kpis;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using ErPipeline.Azure.Alerts;
using ErPipeline.Azure.Storage;
using ErPipeline.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErCli;

/// <summary>Flags shared by every command that touches the pipeline.</summary>
internal sealed record HostFlags(string? Warehouse, string? Storage, bool Verbose);

/// <summary>
/// Composes the pipeline for one command: settings from environment variables (the same names as in Azure,
/// e.g. <c>Warehouse__DuckDbPath</c>), overridden by flags, then validated before any work starts.
/// </summary>
internal static class ErHost
{
    public static IHost Build(HostFlags flags, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        Compose(builder.Configuration, builder.Logging, builder.Services, flags);
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        ValidateOptions(host.Services);
        return host;
    }

    /// <summary>
    /// The same pipeline in a web host: the KPI feed and the dashboard on Kestrel, for <c>er serve</c> and <c>er up</c>.
    /// Callers without credentials get in as admin only on loopback and only while no API key is configured.
    /// </summary>
    public static WebApplication BuildWeb(HostFlags flags, string urls)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        builder.Configuration.Sources.Clear();
        Compose(builder.Configuration, builder.Logging, builder.Services, flags);
        builder.WebHost.UseUrls(urls);
        builder.Services.AddSingleton(new FeedHosting(AnonymousOnLoopback: true));
        var app = builder.Build();
        ValidateOptions(app.Services);
        app.MapErFeed();
        app.MapDashboard();
        return app;
    }

    private static void Compose(IConfigurationManager configuration, ILoggingBuilder logging, IServiceCollection services, HostFlags flags)
    {
        configuration.AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>();
        if (string.Equals(flags.Warehouse, "snowflake", StringComparison.OrdinalIgnoreCase))
        {
            // Settings from Snowflake__* environment variables, as in Azure.
            overrides["Warehouse:Provider"] = "Snowflake";
        }
        else if (string.Equals(flags.Warehouse, "duckdb", StringComparison.OrdinalIgnoreCase))
        {
            overrides["Warehouse:Provider"] = "DuckDb";
        }
        else if (flags.Warehouse is not null)
        {
            overrides["Warehouse:Provider"] = "DuckDb";
            overrides["Warehouse:DuckDbPath"] = flags.Warehouse;
        }

        if (flags.Storage is not null)
        {
            overrides[StorageClients.ConnectionName] = flags.Storage;
        }

        configuration.AddInMemoryCollection(overrides);

        // Logs go to stderr so that --json output on stdout stays machine-readable.
        logging.ClearProviders();
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        logging.SetMinimumLevel(flags.Verbose ? LogLevel.Information : LogLevel.Warning);

        // AddErPipeline picks the warehouse adapter from Warehouse:Provider, so the flag must be in configuration by now.
        services.AddErPipeline(configuration);
        if (BlobStorageRegistration.HasBlobStorage(configuration))
        {
            services.AddBlobStorage(configuration);
            services.AddTableAlertState(configuration);
        }
    }

    /// <summary>Whether blob storage (Azurite or Azure) is configured rather than local folders.</summary>
    public static bool UsesBlobStorage(IServiceProvider services) =>
        services.GetService<Azure.Storage.Blobs.BlobServiceClient>() is not null;

    private static void ValidateOptions(IServiceProvider services)
    {
        // The CLI does not start the host; touch each option so ValidateOnStart's checks run before any work.
        _ = services.GetRequiredService<IOptions<ErPipeline.Warehouse.WarehouseOptions>>().Value;
        _ = services.GetRequiredService<IOptions<IngestionOptions>>().Value;
        _ = services.GetRequiredService<IOptions<KpiOptions>>().Value;
        _ = services.GetRequiredService<IOptions<AccessOptions>>().Value;
        _ = services.GetRequiredService<IOptions<ErPipeline.Alerts.AlertOptions>>().Value;
        _ = services.GetService<IOptions<ErPipeline.Warehouse.Snowflake.SnowflakeOptions>>()?.Value;
    }
}
