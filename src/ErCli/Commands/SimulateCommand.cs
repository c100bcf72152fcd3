using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ErPipeline.Vitals;
using ErPipeline.Vitals.Simulation;
using ErPipeline.Warehouse;
using Microsoft.Extensions.DependencyInjection;

namespace ErCli.Commands;

/// <summary>
/// <c>er simulate</c>: bedside vital signs for N patients as JSONL (one reading per line), from the warehouse's most
/// recent patients when it has visits. The same seed and inputs give the same bytes; <c>--speed</c> plays them live.
/// </summary>
internal static partial class SimulateCommand
{
    /// <summary>The default start of the simulated range: fixed, so that a run is repeatable.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private const int MaxPatients = 100_000;
    private const int MaxEpisodesListed = 20;

    public static Command Create(GlobalFlags global)
    {
        // Values are parsed here rather than by System.CommandLine so that every bad value exits 2 naming its flag.
        var patients = new Option<string>("--patients") { Description = "Number of patients on monitors", DefaultValueFactory = _ => "10" };
        var duration = new Option<string>("--duration") { Description = "Simulated time to cover: 90s, 30m, 2h, 1h30m", DefaultValueFactory = _ => "1h" };
        var seed = new Option<string>("--seed") { Description = "Random seed; the same seed and inputs give the same bytes", DefaultValueFactory = _ => "42" };
        var speed = new Option<string?>("--speed") { Description = "Play at this many times real time (60: a simulated minute per second) until done or Ctrl+C; default: as fast as possible" };
        var interval = new Option<string>("--interval") { Description = "One reading per patient this often: 60s, 5m", DefaultValueFactory = _ => "60s" };
        var start = new Option<string>("--start") { Description = "Simulated start, UTC (2025-01-01T00:00:00Z), or 'now' (then runs differ)", DefaultValueFactory = _ => DefaultStart.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) };
        var output = new Option<string?>("--out") { Description = "JSONL file to write (default: stdout)" };
        var command = new Command("simulate", "Write simulated bedside vital signs as JSONL, one reading per patient per interval")
        {
            patients, duration, seed, speed, interval, start, output,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!TryParseCount(parse.GetValue(patients), out var patientCount) || patientCount is < 1 or > MaxPatients)
            {
                return await UsageAsync($"--patients '{parse.GetValue(patients)}' is not a number of patients from 1 to {MaxPatients:N0}.").ConfigureAwait(false);
            }

            if (!TryParseDuration(parse.GetValue(duration), out var span))
            {
                return await UsageAsync($"--duration '{parse.GetValue(duration)}' is not a duration: use whole numbers with h, m or s, e.g. 90s, 30m, 2h, 1h30m.").ConfigureAwait(false);
            }

            if (!TryParseDuration(parse.GetValue(interval), out var every) || every > TimeSpan.FromHours(1))
            {
                return await UsageAsync($"--interval '{parse.GetValue(interval)}' is not an interval from 1s to 1h, e.g. 60s or 5m.").ConfigureAwait(false);
            }

            if (span < every)
            {
                return await UsageAsync($"--duration {parse.GetValue(duration)} is shorter than --interval {parse.GetValue(interval)}: no patient would get a reading.").ConfigureAwait(false);
            }

            if (!int.TryParse(parse.GetValue(seed), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seedValue))
            {
                return await UsageAsync($"--seed '{parse.GetValue(seed)}' is not a whole number.").ConfigureAwait(false);
            }

            double? pace = null;
            var speedText = parse.GetValue(speed);
            if (speedText is not null)
            {
                if (!double.TryParse(speedText, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) || !(factor > 0) || double.IsInfinity(factor))
                {
                    return await UsageAsync($"--speed '{speedText}' is not a positive factor, e.g. 1 (real time) or 60.").ConfigureAwait(false);
                }

                pace = factor;
            }

            var startText = parse.GetValue(start)!;
            DateTimeOffset from;
            if (string.Equals(startText, "now", StringComparison.OrdinalIgnoreCase))
            {
                var now = TimeProvider.System.GetUtcNow();
                from = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            }
            else if (!DateTimeOffset.TryParse(startText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out from))
            {
                return await UsageAsync($"--start '{startText}' is not a UTC time like 2025-01-01T00:00:00Z, or 'now'.").ConfigureAwait(false);
            }

            using var host = ErHost.Build(global.Read(parse));
            var warehouse = host.Services.GetRequiredService<IWarehouse>();
            await warehouse.MigrateAsync(cancellationToken).ConfigureAwait(false);
            var selection = await new RecentPatients(warehouse).ChooseAsync(patientCount, cancellationToken).ConfigureAwait(false);
            var simulator = new VitalsSimulator(selection.Patients, seedValue, from, span, new VitalsSimulationOptions { Interval = every });

            var path = parse.GetValue(output);
            Stream stream;
            try
            {
                stream = path is null ? Console.OpenStandardOutput() : new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"er simulate: cannot write --out '{path}': {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            long written = 0;
            var stopped = false;
            // LF line ends and no BOM, whatever the platform, so the same seed gives the same bytes everywhere.
            await using (var writer = new StreamWriter(stream, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
            {
                try
                {
                    if (pace is { } factor)
                    {
                        await foreach (var batch in VitalsPacing.PaceAsync(simulator.Readings(), simulator.Start, factor, TimeProvider.System, cancellationToken).ConfigureAwait(false))
                        {
                            foreach (var reading in batch)
                            {
                                await writer.WriteLineAsync(VitalsJson.ToLine(reading)).ConfigureAwait(false);
                            }

                            written += batch.Count;
                            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        foreach (var reading in simulator.Readings())
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            await writer.WriteLineAsync(VitalsJson.ToLine(reading)).ConfigureAwait(false);
                            written++;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    stopped = true;
                }
            }

            // The readings own stdout when no file is given; the summary then goes to stderr.
            var summary = path is null ? Console.Error : Console.Out;
            await summary.WriteLineAsync(Summary(simulator, selection, written, stopped, path)).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A whole count, digits only.</summary>
    internal static bool TryParseCount(string? text, out int count) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count);

    /// <summary>A positive duration written as whole hours, minutes and seconds in that order: <c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1h30m</c>.</summary>
    internal static bool TryParseDuration(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var match = text is null ? Match.Empty : DurationPattern().Match(text);
        if (!match.Success || match.Length == 0)
        {
            return false;
        }

        long seconds = 0;
        foreach (var (group, unit) in new[] { ("h", 3600L), ("m", 60L), ("s", 1L) })
        {
            if (match.Groups[group].Success)
            {
                if (!long.TryParse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 10_000_000)
                {
                    return false;
                }

                seconds += amount * unit;
            }
        }

        duration = TimeSpan.FromSeconds(seconds);
        return seconds > 0;
    }

    private static string Summary(VitalsSimulator simulator, PatientSelection selection, long written, bool stopped, string? path)
    {
        var text = new StringBuilder();
        var where = path is null ? "" : $" to {path}";
        var who = selection.FromWarehouse == 0
            ? $"{selection.Patients.Count:N0} synthetic patients (the warehouse has no visits)"
            : $"{selection.Patients.Count:N0} patients ({selection.FromWarehouse:N0} of the warehouse's most recent visits, {selection.Synthetic:N0} synthetic)";
        text.Append(CultureInfo.InvariantCulture, $"{(stopped ? "Stopped after" : "Wrote")} {written:N0} readings{where}: {who}, ")
            .Append(CultureInfo.InvariantCulture, $"every {simulator.Interval.TotalSeconds:N0} s from {simulator.Start:yyyy-MM-dd'T'HH:mm:ss'Z'} for {simulator.Duration}.");
        var deteriorating = simulator.Plans.Where(p => p.Episode is not null).ToArray();
        foreach (var plan in deteriorating.Take(MaxEpisodesListed))
        {
            var episode = plan.Episode!;
            text.Append('\n').Append(CultureInfo.InvariantCulture,
                $"  {plan.PatientId}: {Name(episode.Kind)} from {episode.Onset:yyyy-MM-dd HH:mm}Z, fully developed by {episode.FullyDevelopedAt:yyyy-MM-dd HH:mm}Z");
        }

        if (deteriorating.Length > MaxEpisodesListed)
        {
            text.Append('\n').Append(CultureInfo.InvariantCulture, $"  and {deteriorating.Length - MaxEpisodesListed:N0} more deteriorating patients");
        }

        return text.ToString();
    }

    private static string Name(Deterioration kind) => kind switch
    {
        Deterioration.Sepsis => "sepsis",
        Deterioration.RespiratoryFailure => "respiratory failure",
        Deterioration.Haemorrhage => "haemorrhage",
        Deterioration.OpioidToxicity => "opioid toxicity",
        _ => kind.ToString(),
    };

    private static async Task<int> UsageAsync(string message)
    {
        await Console.Error.WriteLineAsync($"er simulate: {message}").ConfigureAwait(false);
        return ExitCodes.Usage;
    }

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex DurationPattern();
}
