using System.CommandLine;
using System.Text;
using ErPipeline.SampleData;
using Spectre.Console;

namespace ErCli.Commands;

/// <summary><c>er generate</c>: synthetic CSV batches in the contract's format, the same bytes for the same seed.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write to", DefaultValueFactory = _ => "data" };
        var patients = new Option<int>("--patients") { Description = "Number of patients", DefaultValueFactory = _ => 1_000 };
        var visits = new Option<int>("--visits") { Description = "Number of visits", DefaultValueFactory = _ => 5_000 };
        var seed = new Option<int>("--seed") { Description = "Random seed; the same seed gives the same files", DefaultValueFactory = _ => 42 };
        var dirty = new Option<int>("--dirty") { Description = $"Also write {SampleDataGenerator.DirtyVisitsFile} with this many rows, half of them dirty", DefaultValueFactory = _ => 0 };
        var command = new Command("generate", "Write synthetic patients and visits CSV files") { output, patients, visits, seed, dirty };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var patientCount = parse.GetValue(patients);
            var visitCount = parse.GetValue(visits);
            var dirtyRows = parse.GetValue(dirty);
            foreach (var (option, value) in new[] { (patients, patientCount), (visits, visitCount), (dirty, dirtyRows) })
            {
                if (value < 0)
                {
                    await Console.Error.WriteLineAsync($"er generate: {option.Name} must not be negative.").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
            }

            var folder = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            if (patientCount == 0 && visitCount > 0)
            {
                await Console.Error.WriteLineAsync("er generate: visits need at least one patient (--patients).").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var generator = new SampleDataGenerator(parse.GetValue(seed));
            await WriteAsync(Path.Combine(folder, SampleDataGenerator.PatientsFile), w => generator.WritePatientsAsync(w, patientCount, cancellationToken)).ConfigureAwait(false);
            await WriteAsync(Path.Combine(folder, SampleDataGenerator.VisitsFile), w => generator.WriteVisitsAsync(w, visitCount, patientCount, cancellationToken)).ConfigureAwait(false);
            AnsiConsole.MarkupLine($"Wrote {patientCount:N0} patients and {visitCount:N0} visits to [bold]{Markup.Escape(folder)}[/]");

            if (dirtyRows > 0)
            {
                IReadOnlyList<InjectedDefect> defects = [];
                await WriteAsync(Path.Combine(folder, SampleDataGenerator.DirtyVisitsFile),
                    async w => defects = await generator.WriteDirtyVisitsAsync(w, dirtyRows, Math.Max(1, patientCount), visitCount + 1, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                AnsiConsole.MarkupLine($"Wrote {SampleDataGenerator.DirtyVisitsFile}: {dirtyRows} rows, {defects.Count} of them must be quarantined:");
                foreach (var defect in defects)
                {
                    AnsiConsole.MarkupLine($"  line {defect.LineNumber,4}: {Markup.Escape(defect.Description)} [grey]→ {Markup.Escape(defect.ExpectedReason)}[/]");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(string path, Func<TextWriter, Task> write)
    {
        // LF line ends and no BOM, whatever the platform, so the same seed gives the same bytes everywhere.
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { NewLine = "\n" };
        await write(writer).ConfigureAwait(false);
    }
}
