using ErPipeline.Access;
using ErPipeline.Alerts;
using ErPipeline.Http;
using ErPipeline.Ingestion;
using ErPipeline.Kpis;
using ErPipeline.Vitals;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.DuckDb;
using ErPipeline.Warehouse.Snowflake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ErPipeline;

/// <summary>Registers the pipeline: options (validated at start), the warehouse, quarantine, ingestion, the KPI feed and the alert engine.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Everything the pipeline needs, on embedded defaults: DuckDB warehouse (Snowflake with <c>Warehouse__Provider = Snowflake</c>) and a local quarantine folder.
    /// Hosts replace <see cref="IQuarantineStore"/> when they use blob storage, and <see cref="IAlertStateStore"/>
    /// (in memory here) with Table storage.
    /// </summary>
    public static IServiceCollection AddErPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WarehouseOptions>().Bind(configuration.GetSection(WarehouseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KpiOptions>().Bind(configuration.GetSection(KpiOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AlertOptions>().Bind(configuration.GetSection(AlertOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        if (string.Equals(configuration[$"{WarehouseOptions.Section}:Provider"], "Snowflake", StringComparison.Ordinal))
        {
            services.AddSnowflakeSqlApi();
            services.TryAddSingleton<ICuratedStore, LocalCuratedStore>();
            services.TryAddSingleton<IWarehouse, SnowflakeWarehouse>();
        }
        else
        {
            services.TryAddSingleton<IWarehouse, DuckDbWarehouse>();
        }

        services.TryAddSingleton<IQuarantineStore, LocalQuarantineStore>();
        services.TryAddSingleton<IngestionService>();
        services.TryAddSingleton<WarehouseChanges>();
        services.TryAddSingleton<KpiService>();
        services.TryAddSingleton<KpiFeed>();
        services.TryAddSingleton<VisitFeed>();
        services.TryAddSingleton<AccessControl>();
        services.TryAddSingleton(new FeedHosting(AnonymousOnLoopback: false));
        services.TryAddSingleton<FeedHttp>();
        services.AddOptions<VitalsOptions>().Bind(configuration.GetSection(VitalsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<IAlertSink>(sp => new JsonlAlertSink(sp.GetRequiredService<IOptions<VitalsOptions>>().Value.AlertsPath));
        services.TryAddSingleton<IDeadLetterStore>(sp => new LocalDeadLetterStore(
            sp.GetRequiredService<IOptions<VitalsOptions>>().Value.DeadLetterPath, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<VitalsProcessor>();
        services.TryAddSingleton<LocalWard>();
        services.TryAddSingleton<IAlertStateStore, WarehouseAlertStateStore>();
        services.TryAddSingleton<AlertEngine>();
        return services;
    }
}
