using System.Text;
using CsvHelper;

namespace ErPipeline.Ingestion;

/// <summary>
/// Streams one CSV batch row by row with CsvHelper: the header is matched to the contract, then each record is handed
/// out with its contract fields, its line number and, when it cannot be read as a row, the reason. Never holds the
/// whole file.
/// </summary>
public sealed class CsvBatchReader : IDisposable
{
    private static readonly CsvReaderOptions BaseOptions = new()
    {
        HasHeader = true,
        Separator = ',',
        Mode = CsvMode.Rfc4180,
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = true,
        TrackLineNumbers = true,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MalformedData = CsvMalformedDataHandling.Recover,
    };

    private readonly CsvReader _reader;
    private readonly string?[] _fields = new string?[CsvContract.VisitColumns.Count];
    private CsvMalformedReason? _malformed;

    public CsvBatchReader(Stream stream)
    {
        // The malformed-record callback fires while the record is read; remember it for the row it belongs to.
        var options = BaseOptions with { OnMalformedRecord = record => _malformed ??= record.Reason };
        _reader = CsvReader.Create(stream, options, leaveOpen: true);
    }

    public HeaderMatch Header { get; private set; } = null!;

    /// <summary>Contract fields of the current row, in contract order.</summary>
    public IReadOnlyList<string?> Fields => _fields;

    /// <summary>Physical line (1 = header) on which the current record starts.</summary>
    public long LineNumber => _reader.LineNumber;

    /// <summary>Why the current record is not a row of the file (wrong field count, broken quoting), or null.</summary>
    public string? RowProblem { get; private set; }

    /// <summary>Reads the header. Returns false when the file holds no header at all.</summary>
    public async Task<bool> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        await _reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        var header = _reader.Headers ?? [];
        if (header.Count == 0 || header.All(string.IsNullOrWhiteSpace))
        {
            return false;
        }

        Header = HeaderMatch.From(header);
        return true;
    }

    /// <summary>Moves to the next record; <see cref="Fields"/> holds it when <see cref="RowProblem"/> is null.</summary>
    public async Task<bool> ReadAsync(CancellationToken cancellationToken)
    {
        _malformed = null;
        if (!await _reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var count = _reader.FieldCount;
        if (count != Header.FieldCount)
        {
            RowProblem = $"row: expected {Header.FieldCount} fields, found {count}";
            return true;
        }

        if (_malformed is { } malformed)
        {
            RowProblem = $"row: malformed CSV ({Describe(malformed)})";
            return true;
        }

        RowProblem = null;
        var ordinals = Header.Ordinals;
        for (var i = 0; i < ordinals.Count; i++)
        {
            _fields[i] = _reader.GetString(ordinals[i]);
        }

        return true;
    }

    /// <summary>The current record as it was in the file, without its line break.</summary>
    public string RawRecord() => Encoding.UTF8.GetString(_reader.RawRecord).TrimEnd('\r', '\n');

    public void Dispose() => _reader.Dispose();

    private static string Describe(CsvMalformedReason reason) => reason switch
    {
        CsvMalformedReason.StrayQuote => "quote inside an unquoted field",
        CsvMalformedReason.TextAfterClosingQuote => "text after a closing quote",
        CsvMalformedReason.UnterminatedQuote => "quoted field never closed",
        CsvMalformedReason.LineBreakInQuotes => "line break inside quotes",
        _ => reason.ToString(),
    };
}
