using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using ErPipeline.Vitals;

namespace ErCli.Commands;

/// <summary>
/// <c>er score [--in readings.jsonl]</c>: the NEWS2 calculator. Reads vital readings as JSONL (stdin by default) and
/// writes each back with <c>news2</c>, <c>band</c>, <c>redScore</c>, <c>complete</c>, per-parameter <c>points</c>, and what
/// is <c>missing</c> or <c>implausible</c>. A line that is not a reading is reported on stderr with its number; the
/// others are still scored, and the exit code is then 1.
/// </summary>
internal static class ScoreCommand
{
    public static Command Create()
    {
        var input = new Option<FileInfo?>("--in") { Description = "Readings file (JSONL); default: standard input" };
        var command = new Command("score", "Score vital readings with NEWS2 (JSONL in, JSONL out)") { input };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var file = parse.GetValue(input);
            if (file is not null && !file.Exists)
            {
                await Console.Error.WriteLineAsync($"er score: --in {file.FullName}: no such file").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            using var reader = file is null ? new StreamReader(Console.OpenStandardInput()) : file.OpenText();
            var output = Console.Out;
            var readings = new ReadingsFile(reader, "er score", string.Empty);
            await foreach (var reading in readings.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await output.WriteLineAsync(Scored(reading, News2Scorer.Score(reading)).ToJsonString()).ConfigureAwait(false);
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return readings.Bad == 0 ? ExitCodes.Ok : ExitCodes.FileRejected;
        });
        return command;
    }

    private static JsonObject Scored(VitalReading reading, News2Score score)
    {
        var json = JsonSerializer.SerializeToNode(reading, VitalsJson.Default.VitalReading)!.AsObject();
        json["news2"] = score.Total;
        json["band"] = score.Band.ToString();
        json["redScore"] = score.RedScore;
        json["complete"] = score.IsComplete;
        var points = new JsonObject();
        foreach (var parameter in score.Parameters)
        {
            points[parameter.Name] = parameter.Points;
        }

        json["points"] = points;
        json["missing"] = new JsonArray([.. score.Missing.Select(m => (JsonNode)m)]);
        json["implausible"] = new JsonArray([.. score.Implausible.Select(m => (JsonNode)m)]);
        return json;
    }
}
