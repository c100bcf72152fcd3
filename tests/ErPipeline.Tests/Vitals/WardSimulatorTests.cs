using ErPipeline.Vitals;
using ErPipeline.Vitals.Simulation;

namespace ErPipeline.Tests.Vitals;

/// <summary>Monitors that run indefinitely and are read a window at a time, as the GenerateVitals timer reads them.</summary>
public sealed class WardSimulatorTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    // 11:40 UTC: the windows below cross the cycle boundary at 12:00 (cycles of 12 h counted from the Unix epoch).
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 11, 40, 0, TimeSpan.Zero);

    private static MonitoredPatient[] Ward(int count) => Enumerable.Range(1, count).Select(MonitoredPatient.Synthetic).ToArray();

    private static VitalsSimulationOptions Busy() => new() { EpisodeShare = 0.5, CopdShare = 0.3, ProbeOffPerHour = 6, MotionSpikesPerHour = 6 };

    private static string[] Jsonl(IEnumerable<VitalReading> readings) => [.. readings.Select(VitalsJson.ToLine)];

    private static SimulationWindow Window(DateTimeOffset from, TimeSpan length) => new(from, from + length);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [Fact]
    public void Readings_ConsecutiveWindows_JoinIntoTheSameStreamAsOneWindowAcrossTheCycleBoundary()
    {
        var simulator = new WardSimulator(42, Busy());
        var whole = simulator.Readings(Ward(5), Window(Start, 40 * Minute));

        var minuteByMinute = Enumerable.Range(0, 40).SelectMany(m => simulator.Readings(Ward(5), Window(Start + m * Minute, Minute)));
        var unevenly = new[] { (0, 7), (7, 1), (8, 19), (27, 13) }
            .SelectMany(w => simulator.Readings(Ward(5), Window(Start + w.Item1 * Minute, w.Item2 * Minute)));

        Assert.Equal(5 * 40, whole.Count);
        Assert.Equal(Jsonl(whole), Jsonl(minuteByMinute));
        Assert.Equal(Jsonl(whole), Jsonl(unevenly));
        Assert.Contains(whole, r => r.ObservedAt < Start.AddMinutes(20));
        Assert.Contains(whole, r => r.ObservedAt >= Start.AddMinutes(20));
    }

    [Fact]
    public void Readings_AWindow_HoldsEachPatientOncePerIntervalAtItsOwnPhaseAndNothingOutside()
    {
        var simulator = new WardSimulator(42, Busy());
        var window = Window(Start, 30 * Minute);

        var readings = simulator.Readings(Ward(6), window);

        Assert.All(readings, r => Assert.True(window.Contains(r.ObservedAt), $"{r.ObservedAt:O} is outside the window"));
        Assert.True(readings.Zip(readings.Skip(1)).All(p => p.First.ObservedAt <= p.Second.ObservedAt), "readings are ordered by time");
        foreach (var patient in readings.GroupBy(r => r.PatientId))
        {
            Assert.Equal(30, patient.Count());
            Assert.Equal([WardSimulator.DeviceId(patient.Key)], patient.Select(r => r.DeviceId).Distinct());
            Assert.All(patient.Zip(patient.Skip(1)), p => Assert.Equal(Minute, p.Second.ObservedAt - p.First.ObservedAt));
        }

        Assert.True(readings.Select(r => r.ObservedAt.Second).Distinct().Count() > 1, "monitors are not all in phase");
    }

    [Fact]
    public void Readings_SameWindowAgainOrFromAnotherInstance_AreTheSameBytes()
    {
        var window = Window(Start, 20 * Minute);
        var first = new WardSimulator(7, Busy());

        var readings = Jsonl(first.Readings(Ward(8), window));

        Assert.Equal(readings, Jsonl(first.Readings(Ward(8), window)));
        Assert.Equal(readings, Jsonl(new WardSimulator(7, Busy()).Readings(Ward(8), window)));
        Assert.NotEqual(readings, Jsonl(new WardSimulator(8, Busy()).Readings(Ward(8), window)));
    }

    [Fact]
    public void Readings_APatient_DoNotDependOnWhoElseIsOnTheWardOrInWhatOrder()
    {
        var simulator = new WardSimulator(42, Busy());
        var window = Window(Start, 20 * Minute);
        var patient = new MonitoredPatient("P00042", 70, Copd: true);

        var alone = simulator.Readings([patient], window);
        var amongOthers = simulator.Readings([.. Ward(4), patient, new MonitoredPatient("P00001", 30, false)], window)
            .Where(r => r.PatientId == patient.PatientId);

        Assert.Equal(Jsonl(alone), Jsonl(amongOthers));
    }

    [Fact]
    public void Plan_APatientAcrossCycles_KeepsBaselineCopdAndPhaseWhileEpisodesComeAndGo()
    {
        var simulator = new WardSimulator(42, Busy());
        var patient = MonitoredPatient.Synthetic(3);

        var plans = Enumerable.Range(0, 20).Select(c => simulator.Plan(patient, Start + c * simulator.Cycle)).ToArray();

        Assert.Single(plans.Select(p => p.Baseline).Distinct());
        Assert.Single(plans.Select(p => (p.Copd, p.FirstReadingOffset, p.DeviceId)).Distinct());
        Assert.Contains(plans, p => p.Episode is null);
        Assert.Contains(plans, p => p.Episode is not null);
        var episodes = plans.Select(p => p.Episode).OfType<DeteriorationEpisode>().ToArray();
        Assert.Equal(episodes.Length, episodes.Select(e => e.Onset).Distinct().Count());   // each cycle draws its own
        Assert.All(plans.Zip(Enumerable.Range(0, 20)), p => Assert.True(
            p.First.Episode is null || p.First.Episode.Onset >= SimulationWindow.Floor(Start + p.Second * simulator.Cycle, simulator.Cycle),
            "an episode starts within its own cycle"));
    }

    [Fact]
    public void Readings_AnEpisode_DevelopsAcrossWindows()
    {
        var options = new VitalsSimulationOptions { EpisodeShare = 1, ProbeOffPerHour = 0, MotionSpikesPerHour = 0 };
        var simulator = new WardSimulator(42, options);
        var patient = new MonitoredPatient("P00007", 55, Copd: false);
        var episode = simulator.Plan(patient, Start).Episode!;

        double MeanNews2(DateTimeOffset from) => Enumerable.Range(0, 10)
            .SelectMany(m => simulator.Readings([patient], Window(from + m * Minute, Minute)))
            .Average(r => News2Scorer.Score(r).Total);

        // Ten minutes before onset and ten once developed, within the cycle (the next one draws its own episode).
        var cycleStart = SimulationWindow.Floor(Start, simulator.Cycle);
        var before = MeanNews2(Max(cycleStart, SimulationWindow.Floor(episode.Onset, Minute) - 10 * Minute));
        var developed = MeanNews2(Min(cycleStart + simulator.Cycle - 10 * Minute, SimulationWindow.Floor(episode.FullyDevelopedAt, Minute) + Minute));

        Assert.True(developed >= before + 3, $"{episode.Kind}: mean NEWS2 {before:0.0} before onset, {developed:0.0} once developed");
    }

    [Fact]
    public void Readings_EmptyWindow_AreNone()
    {
        Assert.Empty(new WardSimulator(1).Readings(Ward(3), new SimulationWindow(Start, Start)));
    }

    [Fact]
    public void Readings_APatientListedTwice_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => new WardSimulator(1).Readings([.. Ward(2), MonitoredPatient.Synthetic(1)], Window(Start, Minute)));

        Assert.Contains("SIM-0001", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cycle_IsWholeIntervalsOfAboutTwelveHours()
    {
        var simulator = new WardSimulator(1, new VitalsSimulationOptions { Interval = TimeSpan.FromSeconds(7) });

        Assert.Equal(6172, simulator.ReadingsPerCycle);   // 43,200 s / 7 s, rounded up
        Assert.Equal(TimeSpan.FromSeconds(6172 * 7), simulator.Cycle);
    }
}
