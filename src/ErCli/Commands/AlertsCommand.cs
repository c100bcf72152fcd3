using System.CommandLine;
using System.Text;
using ErPipeline.Alerts;
using ErPipeline.Vitals;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErCli.Commands;

/// <summary>
/// <c>er alerts --replay readings.jsonl [--out alerts.jsonl]</c>: runs a recorded stream of readings through NEWS2 and
/// the alert engine (settings <c>Alerts__*</c>, state in memory), on a clock that follows the readings, and writes
/// the alert messages as JSONL. A line that is not a reading is reported on stderr with its number and skipped; the
/// exit code is then 1.
/// </summary>
internal static class AlertsCommand
{
    public static Command Create(GlobalFlags global)
    {
        var replay = new Option<FileInfo?>("--replay") { Description = "Readings to replay (JSONL, one reading per line, in the order received)" };
        var output = new Option<FileInfo?>("--out") { Description = "Write the alert messages here (JSONL); default: standard output" };
        var command = new Command("alerts", "Replay recorded vital readings through the alert engine") { replay, output };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var input = parse.GetValue(replay);
            if (input is null)
            {
                return await UsageAsync("--replay <readings.jsonl> is required.").ConfigureAwait(false);
            }

            if (!input.Exists)
            {
                return await UsageAsync($"--replay {input.FullName}: no such file").ConfigureAwait(false);
            }

            using var host = ErHost.Build(global.Read(parse));
            var engine = new AlertReplay(
                host.Services.GetRequiredService<IOptions<AlertOptions>>().Value,
                host.Services.GetRequiredService<ILogger<AlertEngine>>());

            var outFile = parse.GetValue(output);
            // LF and no BOM whatever the platform: one JSON object per line, UTF-8.
            await using var writer = outFile is null
                ? null
                : new StreamWriter(outFile.FullName, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
            var sink = writer ?? Console.Out;

            using var reader = input.OpenText();
            var file = new ReadingsFile(reader, "er alerts", $"{input.Name} ");
            var readings = 0;
            var patients = new HashSet<string>(StringComparer.Ordinal);
            var events = new Dictionary<AlertEvent, int>();
            await foreach (var reading in file.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                readings++;
                patients.Add(reading.PatientId);
                foreach (var message in await engine.ProcessAsync(reading, News2Scorer.Score(reading), cancellationToken).ConfigureAwait(false))
                {
                    events[message.Event] = events.GetValueOrDefault(message.Event) + 1;
                    await sink.WriteLineAsync(AlertsJson.ToLine(message)).ConfigureAwait(false);
                }
            }

            await sink.FlushAsync(cancellationToken).ConfigureAwait(false);
            if (outFile is not null)
            {
                // Standard output carries the messages when there is no --out; only then is it free for a summary.
                var counts = string.Join(", ", Enum.GetValues<AlertEvent>().Select(e => $"{events.GetValueOrDefault(e)} {e.ToString().ToLowerInvariant()}"));
                Console.WriteLine($"Replayed {readings} readings of {patients.Count} patients: {events.Values.Sum()} alert messages ({counts}) to {outFile.FullName}");
            }

            return file.Bad == 0 ? ExitCodes.Ok : ExitCodes.FileRejected;
        });
        return command;
    }

    private static async Task<int> UsageAsync(string message)
    {
        await Console.Error.WriteLineAsync($"er alerts: {message}").ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
