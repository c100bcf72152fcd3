using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ErPipeline.Warehouse.Snowflake;

/// <summary>Registers the Snowflake SQL API client: its options (validated at start), the key-pair JWT and the typed HttpClient.</summary>
public static class SnowflakeServiceCollectionExtensions
{
    /// <summary>
    /// Binds section <c>Snowflake</c> from the host's configuration, validates it at start when
    /// <c>Warehouse__Provider</c> is <c>Snowflake</c>, and registers <see cref="KeyPairJwt"/> and <see cref="SnowflakeSqlApi"/>.
    /// </summary>
    public static IServiceCollection AddSnowflakeSqlApi(this IServiceCollection services)
    {
        services.AddOptions<SnowflakeOptions>().BindConfiguration(SnowflakeOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SnowflakeOptions>, SnowflakeOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new KeyPairJwt(sp.GetRequiredService<IOptions<SnowflakeOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddHttpClient<SnowflakeSqlApi>()
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                // Result partitions after the first arrive gzip-encoded.
                AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            });
        return services;
    }
}
