using ErPipeline.Alerts;
using ErPipeline.Vitals;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ErPipeline.Tests.Alerts;

/// <summary>
/// One patient's readings through a real engine on an in-memory store, with a fake clock that each reading moves
/// to its observedAt (as if processed the moment it was measured). Scores are built by hand, not by the scorer.
/// </summary>
public abstract class AlertTest
{
    public static readonly DateTimeOffset Start = new(2025, 1, 15, 9, 0, 0, TimeSpan.Zero);

    protected const string Patient = "P00001";

    protected FakeTimeProvider Clock { get; } = new(Start);

    protected InMemoryAlertStateStore Store { get; } = new();

    protected AlertOptions Options { get; } = new();

    /// <summary>Every message the engine has returned so far, in order.</summary>
    protected List<AlertMessage> Sent { get; } = [];

    protected AlertEngine NewEngine(IAlertStateStore? store = null) =>
        new(store ?? Store, Microsoft.Extensions.Options.Options.Create(Options), Clock, NullLogger<AlertEngine>.Instance);

    private AlertEngine? _engine;

    protected AlertEngine Engine => _engine ??= NewEngine();

    /// <summary>A complete reading <paramref name="minute"/> minutes after <see cref="Start"/>, processed then.</summary>
    protected Task<IReadOnlyList<AlertMessage>> At(double minute, News2Score score) => ProcessAsync(Reading(minute), score);

    /// <summary>The same complete score once a minute over [from, to], returning everything sent meanwhile.</summary>
    protected async Task<IReadOnlyList<AlertMessage>> Every(int from, int to, News2Score score)
    {
        var sent = new List<AlertMessage>();
        for (var minute = from; minute <= to; minute++)
        {
            sent.AddRange(await At(minute, score));
        }

        return sent;
    }

    protected async Task<IReadOnlyList<AlertMessage>> ProcessAsync(VitalReading reading, News2Score score, AlertEngine? engine = null)
    {
        if (reading.ObservedAt > Clock.GetUtcNow())
        {
            Clock.SetUtcNow(reading.ObservedAt);
        }

        var messages = await (engine ?? Engine).ProcessAsync(reading, score, default);
        Sent.AddRange(messages);
        return messages;
    }

    /// <summary>Moves the clock to the minute and asks for due reminders, as the timer would.</summary>
    protected async Task<IReadOnlyList<AlertMessage>> DueAt(double minute)
    {
        Clock.SetUtcNow(Start.AddMinutes(minute));
        var messages = await Engine.DueAsync(default);
        Sent.AddRange(messages);
        return messages;
    }

    protected static VitalReading Reading(double minute, string patient = Patient) => new()
    {
        PatientId = patient,
        DeviceId = "BED-07",
        ObservedAt = Start.AddMinutes(minute),
        RespirationRate = 16,
        Spo2 = 98,
        OnOxygen = false,
        SystolicBp = 120,
        HeartRate = 80,
        Consciousness = Consciousness.A,
        TemperatureC = 37.0,
    };

    /// <summary>A complete score: its band follows from the total and the red score as in DOMAIN §1.</summary>
    protected static News2Score Score(int total, bool red = false) => new(
        total, BandOf(total, red), red, Parameters(total, red), [], []);

    protected static News2Score Low => Score(1);

    protected static News2Score LowMedium => Score(3, red: true);

    protected static News2Score Medium => Score(5);

    protected static News2Score High => Score(8);

    /// <summary>A score with parameters missing (probe off) or impossible: the total covers the others only.</summary>
    protected static News2Score Incomplete(int partialTotal = 0, string[]? missing = null, string[]? implausible = null) => new(
        partialTotal, BandOf(partialTotal, red: false), false, Parameters(partialTotal, red: false), missing ?? ["spo2"], implausible ?? []);

    private static News2Band BandOf(int total, bool red) => total switch
    {
        >= 7 => News2Band.High,
        >= 5 => News2Band.Medium,
        _ when red => News2Band.LowMedium,
        _ => News2Band.Low,
    };

    private static List<ParameterScore> Parameters(int total, bool red)
    {
        // Points spread so the total adds up; a red score puts 3 on the respiration rate (a rate of 7).
        if (red)
        {
            var others = total - 3;
            var pulsePoints = Math.Min(others, 2);
            return
            [
                new("respirationRate", "7", 3),
                new("heartRate", pulsePoints == 0 ? "80" : "115", pulsePoints),
                new("systolicBp", others - pulsePoints == 0 ? "120" : "95", others - pulsePoints),
            ];
        }

        var pulse = Math.Min(total, 2);
        var rest = total - pulse;
        var respiration = Math.Min(rest, 2);
        var pressure = rest - respiration;
        return
        [
            new("respirationRate", respiration == 0 ? "16" : "22", respiration),
            new("heartRate", pulse == 0 ? "80" : "115", pulse),
            new("systolicBp", pressure == 0 ? "120" : "95", pressure),
        ];
    }

    /// <summary>A Low-medium score whose only red is in <paramref name="parameter"/> (3 points, the rest normal).</summary>
    protected static News2Score RedOnlyIn(string parameter) => new(
        3, News2Band.LowMedium, true,
        [new(parameter, "?", 3), .. ScoredParameters.Where(p => p != parameter).Select(p => new ParameterScore(p, "normal", 0))],
        [], []);

    private static readonly string[] ScoredParameters = ["respirationRate", "heartRate", "systolicBp"];
}
