using ErPipeline;
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

        builder.Configuration.AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>();
        if (flags.Warehouse is not null)
        {
            overrides["Warehouse:DuckDbPath"] = flags.Warehouse;
        }

        if (flags.Storage is not null)
        {
            overrides[StorageClients.ConnectionName] = flags.Storage;
        }

        builder.Configuration.AddInMemoryCollection(overrides);

        // Logs go to stderr so that --json output on stdout stays machine-readable.
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });
        builder.Logging.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(flags.Verbose ? LogLevel.Information : LogLevel.Warning);

        builder.Services.AddErPipeline(builder.Configuration);
        if (BlobStorageRegistration.HasBlobStorage(builder.Configuration))
        {
            builder.Services.AddBlobStorage(builder.Configuration);
        }

        configure?.Invoke(builder.Services);
        var host = builder.Build();
        ValidateOptions(host.Services);
        return host;
    }

    /// <summary>Whether blob storage (Azurite or Azure) is configured rather than local folders.</summary>
    public static bool UsesBlobStorage(IServiceProvider services) =>
        services.GetService<Azure.Storage.Blobs.BlobServiceClient>() is not null;

    private static void ValidateOptions(IServiceProvider services)
    {
        // The CLI does not start the host; touch each option so ValidateOnStart's checks run before any work.
        _ = services.GetRequiredService<IOptions<ErPipeline.Warehouse.WarehouseOptions>>().Value;
        _ = services.GetRequiredService<IOptions<IngestionOptions>>().Value;
    }
}
