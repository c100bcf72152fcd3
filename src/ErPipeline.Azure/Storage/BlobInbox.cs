using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using ErPipeline.Ingestion;

namespace ErPipeline.Azure.Storage;

/// <summary>
/// The uploads container watched by polling, for one machine (Azurite). In Azure the blob trigger does this job.
/// A blob is handed out again only when its ETag changes; the content hash then decides whether it is new.
/// </summary>
public sealed class BlobInbox(BlobContainerClient container, TimeProvider time, TimeSpan? pollInterval = null) : IInbox
{
    private readonly TimeSpan _interval = pollInterval ?? TimeSpan.FromSeconds(2);

    public string Location => container.Uri.ToString();

    public async IAsyncEnumerable<UploadSource> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var handedOut = new Dictionary<string, string>(StringComparer.Ordinal);
        while (!cancellationToken.IsCancellationRequested)
        {
            var ready = new List<UploadSource>();
            await foreach (var item in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                var etag = item.Properties.ETag?.ToString() ?? string.Empty;
                if (handedOut.TryGetValue(item.Name, out var seen) && seen == etag)
                {
                    continue;
                }

                handedOut[item.Name] = etag;
                ready.Add(BlobUploads.Source(container.GetBlobClient(item.Name), item.Properties.ContentLength));
            }

            foreach (var source in await IngestionService.PatientsFirstAsync(ready, cancellationToken).ConfigureAwait(false))
            {
                yield return source;
            }

            try
            {
                await Task.Delay(_interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
