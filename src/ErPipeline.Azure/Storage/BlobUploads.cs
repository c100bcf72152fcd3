using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ErPipeline.Ingestion;

namespace ErPipeline.Azure.Storage;

/// <summary>Blobs as upload sources: the same handler serves the blob trigger and the local container watcher.</summary>
public static class BlobUploads
{
    /// <summary>
    /// A blob as a file to ingest, opened afresh for each pass and read as a stream. Every pass reads the version the
    /// first pass saw (If-Match on its ETag): a blob overwritten mid-load fails the load instead of mixing versions,
    /// and the new version's own event loads it.
    /// </summary>
    public static UploadSource Source(BlobClient blob, long? length = null)
    {
        ETag? version = null;
        return new UploadSource(blob.Name, async cancellationToken =>
        {
            version ??= (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value.ETag;
            var options = new BlobOpenReadOptions(allowModifications: false)
            {
                Conditions = new BlobRequestConditions { IfMatch = version },
            };
            return await blob.OpenReadAsync(options, cancellationToken).ConfigureAwait(false);
        }, length);
    }
}
