using ErPipeline.Vitals.Simulation;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ErFunctions;

/// <summary>
/// Simulated bedside monitors: on the schedule in the app setting <c>GenerateVitalsSchedule</c>, the readings of the
/// time since the previous run go to the Event Hub <c>vitals</c>. The schedule monitor tells each run when the
/// previous one fired, so consecutive runs cover consecutive windows; it is asked for explicitly because the host
/// turns it off by default for schedules that fire more than once a minute.
/// </summary>
public sealed partial class GenerateVitals(VitalsGenerator generator, TimeProvider time, ILogger<GenerateVitals> logger)
{
    /// <summary>
    /// The app setting holding the CRON schedule. A flat name on purpose: the host resolves <c>%…%</c> by looking the
    /// name up in its configuration, where an app setting <c>Section__Key</c> appears only as <c>Section:Key</c>.
    /// </summary>
    public const string ScheduleSetting = "GenerateVitalsSchedule";

    [Function(nameof(GenerateVitals))]
    public async Task RunAsync([TimerTrigger("%" + ScheduleSetting + "%", UseMonitor = true)] TimerInfo timer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(timer);
        var window = SimulationWindow.ForTimerRun(
            SimulationWindow.HostTime(timer.ScheduleStatus?.Last, time.LocalTimeZone),
            SimulationWindow.HostTime(timer.ScheduleStatus?.Next, time.LocalTimeZone),
            timer.IsPastDue,
            time.GetUtcNow(),
            generator.Interval);
        var result = await generator.GenerateAsync(window, cancellationToken).ConfigureAwait(false);
        LogGenerated(result.Readings, result.Patients, window.From, window.To);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Published {Readings} simulated readings of {Patients} patients for {From:O} to {To:O}")]
    private partial void LogGenerated(int readings, int patients, DateTimeOffset from, DateTimeOffset to);
}
