using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ErPipeline.Ingestion;

namespace ErPipeline.Azure.Storage;

/// <summary>Quarantine in the er-quarantine container: <c>files/</c> for refused files (reason in metadata and a <c>.reason.txt</c>), <c>rows/</c> for refused rows.</summary>
public sealed class BlobQuarantineStore(BlobContainerClient container) : IQuarantineStore
{
    public async Task SaveRejectedFileAsync(UploadSource source, string sha256, string reason, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var name = $"files/{QuarantineNames.RejectedFile(source.Name, sha256)}";
        await using (var content = await source.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            await container.GetBlobClient(name).UploadAsync(content, new BlobUploadOptions
            {
                // Metadata must be ASCII; the full reason also goes in the side file.
                Metadata = new Dictionary<string, string> { ["sha256"] = sha256, ["reason"] = Ascii(reason) },
            }, cancellationToken).ConfigureAwait(false);
        }

        await container.GetBlobClient(name + ".reason.txt")
            .UploadAsync(BinaryData.FromString(reason + "\n"), overwrite: true, cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveRowsAsync(string fileName, string sha256, Stream rowsCsv, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient($"rows/{QuarantineNames.Rows(fileName, sha256)}").UploadAsync(rowsCsv, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv; charset=utf-8" },
            Metadata = new Dictionary<string, string> { ["sha256"] = sha256 },
        }, cancellationToken).ConfigureAwait(false);
    }

    private static string Ascii(string text)
    {
        var chars = text.Select(c => c is >= ' ' and <= '~' ? c : '?').ToArray();
        return new string(chars.Length > 1024 ? chars[..1024] : chars);
    }
}
