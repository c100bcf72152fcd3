using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Queues;
using ErPipeline.Alerts;
using ErPipeline.Azure.Alerts;
using ErPipeline.Vitals;
using ErPipeline.Vitals.Simulation;
using ErPipeline.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace ErCli.Commands;

/// <summary>
/// <c>er bench alerts</c>: simulated readings through NEWS2 scoring and the alert engine with in-memory state
/// (readings per second, allocations), then alerts end to end through a real Azurite: from a reading handed to the
/// vitals consumer to its message received from the <c>er-alerts</c> queue (p50, p99).
/// </summary>
internal static class BenchAlertsCommand
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    // Paging readings reach the consumer at this pace in the latency run: ten a second, more than ten times the alert
    // messages of 1,000 patients read once a minute (the throughput run sends about 6 per 100 readings), yet within
    // what the consumer takes with its warehouse writes, so that the figures are latency, not a backlog.
    private static readonly TimeSpan LatencyPace = TimeSpan.FromMilliseconds(100);

    // The receiver pauses this long after an empty receive: Azurite answers on one thread, and on two cores a receive
    // loop without a pause slowed the sends it was timing (p50 up by half).
    private static readonly TimeSpan EmptyPollPause = TimeSpan.FromMilliseconds(2);

    private const int LatencyWarmUpReadings = 60;

    public static Command Create()
    {
        var readings = new Option<int>("--readings") { Description = "Readings to replay through scoring and the engine", DefaultValueFactory = _ => 1_000_000 };
        var patients = new Option<int>("--patients") { Description = "Patients the readings are spread over (one reading a minute each)", DefaultValueFactory = _ => 1_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulated readings", DefaultValueFactory = _ => 42 };
        var runs = new Option<int>("--runs") { Description = "Timed replays of all the readings (the median is reported)", DefaultValueFactory = _ => 5 };
        var latency = new Option<int>("--latency-readings") { Description = "Readings sent end to end through Azurite, each paging once (0: skip)", DefaultValueFactory = _ => 300 };
        var keep = new Option<bool>("--keep") { Description = "Keep the working folder (Azurite data, warehouse)" };
        var command = new Command("alerts", "Time NEWS2 scoring and the alert engine (readings/s), and the latency from a reading to its alert on the er-alerts queue through Azurite")
        {
            readings, patients, seed, runs, latency, keep,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (readingCount, patientCount, runCount, latencyCount) = (parse.GetValue(readings), parse.GetValue(patients), parse.GetValue(runs), parse.GetValue(latency));
            if (readingCount < 1 || patientCount is < 1 or > 100_000 || runCount < 1 || latencyCount < 0)
            {
                await Console.Error.WriteLineAsync("er bench alerts: --readings and --runs must be at least 1, --patients from 1 to 100,000, --latency-readings 0 or more.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            return await BenchCommand.InWorkFolderAsync(parse.GetValue(keep), folder =>
                RunAsync(readingCount, patientCount, parse.GetValue(seed), runCount, latencyCount, folder, cancellationToken)).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(int readingCount, int patientCount, int seed, int runCount, int latencyCount, string folder, CancellationToken cancellationToken)
    {
        var table = new Table().RoundedBorder().AddColumn("measure").AddColumn(new TableColumn("value").RightAligned());
        await ThroughputAsync(table, readingCount, patientCount, seed, runCount, cancellationToken).ConfigureAwait(false);
        if (latencyCount > 0)
        {
            await LatencyAsync(table, latencyCount, folder, cancellationToken).ConfigureAwait(false);
        }

        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static async Task ThroughputAsync(Table table, int readingCount, int patientCount, int seed, int runCount, CancellationToken cancellationToken)
    {
        // The readings are generated and held in memory first: only scoring and the engine are timed.
        var started = Stopwatch.GetTimestamp();
        var perPatient = (readingCount + patientCount - 1) / patientCount;
        var simulator = new VitalsSimulator(RecentPatients.TopUp([], patientCount), seed, SimulateCommand.DefaultStart, Interval * perPatient);
        var readings = simulator.Readings().Take(readingCount).ToArray();
        var generated = Stopwatch.GetElapsedTime(started);
        AnsiConsole.MarkupLine($"Generated {readings.Length:N0} readings of {patientCount:N0} patients ({simulator.Duration.TotalHours:N1} h simulated, one a minute) in {generated.TotalSeconds:F1} s");

        // Default alert settings (DOMAIN.md §2), not Alerts__* from the environment: runs compare with each other.
        var options = new AlertOptions();

        // Warm-up on a separate engine, so that the timed runs start with tiered-up code and no first-call costs.
        await ReplayAsync(new AlertReplay(options), readings.AsMemory(0, Math.Min(readings.Length, 200_000)), cancellationToken).ConfigureAwait(false);

        // Scoring and the engine, as er alerts --replay runs them: the clock follows the readings, so reminders and
        // escalations fall due and are sent as they would be live. Several runs, each on a fresh replay: on two cores
        // anything else running moves a single run by a third or more.
        var wholeRuns = new List<(AlertCounts Result, TimeSpan Elapsed, TimeSpan Cpu, long Allocated, string Collections)>();
        for (var run = 0; run < runCount; run++)
        {
            wholeRuns.Add(await MeasureAsync(() => ReplayAsync(new AlertReplay(options), readings, cancellationToken)).ConfigureAwait(false));
        }

        var whole = wholeRuns[0];
        var counts = whole.Result;
        var rates = wholeRuns.Select(r => readings.Length / r.Elapsed.TotalSeconds).ToList();
        var cpuRates = wholeRuns.Select(r => readings.Length / r.Cpu.TotalSeconds).ToList();
        var cpuShares = wholeRuns.Select(r => r.Cpu / r.Elapsed).ToList();

        // Where the time goes: scoring alone, then the engine alone on readings scored beforehand (outside the timing).
        var scoring = await MeasureAsync(() =>
        {
            long total = 0;
            foreach (var reading in readings)
            {
                total += News2Scorer.Score(reading).Total;
            }

            return Task.FromResult(total);
        }).ConfigureAwait(false);
        var engine = await EngineAloneAsync(options, readings, cancellationToken).ConfigureAwait(false);
        if (engine.Messages != counts.Messages)
        {
            throw new InvalidOperationException($"The engine alone sent {engine.Messages} messages, scoring and engine {counts.Messages}: the replay is not deterministic.");
        }

        var n = readings.Length;
        table.AddRow("readings", $"{n:N0}: {patientCount:N0} patients × {perPatient:N0} at 60 s ({simulator.Duration.TotalHours:N1} h), seed {seed}");
        table.AddRow("[bold]scoring + engine, in-memory state (goal ≥ 500,000 readings/s)[/]",
            $"[bold]{BenchKpisCommand.Percentile(rates, 0.5):N0} readings/s[/] (median of {runCount}; {rates.Min():N0} to {rates.Max():N0})");
        // The process's own CPU time is less sensitive to other work on the machine: below 100% of the wall time, the
        // replay waited for a core (the GC's background thread can take it above).
        table.AddRow("  per second of the process's CPU time; CPU time ÷ wall time",
            $"{BenchKpisCommand.Percentile(cpuRates, 0.5):N0} readings/s; {BenchKpisCommand.Percentile(cpuShares, 0.5):P0} (medians)");
        table.AddRow("  allocated per reading; GC gen0 / gen1 / gen2 per run", $"{whole.Allocated / (double)n:N0} B; {whole.Collections}");
        table.AddRow("  scoring alone (News2Scorer.Score)", $"{n / scoring.Elapsed.TotalSeconds:N0} readings/s, {scoring.Elapsed.TotalMilliseconds * 1000 / n:N2} µs and {scoring.Allocated / (double)n:N0} B per reading");
        table.AddRow("  engine alone (AlertReplay: clock, engine, state store)", $"{n / engine.Elapsed.TotalSeconds:N0} readings/s, {engine.Elapsed.TotalMilliseconds * 1000 / n:N2} µs and {engine.Allocated / (double)n:N0} B per reading");
        table.AddRow("alert messages", $"{counts.Messages:N0} ({counts.Describe()})");
    }

    /// <summary>Scores each reading and runs it through the replay; counts the messages by kind and event.</summary>
    private static async Task<AlertCounts> ReplayAsync(AlertReplay replay, ReadOnlyMemory<VitalReading> readings, CancellationToken cancellationToken)
    {
        var counts = new AlertCounts();
        for (var i = 0; i < readings.Length; i++)
        {
            var reading = readings.Span[i];
            counts.Add(await replay.ProcessAsync(reading, News2Scorer.Score(reading), cancellationToken).ConfigureAwait(false));
        }

        return counts;
    }

    /// <summary>
    /// The replay timed alone: readings are scored a block at a time before the block is timed. Blocks are small so
    /// that the scores waiting in one do not outlive collections and make the engine's look costlier than they are.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, long Allocated, long Messages)> EngineAloneAsync(AlertOptions options, VitalReading[] readings, CancellationToken cancellationToken)
    {
        const int Block = 1_000;
        var replay = new AlertReplay(options);
        var scores = new News2Score[Block];
        var counts = new AlertCounts();
        var elapsed = TimeSpan.Zero;
        long allocated = 0;
        for (var from = 0; from < readings.Length; from += Block)
        {
            var count = Math.Min(Block, readings.Length - from);
            for (var i = 0; i < count; i++)
            {
                scores[i] = News2Scorer.Score(readings[from + i]);
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                counts.Add(await replay.ProcessAsync(readings[from + i], scores[i], cancellationToken).ConfigureAwait(false));
            }

            elapsed += Stopwatch.GetElapsedTime(started);
            allocated += GC.GetTotalAllocatedBytes(precise: true) - before;
        }

        return (elapsed, allocated, counts.Messages);
    }

    private static async Task<(T Result, TimeSpan Elapsed, TimeSpan Cpu, long Allocated, string Collections)> MeasureAsync<T>(Func<Task<T>> run)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        int[] before = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = ProcessorTime();
        var started = Stopwatch.GetTimestamp();
        var result = await run().ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpu = ProcessorTime() - cpuBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var collections = string.Join(" / ", Enumerable.Range(0, 3).Select(g => (GC.CollectionCount(g) - before[g]).ToString("N0", CultureInfo.InvariantCulture)));
        return (result, elapsed, cpu, allocated, collections);
    }

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static async Task LatencyAsync(Table table, int readingCount, string folder, CancellationToken cancellationToken)
    {
        const string Label = "[bold]end to end: reading → its message received from er-alerts (goal p99 ≤ 250 ms)[/]";
        var executable = LocalAzurite.FindExecutable();
        if (executable is null)
        {
            AnsiConsole.MarkupLine("[yellow]Azurite not found (node_modules/.bin/azurite here or above): run [bold]npm ci[/] at the repository root to install the pinned version. Skipping the latency run.[/]");
            table.AddRow(Label, "not measured: Azurite not installed (npm ci at the repository root)");
            return;
        }

        LocalAzurite started;
        try
        {
            started = await LocalAzurite.StartAsync(executable, Directory.CreateDirectory(Path.Combine(folder, "azurite")).FullName, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Keep the throughput figures: say why there are no latency ones.
            AnsiConsole.MarkupLine($"[yellow]Azurite did not start: {Markup.Escape(ex.Message)} Skipping the latency run.[/]");
            table.AddRow(Label, $"not measured: Azurite did not start ({Markup.Escape(ex.Message)})");
            return;
        }

        await using var azurite = started;
        AnsiConsole.MarkupLine($"Azurite started ({Markup.Escape(executable)})");

        // The consumer as er up composes it with storage: state in the eralertstate table, alerts on er-alerts, readings
        // and alerts recorded in DuckDB. The real store and sink are wrapped to time them; the alert settings are the
        // defaults, as in the throughput part (Alerts__PageOnRedScore=false in the environment would page nothing here).
        var probe = new LatencyProbe();
        using var host = ErHost.Build(new HostFlags(Path.Combine(folder, "latency.duckdb"), azurite.ConnectionString, false), services =>
        {
            services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new AlertOptions()));
            services.AddSingleton<IAlertSink>(new TimedSink(new QueueAlertSink(QueueAlertSink.Connect(azurite.ConnectionString, null)), probe));
            services.AddSingleton<IAlertStateStore>(new TimedStore(new TableAlertStateStore(AlertStateRegistration.TableService(azurite.ConnectionString, null)), probe));
        });
        await host.Services.GetRequiredService<IWarehouse>().MigrateAsync(cancellationToken).ConfigureAwait(false);
        var processor = host.Services.GetRequiredService<VitalsProcessor>();
        var queue = new QueueServiceClient(azurite.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None })
            .GetQueueClient(QueueAlertSink.QueueName);
        await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);

        await StreamAsync(processor, queue, "WARM", LatencyWarmUpReadings, probe, cancellationToken).ConfigureAwait(false);
        probe.Clear();
        var samples = await StreamAsync(processor, queue, "LAT", readingCount, probe, cancellationToken).ConfigureAwait(false);
        if (samples.Total.Count == 0)
        {
            table.AddRow(Label, "no alert message was received");
            return;
        }

        table.AddRow(Label, $"[bold]p50 {P(samples.Total, 0.5)} / p99 {P(samples.Total, 0.99)} / max {samples.Total.Max():N1} ms[/]");
        table.AddRow("  reading → message sent (scoring, engine, Table state, queue send)", $"p50 {P(samples.ToSent, 0.5)} / p99 {P(samples.ToSent, 0.99)} ms");
        table.AddRow("  message sent → received (visibility, receive polling)", $"p50 {P(samples.SentToReceived, 0.5)} / p99 {P(samples.SentToReceived, 0.99)} ms");
        table.AddRow("  Table state read, save; queue send (each call)",
            $"p50 {P(probe.Reads, 0.5)}, {P(probe.Saves, 0.5)}; {P(probe.Sends, 0.5)} ms (p99 {P(probe.Reads, 0.99)}, {P(probe.Saves, 0.99)}; {P(probe.Sends, 0.99)})");
        table.AddRow("  consumer per reading, DuckDB writes after the send included", $"p50 {P(probe.Batches, 0.5)} / p99 {P(probe.Batches, 0.99)} ms");
        table.AddRow("alerts measured",
            $"{samples.Total.Count:N0} of {readingCount:N0}: {(readingCount + 2) / 3:N0} patients paging LowMedium, Medium, High; a reading every {LatencyPace.TotalMilliseconds:N0} ms; {LatencyWarmUpReadings} before, not counted");
    }

    private static string P(IEnumerable<double> values, double p) =>
        BenchKpisCommand.Percentile([.. values], p).ToString("N1", CultureInfo.InvariantCulture);

    private sealed record LatencySamples(List<double> Total, List<double> ToSent, List<double> SentToReceived);

    /// <summary>
    /// Hands readings to the vitals consumer at a steady pace, through the in-process channel as er up does, while
    /// another task receives the alert messages from the queue; each reading pages once.
    /// </summary>
    private static async Task<LatencySamples> StreamAsync(
        VitalsProcessor processor, QueueClient queue, string prefix, int count, LatencyProbe probe, CancellationToken cancellationToken)
    {
        var handedOver = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var received = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var channel = new InProcessVitalsChannel();
        using var receiving = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var consumer = Task.Run(async () =>
        {
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var batch = new List<VitalReading>();
                while (channel.Reader.TryRead(out var reading))
                {
                    batch.Add(reading);
                }

                var started = Stopwatch.GetTimestamp();
                await processor.ProcessAsync(batch, cancellationToken).ConfigureAwait(false);
                probe.Batches.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds / batch.Count);
            }
        }, cancellationToken);

        var receiver = Task.Run(async () =>
        {
            try
            {
                while (received.Count < count)
                {
                    // Received messages stay invisible for the rest of the run, so none is counted twice.
                    var messages = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(30), receiving.Token).ConfigureAwait(false)).Value;
                    var now = Stopwatch.GetTimestamp();
                    foreach (var message in messages)
                    {
                        received.TryAdd(Key(AlertsJson.FromLine(message.Body.ToString())), now);
                    }

                    if (messages.Length == 0)
                    {
                        await Task.Delay(EmptyPollPause, receiving.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Gave up waiting: the missing messages are reported as missing.
            }
        }, cancellationToken);

        var patients = (count + 2) / 3;
        for (var i = 0; i < count; i++)
        {
            // Step by step across patients: LowMedium for all, then Medium, then High; each worsening pages again.
            var patientId = string.Create(CultureInfo.InvariantCulture, $"{prefix}-{(i % patients) + 1:D4}");
            var reading = Escalation(patientId, i / patients, TimeProvider.System.GetUtcNow());
            handedOver[Key(reading.PatientId, reading.ObservedAt)] = Stopwatch.GetTimestamp();
            await channel.PublishAsync([reading], cancellationToken).ConfigureAwait(false);
            await Task.Delay(LatencyPace, cancellationToken).ConfigureAwait(false);
        }

        channel.Complete();
        await consumer.ConfigureAwait(false);
        receiving.CancelAfter(TimeSpan.FromSeconds(30));
        await receiver.ConfigureAwait(false);

        var samples = new LatencySamples([], [], []);
        foreach (var (key, at) in received)
        {
            if (handedOver.TryGetValue(key, out var start) && probe.SentAt.TryGetValue(key, out var sent))
            {
                samples.Total.Add(Stopwatch.GetElapsedTime(start, at).TotalMilliseconds);
                samples.ToSent.Add(Stopwatch.GetElapsedTime(start, sent).TotalMilliseconds);
                samples.SentToReceived.Add(Stopwatch.GetElapsedTime(sent, at).TotalMilliseconds);
            }
        }

        return samples;
    }

    /// <summary>
    /// A reading with a red score (respiration 7 /min scores 3), so it pages at once: step 0 totals 3 (LowMedium),
    /// step 1 adds a pulse of 115 (5, Medium), step 2 a pulse of 135 and systolic 95 (8, High).
    /// </summary>
    private static VitalReading Escalation(string patientId, int step, DateTimeOffset at) => new()
    {
        PatientId = patientId,
        DeviceId = "BENCH",
        ObservedAt = at,
        RespirationRate = 7,
        Spo2 = 97,
        OnOxygen = false,
        SystolicBp = step >= 2 ? 95 : 120,
        HeartRate = step switch { 0 => 80, 1 => 115, _ => 135 },
        Consciousness = Consciousness.A,
        TemperatureC = 37.0,
    };

    private static string Key(AlertMessage message) => Key(message.PatientId, message.ObservedAt);

    private static string Key(string patientId, DateTimeOffset observedAt) =>
        string.Create(CultureInfo.InvariantCulture, $"{patientId}|{observedAt.UtcTicks}");

    /// <summary>Messages by kind and event.</summary>
    private sealed class AlertCounts
    {
        private readonly long[] _events = new long[Enum.GetValues<AlertEvent>().Length];
        private long _technical;

        public long Messages { get; private set; }

        public void Add(IReadOnlyList<AlertMessage> messages)
        {
            foreach (var message in messages)
            {
                Messages++;
                _events[(int)message.Event]++;
                _technical += message.Kind == AlertKind.Technical ? 1 : 0;
            }
        }

        public string Describe() =>
            string.Join(", ", Enum.GetValues<AlertEvent>().Select(e => string.Create(CultureInfo.InvariantCulture, $"{_events[(int)e]:N0} {e.ToString().ToLowerInvariant()}")))
            + string.Create(CultureInfo.InvariantCulture, $"; {_technical:N0} of them technical");
    }

    /// <summary>Timings of the latency run, in milliseconds, and when each message was sent (Stopwatch timestamp).</summary>
    private sealed class LatencyProbe
    {
        public ConcurrentDictionary<string, long> SentAt { get; } = new(StringComparer.Ordinal);

        public ConcurrentQueue<double> Reads { get; } = new();

        public ConcurrentQueue<double> Saves { get; } = new();

        public ConcurrentQueue<double> Sends { get; } = new();

        public ConcurrentQueue<double> Batches { get; } = new();

        public void Clear()
        {
            SentAt.Clear();
            Reads.Clear();
            Saves.Clear();
            Sends.Clear();
            Batches.Clear();
        }
    }

    /// <summary>Sends each message through the real sink, noting how long it took and when it was done.</summary>
    private sealed class TimedSink(IAlertSink inner, LatencyProbe probe) : IAlertSink
    {
        public string Location => inner.Location;

        public async Task SendAsync(IReadOnlyList<AlertMessage> messages, CancellationToken cancellationToken)
        {
            foreach (var message in messages)
            {
                var started = Stopwatch.GetTimestamp();
                await inner.SendAsync([message], cancellationToken).ConfigureAwait(false);
                var sent = Stopwatch.GetTimestamp();
                probe.SentAt[Key(message)] = sent;
                probe.Sends.Enqueue(Stopwatch.GetElapsedTime(started, sent).TotalMilliseconds);
            }
        }
    }

    /// <summary>The real state store, its reads and saves timed.</summary>
    private sealed class TimedStore(IAlertStateStore inner, LatencyProbe probe) : IAlertStateStore
    {
        public async Task<StoredAlertState?> GetAsync(string patientId, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var state = await inner.GetAsync(patientId, cancellationToken).ConfigureAwait(false);
            probe.Reads.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return state;
        }

        public async Task<bool> TrySaveAsync(AlertState state, string? etag, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var saved = await inner.TrySaveAsync(state, etag, cancellationToken).ConfigureAwait(false);
            probe.Saves.Enqueue(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return saved;
        }

        public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.DueAsync(now, cancellationToken);
    }
}
