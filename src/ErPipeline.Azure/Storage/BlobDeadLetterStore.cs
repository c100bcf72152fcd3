using Azure.Storage.Blobs;
using ErPipeline.Vitals;

namespace ErPipeline.Azure.Storage;

/// <summary>Dead-lettered vitals events as blobs in <c>er-deadletter</c>: <c>vitals/yyyy/MM/dd/{time}_{id}.json</c>, body and error.</summary>
public sealed class BlobDeadLetterStore(BlobContainerClient container, TimeProvider time) : IDeadLetterStore
{
    public const string ContainerName = "er-deadletter";

    private int _created;

    public async Task SaveAsync(string body, string reason, CancellationToken cancellationToken)
    {
        if (Interlocked.CompareExchange(ref _created, 1, 0) == 0)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        var name = $"vitals/{now:yyyy'/'MM'/'dd}/{now:HHmmssfff}_{Guid.NewGuid():N}.json";
        await container.GetBlobClient(name).UploadAsync(BinaryData.FromString(DeadLetter.Json(body, reason)), cancellationToken).ConfigureAwait(false);
    }
}
