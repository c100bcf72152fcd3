using CsvHelper;

namespace ErPipeline.Ingestion;

/// <summary>
/// Collects a file's quarantined rows as CSV (file, line, reason, raw) in a temporary file, so a file full of bad rows
/// costs disk, not memory. Deleted when disposed.
/// </summary>
internal sealed class QuarantineRowsBuffer : IAsyncDisposable
{
    private static readonly CsvWriterOptions Options = new() { Separator = ',', Mode = CsvMode.Rfc4180 };

    private readonly string _fileName;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"er-quarantine-{Guid.NewGuid():N}.csv");
    private FileStream? _stream;
    private CsvWriter? _writer;

    public QuarantineRowsBuffer(string fileName) => _fileName = fileName;

    public long Count { get; private set; }

    public void Add(QuarantinedRow row)
    {
        if (_writer is null)
        {
            _stream = new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
            _writer = CsvWriter.Create(_stream, Options, leaveOpen: true);
            _writer.WriteRecord(["file", "line", "reason", "raw"]);
        }

        _writer.WriteRecord([_fileName, row.LineNumber.ToString(System.Globalization.CultureInfo.InvariantCulture), row.Reason, row.RawText]);
        Count++;
    }

    /// <summary>The CSV written so far, rewound for reading; null when no row was added.</summary>
    public async Task<Stream?> ContentAsync(CancellationToken cancellationToken)
    {
        if (_writer is null || _stream is null)
        {
            return null;
        }

        await _writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        _stream.Position = 0;
        return _stream;
    }

    public async ValueTask DisposeAsync()
    {
        if (_writer is not null)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
