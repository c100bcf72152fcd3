using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ErPipeline.Warehouse.Snowflake;

/// <summary>
/// A cleaned batch as gzip CSV for <c>COPY INTO</c>, in the format the COPY statements in <c>sql/stage/</c> declare:
/// a header line, commas, fields quoted when they need it (a quote doubled inside), an empty unquoted field for
/// NULL and <c>""</c> for an empty string, timestamps as <c>yyyy-MM-dd HH:mm:ss.ffffff</c>, UTF-8.
/// Written to a temporary file (a batch can hold a million rows), named by its SHA-256 when finished.
/// </summary>
internal sealed class CuratedCsv : IAsyncDisposable
{
    private readonly string _tempPath;
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly StreamWriter _writer;
    private bool _finished;

    public CuratedCsv(IReadOnlyList<string> header)
    {
        _tempPath = Path.Combine(Path.GetTempPath(), $"er-curated-{Guid.NewGuid():N}.csv.gz");
        _file = new FileStream(_tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        _gzip = new GZipStream(_file, CompressionLevel.Fastest, leaveOpen: true);
        _writer = new StreamWriter(_gzip, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 1 << 16) { NewLine = "\n" };
        Row([.. header]);
        Rows = 0;
    }

    /// <summary>Rows written, the header not counted.</summary>
    public long Rows { get; private set; }

    public void Row(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                _writer.Write(',');
            }

            WriteField(values[i]);
        }

        _writer.Write('\n');
        Rows++;
    }

    /// <summary>Closes the gzip stream and returns the file's SHA-256 (hex), the name it is stored under.</summary>
    public async Task<string> FinishAsync(CancellationToken cancellationToken)
    {
        if (!_finished)
        {
            // Closing the writer closes the gzip stream (writing its trailer); the file stays open for reading.
            await _writer.DisposeAsync().ConfigureAwait(false);
            _finished = true;
        }

        _file.Position = 0;
        var hash = await SHA256.HashDataAsync(_file, cancellationToken).ConfigureAwait(false);
        _file.Position = 0;
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The finished file, from its start; valid until disposal.</summary>
    public Stream Content => _finished ? _file : throw new InvalidOperationException("Finish the file first.");

    public async ValueTask DisposeAsync()
    {
        if (!_finished)
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
        }

        await _file.DisposeAsync().ConfigureAwait(false);
    }

    private void WriteField(object? value)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                WriteText(text);
                return;
            case DateTime time:
                _writer.Write(time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                return;
            case DateTimeOffset time:
                _writer.Write(time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture));
                return;
            case bool flag:
                _writer.Write(flag ? "TRUE" : "FALSE");
                return;
            case IFormattable number:
                _writer.Write(number.ToString(null, CultureInfo.InvariantCulture));
                return;
            default:
                throw new ArgumentException($"Cannot write a {value.GetType().Name} to a curated file.", nameof(value));
        }
    }

    private void WriteText(string text)
    {
        // An empty string is quoted so that it stays apart from NULL (an empty unquoted field).
        var quote = text.Length == 0 || text.AsSpan().IndexOfAny(",\"\r\n") >= 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]);
        if (!quote)
        {
            _writer.Write(text);
            return;
        }

        _writer.Write('"');
        _writer.Write(text.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }
}
