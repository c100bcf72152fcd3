using Azure.Storage.Blobs;
using ErPipeline.Ingestion;

namespace ErPipeline.Azure.Storage;

/// <summary>Blobs as upload sources: the same handler serves the blob trigger and the local container watcher.</summary>
public static class BlobUploads
{
    /// <summary>A blob as a file to ingest; opened afresh for each pass, read as a stream.</summary>
    public static UploadSource Source(BlobClient blob, long? length = null) =>
        new(blob.Name, async cancellationToken => await blob.OpenReadAsync(cancellationToken: cancellationToken).ConfigureAwait(false), length);
}
