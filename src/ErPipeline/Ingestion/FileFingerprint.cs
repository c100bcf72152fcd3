using System.Security.Cryptography;
using System.Text;

namespace ErPipeline.Ingestion;

/// <summary>
/// One pass over a file before it is parsed: its SHA-256 (the identity that makes loads idempotent), its size, and
/// whether it is valid UTF-8 (a file that is not is refused whole, with the line of the first bad byte).
/// </summary>
public sealed record FileFingerprint(string Sha256, long Length, string? Utf8Problem)
{
    public static async Task<FileFingerprint> ComputeAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var buffer = new byte[1 << 16];
        long length = 0, line = 1;
        string? problem = null;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            if (problem is null)
            {
                try
                {
                    decoder.GetCharCount(buffer, 0, read, flush: false);
                }
                catch (DecoderFallbackException ex)
                {
                    var offsetInChunk = Math.Max(0, Math.Min(read, ex.Index < 0 ? 0 : ex.Index));
                    var lineOfProblem = line + buffer.AsSpan(0, offsetInChunk).Count((byte)'\n');
                    problem = $"not valid UTF-8 (first invalid byte on line {lineOfProblem}, byte offset {length + offsetInChunk})";
                }

                line += buffer.AsSpan(0, read).Count((byte)'\n');
            }

            length += read;
        }

        if (problem is null)
        {
            try
            {
                decoder.GetCharCount([], 0, 0, flush: true);
            }
            catch (DecoderFallbackException)
            {
                problem = $"not valid UTF-8 (the file ends inside a multi-byte character, byte offset {length})";
            }
        }

        return new FileFingerprint(Convert.ToHexStringLower(hash.GetHashAndReset()), length, problem);
    }
}
