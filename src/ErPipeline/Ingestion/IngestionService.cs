using System.Diagnostics;
using ErPipeline.Warehouse;
using Microsoft.Extensions.Logging;

namespace ErPipeline.Ingestion;

/// <summary>How far a load has got, for progress bars.</summary>
public sealed record IngestProgress(string File, long RowsRead, long BytesRead, long? TotalBytes);

/// <summary>
/// Ingests CSV batches: fingerprint, recognise, clean, stage, merge, audit, one transaction per file. Every row read
/// ends in the warehouse or in quarantine with its reason; every file ends loaded, already loaded, or rejected.
/// </summary>
public sealed partial class IngestionService(
    IWarehouse warehouse,
    IQuarantineStore quarantine,
    TimeProvider time,
    WarehouseChanges changes,
    ILogger<IngestionService> logger)
{
    private const int ProgressEvery = 25_000;

    /// <summary>Ingests files in order. Patients files go first so that visits find their patients.</summary>
    public async Task<LoadReport> IngestAsync(IEnumerable<UploadSource> sources, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var reports = new List<FileLoadReport>();
        foreach (var source in await PatientsFirstAsync(sources, cancellationToken).ConfigureAwait(false))
        {
            reports.Add(await IngestAsync(source, progress, cancellationToken).ConfigureAwait(false));
        }

        return new LoadReport(reports);
    }

    /// <summary>Ingests one file. Throws only when the warehouse or storage fails, never for bad data.</summary>
    public async Task<FileLoadReport> IngestAsync(UploadSource source, IProgress<IngestProgress>? progress, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var loadId = Guid.CreateVersion7(startedAt).ToString("N");

        FileFingerprint fingerprint;
        await using (var stream = await source.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            fingerprint = await FileFingerprint.ComputeAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        FileLoadReport Report(string status, string kind) => new()
        {
            LoadId = loadId,
            File = source.Name,
            Sha256 = fingerprint.Sha256,
            Kind = kind,
            Status = status,
            StartedAt = startedAt,
            FinishedAt = time.GetUtcNow(),
            DurationMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
        };

        if (fingerprint.Length == 0)
        {
            return await RejectAsync(source, Report(FileLoadReport.Rejected, FileKind.Unknown.Name()), "empty file", cancellationToken).ConfigureAwait(false);
        }

        if (fingerprint.Utf8Problem is { } encodingProblem)
        {
            return await RejectAsync(source, Report(FileLoadReport.Rejected, FileKind.Unknown.Name()), encodingProblem, cancellationToken).ConfigureAwait(false);
        }

        if (await warehouse.HasLoadedAsync(fingerprint.Sha256, cancellationToken).ConfigureAwait(false))
        {
            var knownKind = await PeekKindAsync(source, cancellationToken).ConfigureAwait(false);
            return await AlreadyLoadedAsync(Report(FileLoadReport.AlreadyLoaded, knownKind.Name()), cancellationToken).ConfigureAwait(false);
        }

        await using var input = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        var counted = new CountingStream(input);
        using var reader = new CsvBatchReader(counted);
        if (!await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false))
        {
            return await RejectAsync(source, Report(FileLoadReport.Rejected, FileKind.Unknown.Name()), "empty file (no header row)", cancellationToken).ConfigureAwait(false);
        }

        var header = reader.Header;
        if (header.Rejection is { } headerProblem)
        {
            return await RejectAsync(source, Report(FileLoadReport.Rejected, header.Kind.Name()), headerProblem, cancellationToken).ConfigureAwait(false);
        }

        var kind = header.Kind;
        var loadTime = startedAt.UtcDateTime;
        var tally = new CleaningTally();
        var reasons = new SortedDictionary<string, long>(StringComparer.Ordinal);
        long rowsRead = 0, accepted = 0;

        await using var rejects = new QuarantineRowsBuffer(source.Name);
        await using var load = await warehouse.BeginLoadAsync(loadId, source.Name, fingerprint.Sha256, kind, cancellationToken).ConfigureAwait(false);

        void Quarantine(string reason)
        {
            var row = new QuarantinedRow(reader.LineNumber, reader.RawRecord(), reason);
            load.Quarantine(row);
            rejects.Add(row);
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }

        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rowsRead++;
            if (reader.RowProblem is { } rowProblem)
            {
                Quarantine(rowProblem);
            }
            else if (kind == FileKind.Patients)
            {
                if (PatientCleaner.Clean(reader.Fields, tally, out var reason) is { } patient)
                {
                    load.Stage(reader.LineNumber, patient);
                    accepted++;
                }
                else
                {
                    Quarantine(reason!);
                }
            }
            else if (VisitCleaner.Clean(reader.Fields, loadTime, tally, out var reason) is { } visit)
            {
                load.Stage(reader.LineNumber, visit);
                accepted++;
            }
            else
            {
                Quarantine(reason!);
            }

            if (rowsRead % ProgressEvery == 0)
            {
                progress?.Report(new IngestProgress(source.Name, rowsRead, counted.BytesRead, fingerprint.Length));
            }
        }

        progress?.Report(new IngestProgress(source.Name, rowsRead, counted.BytesRead, fingerprint.Length));
        var outcome = await load.MergeAsync(cancellationToken).ConfigureAwait(false);
        if (outcome.AlreadyLoaded)
        {
            // The same content was loaded by someone else while this copy was being read.
            await load.DisposeAsync().ConfigureAwait(false);
            return await AlreadyLoadedAsync(Report(FileLoadReport.AlreadyLoaded, kind.Name()), cancellationToken).ConfigureAwait(false);
        }

        if (await rejects.ContentAsync(cancellationToken).ConfigureAwait(false) is { } rejectedRows)
        {
            await quarantine.SaveRowsAsync(source.Name, fingerprint.Sha256, rejectedRows, cancellationToken).ConfigureAwait(false);
        }

        var warnings = new List<string>();
        if (header.ExtraColumns.Count > 0)
        {
            warnings.Add($"extra column(s) ignored: {string.Join(", ", header.ExtraColumns)}");
        }

        warnings.AddRange(tally.ToWarnings());
        var report = Report(FileLoadReport.Loaded, kind.Name()) with
        {
            RowsRead = rowsRead,
            RowsAccepted = accepted,
            RowsQuarantined = rejects.Count,
            DuplicateKeys = outcome.DuplicateKeys,
            InferredPatients = outcome.InferredPatients,
            Reasons = reasons,
            Warnings = warnings,
        };

        await load.CommitAsync(report, cancellationToken).ConfigureAwait(false);
        changes.Notify();
        LogLoaded(source.Name, report.Kind, accepted, rejects.Count, outcome.DuplicateKeys, report.DurationMs);
        return report;
    }

    /// <summary>The files with patients files first (stable otherwise), so that visits find their patients instead of inferring them.</summary>
    public static async Task<IReadOnlyList<UploadSource>> PatientsFirstAsync(IEnumerable<UploadSource> sources, CancellationToken cancellationToken)
    {
        var kinds = new List<(UploadSource Source, FileKind Kind)>();
        foreach (var source in sources)
        {
            kinds.Add((source, await PeekKindAsync(source, cancellationToken).ConfigureAwait(false)));
        }

        return kinds.OrderBy(f => f.Kind == FileKind.Patients ? 0 : 1).Select(f => f.Source).ToArray();
    }

    /// <summary>The kind a file's header announces, or Unknown; reads the header only.</summary>
    public static async Task<FileKind> PeekKindAsync(UploadSource source, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await source.OpenAsync(cancellationToken).ConfigureAwait(false);
            using var reader = new CsvBatchReader(stream);
            return await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false) ? reader.Header.Kind : FileKind.Unknown;
        }
        catch (Exception ex) when (ex is System.Text.DecoderFallbackException or IOException)
        {
            // The load itself reports what is wrong with the file.
            return FileKind.Unknown;
        }
    }

    private async Task<FileLoadReport> RejectAsync(UploadSource source, FileLoadReport report, string reason, CancellationToken cancellationToken)
    {
        await quarantine.SaveRejectedFileAsync(source, report.Sha256, reason, cancellationToken).ConfigureAwait(false);
        var rejected = report with { Reasons = new Dictionary<string, long> { [reason] = 1 } };
        await warehouse.RecordAsync(rejected, cancellationToken).ConfigureAwait(false);
        LogRejected(source.Name, reason);
        return rejected;
    }

    private async Task<FileLoadReport> AlreadyLoadedAsync(FileLoadReport report, CancellationToken cancellationToken)
    {
        await warehouse.RecordAsync(report, cancellationToken).ConfigureAwait(false);
        LogAlreadyLoaded(report.File, report.Sha256);
        return report;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded {File} ({Kind}): {Accepted} rows accepted, {Quarantined} quarantined, {Duplicates} duplicate keys in {DurationMs} ms")]
    private partial void LogLoaded(string file, string kind, long accepted, long quarantined, long duplicates, long durationMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected {File}: {Reason}")]
    private partial void LogRejected(string file, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Skipped {File}: content {Sha256} was already loaded")]
    private partial void LogAlreadyLoaded(string file, string sha256);

    /// <summary>Counts bytes as the parser pulls them, for progress.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            BytesRead += read;
            return read;
        }
    }
}
