using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;

namespace ErPipeline.Azure.Storage;

/// <summary>
/// Builds a blob service client from the <c>ErStorage</c> connection: a connection string locally (Azurite's
/// <c>UseDevelopmentStorage=true</c>), or a service URI with managed identity in Azure (<c>ErStorage__blobServiceUri</c>,
/// the identity from <see cref="ConnectionCredential"/>).
/// </summary>
public static class StorageClients
{
    public const string ConnectionName = "ErStorage";

    public static BlobServiceClient BlobService(string? connectionString, string? blobServiceUri, TokenCredential? credential = null)
    {
        if (!string.IsNullOrWhiteSpace(blobServiceUri))
        {
            return new BlobServiceClient(new Uri(blobServiceUri), credential ?? new DefaultAzureCredential());
        }

        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return new BlobServiceClient(connectionString);
        }

        throw new InvalidOperationException(
            $"No blob storage configured: set {ConnectionName}__blobServiceUri (managed identity) or {ConnectionName} (connection string, e.g. UseDevelopmentStorage=true).");
    }
}
