using ErPipeline.Vitals.Simulation;

namespace ErPipeline.Tests.Vitals;

/// <summary>The window each GenerateVitals run covers, from what the Functions host reports of its timer.</summary>
public sealed class SimulationWindowTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ForTimerRun_EveryMinuteFiringAFewMillisecondsLate_WindowsJoinWithoutGapOrOverlap()
    {
        // The host hands each run the schedule status as it stood before the run: Next is this run's scheduled
        // time and Last the time the previous run actually fired, a little after its own schedule.
        var windows = new List<SimulationWindow>();
        DateTimeOffset? previousFired = null;
        for (var run = 0; run < 5; run++)
        {
            var scheduled = Noon + run * Minute;
            var fired = scheduled + TimeSpan.FromMilliseconds(7 + 40 * run);
            windows.Add(SimulationWindow.ForTimerRun(previousFired, scheduled, isPastDue: false, now: fired, grid: Minute));
            previousFired = fired;
        }

        Assert.Equal(new SimulationWindow(Noon - Minute, Noon), windows[0]);   // no run on record: one interval
        Assert.All(windows.Zip(windows.Skip(1)), pair => Assert.Equal(pair.First.To, pair.Second.From));
        Assert.All(windows, w => Assert.Equal(Minute, w.Length));
        Assert.Equal(Noon + 4 * Minute, windows[^1].To);
    }

    [Fact]
    public void ForTimerRun_ScheduleEveryFiveMinutes_CoversTheFiveMinutesSinceThePreviousRun()
    {
        var window = SimulationWindow.ForTimerRun(Noon.AddMilliseconds(12), Noon.AddMinutes(5), false, Noon.AddMinutes(5).AddMilliseconds(9), Minute);

        Assert.Equal(new SimulationWindow(Noon, Noon.AddMinutes(5)), window);
    }

    [Fact]
    public void ForTimerRun_PastDueAtStartUp_CoversUpToNowAndTheNextRunGoesOnFromThere()
    {
        // The host was down from 12:03; it starts at 12:10:20 and runs the missed occurrence at once.
        var restart = Noon.AddMinutes(10).AddSeconds(20);
        var catchUp = SimulationWindow.ForTimerRun(Noon.AddMinutes(2).AddMilliseconds(5), Noon.AddMinutes(3), isPastDue: true, restart, Minute);
        var next = SimulationWindow.ForTimerRun(restart, Noon.AddMinutes(11), isPastDue: false, Noon.AddMinutes(11).AddMilliseconds(3), Minute);

        Assert.Equal(new SimulationWindow(Noon.AddMinutes(2), Noon.AddMinutes(10)), catchUp);
        Assert.Equal(new SimulationWindow(Noon.AddMinutes(10), Noon.AddMinutes(11)), next);
    }

    [Fact]
    public void ForTimerRun_LongOutage_MakesUpForAtMostTheCatchUpLimit()
    {
        var window = SimulationWindow.ForTimerRun(Noon.AddHours(-6), Noon.AddHours(-5), isPastDue: true, Noon, Minute);

        Assert.Equal(new SimulationWindow(Noon - SimulationWindow.MaxCatchUp, Noon), window);
    }

    [Fact]
    public void ForTimerRun_NoScheduleStatus_CoversTheIntervalBeforeNow()
    {
        var window = SimulationWindow.ForTimerRun(null, null, false, Noon.AddSeconds(42), Minute);

        Assert.Equal(new SimulationWindow(Noon - Minute, Noon), window);
    }

    [Fact]
    public void ForTimerRun_ScheduledFarAheadOfTheClock_IsNotTrustedOverTheClock()
    {
        // A status that does not belong to this run (a run started by hand) must not send readings from the future.
        var window = SimulationWindow.ForTimerRun(Noon.AddMinutes(-1), Noon.AddHours(1), false, Noon.AddSeconds(3), Minute);

        Assert.Equal(new SimulationWindow(Noon - Minute, Noon), window);
    }

    [Fact]
    public void ForTimerRun_PreviousRunAfterThisOne_GivesAnEmptyWindowRatherThanAReversedOne()
    {
        var window = SimulationWindow.ForTimerRun(Noon.AddMinutes(5), Noon, false, Noon, Minute);

        Assert.True(window.IsEmpty);
        Assert.Equal(Noon, window.To);
    }

    [Fact]
    public void HostTime_TimesOfAHostClock_AreReadInItsZoneAndTheNeverRunDefaultIsNull()
    {
        var paris = TimeZoneInfo.CreateCustomTimeZone("UTC+1", TimeSpan.FromHours(1), "UTC+1", "UTC+1");

        Assert.Null(SimulationWindow.HostTime(default(DateTime), paris));
        Assert.Null(SimulationWindow.HostTime(null, paris));
        Assert.Equal(Noon, SimulationWindow.HostTime(new DateTime(2026, 3, 1, 13, 0, 0, DateTimeKind.Unspecified), paris));
        Assert.Equal(Noon, SimulationWindow.HostTime(new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc), paris));
        Assert.Equal(Noon, SimulationWindow.HostTime(Noon.UtcDateTime.ToLocalTime(), paris));
    }

    [Fact]
    public void Floor_TimesBeforeAndAfterAGridLine_GoToTheLineAtOrBeforeThem()
    {
        Assert.Equal(Noon, SimulationWindow.Floor(Noon, Minute));
        Assert.Equal(Noon, SimulationWindow.Floor(Noon.AddSeconds(59.999), Minute));
        Assert.Equal(Noon - Minute, SimulationWindow.Floor(Noon.AddTicks(-1), Minute));
        Assert.Equal(DateTimeOffset.UnixEpoch - Minute, SimulationWindow.Floor(DateTimeOffset.UnixEpoch.AddSeconds(-1), Minute));
    }
}
