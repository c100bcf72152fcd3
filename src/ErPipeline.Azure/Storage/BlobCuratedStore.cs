using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ErPipeline.Warehouse.Snowflake;

namespace ErPipeline.Azure.Storage;

/// <summary>Curated files in the <c>er-curated</c> container, which Snowflake's external stage reads.</summary>
public sealed class BlobCuratedStore(BlobContainerClient container) : ICuratedStore
{
    public const string ContainerName = "er-curated";

    private Task? _created;

    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        await (_created ??= container.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None)).ConfigureAwait(false);
        try
        {
            // Named by content hash: a blob already there holds the same bytes, so it is never overwritten.
            await container.GetBlobClient(path).UploadAsync(content, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv", ContentEncoding = "gzip" },
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409 && ex.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            // Stored by an earlier attempt of the same load.
        }
    }
}
