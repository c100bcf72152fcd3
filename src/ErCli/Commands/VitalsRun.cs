using ErPipeline.Alerts;
using ErPipeline.Vitals;
using ErPipeline.Vitals.Simulation;
using ErPipeline.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace ErCli.Commands;

/// <summary><c>er up</c>'s simulated ward: bedside monitors on the warehouse's recent patients, scored, and alerts printed as they go out.</summary>
internal static class VitalsRun
{
    /// <summary>How long the simulation would run if nothing stopped it; Ctrl+C does, long before.</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(365);

    /// <summary>
    /// Starts the ward once the inbox has settled (no new file for two seconds), so that the monitored patients are
    /// those of the visits just loaded; the task ends when <paramref name="cancellationToken"/> stops it, or with the
    /// error that stopped it.
    /// </summary>
    public static async Task StartAsync(IServiceProvider services, IAnsiConsole console, Func<TimeSpan> sinceLastFile, CancellationToken cancellationToken)
    {
        var options = services.GetRequiredService<IOptions<VitalsOptions>>().Value;
        if (options.SimulatedPatients == 0)
        {
            return;
        }

        try
        {
            while (sinceLastFile() < TimeSpan.FromSeconds(2))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }

        var selection = await new RecentPatients(services.GetRequiredService<IWarehouse>()).ChooseAsync(options.SimulatedPatients, cancellationToken).ConfigureAwait(false);
        var start = TimeProvider.System.GetUtcNow();
        var simulator = new VitalsSimulator(selection.Patients, options.Seed, start, Horizon);
        var sink = services.GetRequiredService<IAlertSink>();
        console.MarkupLine(
            $"Simulating {selection.Patients.Count} bedside monitors ({selection.FromWarehouse} from recent visits, {selection.Synthetic} synthetic) " +
            $"at {options.SimulationSpeed:0.##}× real time; alerts go to {Markup.Escape(sink.Location)}.");

        try
        {
            await services.GetRequiredService<LocalWard>().RunAsync(
                simulator,
                options.SimulationSpeed,
                TimeSpan.FromSeconds(options.ReminderCheckSeconds / options.SimulationSpeed),
                TimeProvider.System,
                message => console.MarkupLine(Describe(message)),
                cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static string Describe(AlertMessage message)
    {
        var colour = message.Kind == AlertKind.Technical ? "grey" : message.Band switch
        {
            News2Band.High => "red",
            News2Band.Medium => "darkorange",
            _ => "yellow",
        };
        var faults = string.Join(", ", message.Missing.Concat(message.Implausible));
        var what = message.Kind == AlertKind.Technical
            ? faults.Length == 0 ? "technical" : $"technical: {faults}"
            : $"{message.Band} (NEWS2 {message.News2})";
        return $"[{colour}]alert {message.Event.ToString().ToLowerInvariant()}[/] {Markup.Escape(message.PatientId)} {Markup.Escape(what)} at {message.SentAt:yyyy-MM-dd HH:mm} (simulated)";
    }
}
