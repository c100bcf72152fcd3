using Azure.Storage.Blobs;
using ErPipeline.Alerts;
using ErPipeline.Azure.Alerts;
using ErPipeline.Ingestion;
using ErPipeline.Vitals;
using ErPipeline.Warehouse.Snowflake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ErPipeline.Azure.Storage;

/// <summary>Azure Storage for a host of the pipeline: the <c>ErStorage</c> connection, quarantine in er-quarantine, alerts on er-alerts, dead letters in er-deadletter, curated files in er-curated.</summary>
public static class BlobStorageRegistration
{
    /// <summary>Whether the configuration names blob storage (connection string or service URI) rather than local folders.</summary>
    public static bool HasBlobStorage(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[StorageClients.ConnectionName])
        || !string.IsNullOrWhiteSpace(configuration[$"{StorageClients.ConnectionName}:blobServiceUri"]);

    /// <summary>
    /// Registers the blob service client of the <c>ErStorage</c> connection (the one the blob trigger uses:
    /// <c>ErStorage__blobServiceUri</c> with identity in Azure, <c>ErStorage</c> locally) and the blob quarantine store.
    /// </summary>
    public static IServiceCollection AddBlobStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton(_ => StorageClients.BlobService(
            configuration[StorageClients.ConnectionName],
            configuration[$"{StorageClients.ConnectionName}:blobServiceUri"],
            ConnectionCredential.For(configuration, StorageClients.ConnectionName)));
        services.AddSingleton<IQuarantineStore>(sp => new BlobQuarantineStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobContainers.Quarantine)));

        // The vitals stream on the same account: alerts on the er-alerts queue, dead letters in er-deadletter.
        services.AddSingleton<IAlertSink>(_ => new QueueAlertSink(QueueAlertSink.Connect(
            configuration[StorageClients.ConnectionName],
            configuration[$"{StorageClients.ConnectionName}:queueServiceUri"],
            ConnectionCredential.For(configuration, StorageClients.ConnectionName))));
        services.AddSingleton<IDeadLetterStore>(sp => new BlobDeadLetterStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobDeadLetterStore.ContainerName),
            sp.GetRequiredService<TimeProvider>()));

        // Cleaned batches for Snowflake's external stage (used only with Warehouse__Provider = Snowflake).
        services.AddSingleton<ICuratedStore>(sp => new BlobCuratedStore(
            sp.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(BlobCuratedStore.ContainerName)));
        return services;
    }
}
