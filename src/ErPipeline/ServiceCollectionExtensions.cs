using ErPipeline.Ingestion;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.DuckDb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErPipeline;

/// <summary>Registers the pipeline: options (validated at start), the warehouse, quarantine and ingestion.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Everything the pipeline needs, on embedded defaults: DuckDB warehouse and a local quarantine folder.
    /// Hosts replace <see cref="IQuarantineStore"/> when they use blob storage.
    /// </summary>
    public static IServiceCollection AddErPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<WarehouseOptions>().Bind(configuration.GetSection(WarehouseOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestionOptions>().Bind(configuration.GetSection(IngestionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWarehouse, DuckDbWarehouse>();
        services.TryAddSingleton<IQuarantineStore, LocalQuarantineStore>();
        services.TryAddSingleton<IngestionService>();
        return services;
    }
}
