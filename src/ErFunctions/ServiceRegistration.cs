using Azure.Storage.Blobs;
using ErPipeline;
using ErPipeline.Azure.Storage;
using ErPipeline.Ingestion;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErFunctions;

/// <summary>The Functions app's composition: the pipeline, with quarantine in the er-quarantine container.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddErFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The same connection the blob trigger uses: ErStorage__blobServiceUri (identity) in Azure, ErStorage locally.
        services.AddSingleton(_ => StorageClients.BlobService(
            configuration[StorageClients.ConnectionName],
            configuration[$"{StorageClients.ConnectionName}:blobServiceUri"]));
        services.AddSingleton<IQuarantineStore>(sp => new BlobQuarantineStore(
            sp.GetRequiredService<BlobServiceClient>()
                .GetBlobContainerClient(BlobContainers.Quarantine)));
        services.AddErPipeline(configuration);
        return services;
    }
}
