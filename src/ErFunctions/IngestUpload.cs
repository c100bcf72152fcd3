using Azure.Storage.Blobs;
using ErPipeline.Azure.Storage;
using ErPipeline.Ingestion;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ErFunctions;

/// <summary>
/// Blob trigger on er-uploads: hands the uploaded blob to the ingestion service. Event Grid source, as Flex
/// Consumption requires. The upload itself is never deleted; refused files and rows go to er-quarantine.
/// </summary>
public sealed partial class IngestUpload(IngestionService ingestion, ILogger<IngestUpload> logger)
{
    [Function(nameof(IngestUpload))]
    public async Task RunAsync(
        [BlobTrigger(BlobContainers.Uploads + "/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageClients.ConnectionName)] BlobClient blob,
        string name,
        CancellationToken cancellationToken)
    {
        // Bound as a client rather than a stream: the service reads the blob more than once (hash, parse, quarantine copy).
        var report = await ingestion.IngestAsync(BlobUploads.Source(blob), null, cancellationToken).ConfigureAwait(false);
        LogIngested(name, report.Status, report.RowsAccepted, report.RowsQuarantined);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Upload {Blob}: {Status}, {Accepted} rows accepted, {Quarantined} quarantined")]
    private partial void LogIngested(string blob, string status, long accepted, long quarantined);
}
