using Azure.Data.Tables;
using Azure.Core;
using Azure.Identity;
using ErPipeline.Alerts;
using ErPipeline.Azure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ErPipeline.Azure.Alerts;

/// <summary>Alert state in Table storage, on the same <c>ErStorage</c> connection as the blobs.</summary>
public static class AlertStateRegistration
{
    /// <summary>
    /// Registers <see cref="TableAlertStateStore"/> as the <see cref="IAlertStateStore"/>: table service from
    /// <c>ErStorage__tableServiceUri</c> (managed identity) or the <c>ErStorage</c> connection string. Resolved lazily,
    /// so a host that never runs the alert engine needs neither.
    /// </summary>
    public static IServiceCollection AddTableAlertState(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IAlertStateStore>(_ => new TableAlertStateStore(TableService(
            configuration[StorageClients.ConnectionName],
            configuration[$"{StorageClients.ConnectionName}:tableServiceUri"],
            ConnectionCredential.For(configuration, StorageClients.ConnectionName))));
        return services;
    }

    public static TableServiceClient TableService(string? connectionString, string? tableServiceUri, TokenCredential? credential = null)
    {
        if (!string.IsNullOrWhiteSpace(tableServiceUri))
        {
            return new TableServiceClient(new Uri(tableServiceUri), credential ?? new DefaultAzureCredential());
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new TableServiceClient(connectionString);
        }

        throw new InvalidOperationException(
            $"No table storage configured for alert state: set {StorageClients.ConnectionName}__tableServiceUri (managed identity) or {StorageClients.ConnectionName} (connection string, e.g. UseDevelopmentStorage=true).");
    }
}
