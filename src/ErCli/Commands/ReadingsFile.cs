using System.Runtime.CompilerServices;
using System.Text.Json;
using ErPipeline.Vitals;

namespace ErCli.Commands;

/// <summary>
/// Vital readings from JSONL, as <c>er score</c> and <c>er alerts --replay</c> read them: blank lines skipped, a line
/// that is not a reading reported on stderr with its number (and counted), the others yielded in order.
/// </summary>
internal sealed class ReadingsFile(TextReader reader, string command, string source)
{
    /// <summary>Lines that were not readings.</summary>
    public int Bad { get; private set; }

    public async IAsyncEnumerable<VitalReading> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var lineNumber = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            VitalReading reading;
            try
            {
                reading = VitalsJson.FromLine(line);
            }
            catch (JsonException ex)
            {
                Bad++;
                await Console.Error.WriteLineAsync($"{command}: {source}line {lineNumber}: not a reading: {ex.Message}").ConfigureAwait(false);
                continue;
            }

            yield return reading;
        }
    }
}
