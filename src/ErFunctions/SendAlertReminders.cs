using ErPipeline.Vitals;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ErFunctions;

/// <summary>
/// Reminders and escalations of unacknowledged alerts, on the schedule in the app setting
/// <c>SendAlertRemindersSchedule</c> (every 30 s by default). A missed run needs no catch-up: the next one finds
/// everything that fell due meanwhile, so the schedule is not monitored.
/// </summary>
public sealed partial class SendAlertReminders(VitalsProcessor processor, ILogger<SendAlertReminders> logger)
{
    /// <summary>The app setting holding the CRON schedule (a flat name, as <see cref="GenerateVitals.ScheduleSetting"/> explains).</summary>
    public const string ScheduleSetting = "SendAlertRemindersSchedule";

    [Function(nameof(SendAlertReminders))]
    public async Task RunAsync([TimerTrigger("%" + ScheduleSetting + "%", UseMonitor = false)] TimerInfo timer, CancellationToken cancellationToken)
    {
        var sent = await processor.SendDueAsync(cancellationToken).ConfigureAwait(false);
        if (sent.Count > 0)
        {
            LogSent(sent.Count);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sent {Alerts} reminders and escalations")]
    private partial void LogSent(int alerts);
}
