using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErPipeline.Vitals.Simulation;

/// <summary>What one run of the generator sent.</summary>
public sealed record VitalsGeneration(SimulationWindow Window, int Patients, int FromWarehouse, int Readings);

/// <summary>
/// The scheduled generator (<c>GenerateVitals</c>): simulates one window of bedside readings for the ward and
/// publishes them. The ward is <c>Vitals__SimulatedPatients</c> patients, the warehouse's most recent ones topped up
/// with synthetic ones, seeded by <c>Vitals__Seed</c>.
/// </summary>
public sealed partial class VitalsGenerator
{
    /// <summary>
    /// The ward is looked up in the warehouse again after this long, not at every run: a timer every minute would
    /// otherwise keep a pay-per-use warehouse (Snowflake) awake around the clock, and patients stay on monitors for
    /// a while anyway. Readings do not depend on who else is on the ward, so a change of ward changes no one else's.
    /// </summary>
    public static readonly TimeSpan WardRefresh = TimeSpan.FromMinutes(30);

    private readonly RecentPatients _recentPatients;
    private readonly IVitalsPublisher _publisher;
    private readonly TimeProvider _time;
    private readonly ILogger<VitalsGenerator> _logger;
    private readonly WardSimulator _simulator;
    private readonly int _patients;
    private Ward? _ward;

    public VitalsGenerator(
        RecentPatients recentPatients,
        IVitalsPublisher publisher,
        IOptions<VitalsOptions> options,
        TimeProvider time,
        ILogger<VitalsGenerator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _recentPatients = recentPatients;
        _publisher = publisher;
        _time = time;
        _logger = logger;
        _patients = options.Value.SimulatedPatients;
        _simulator = new WardSimulator(options.Value.Seed);
    }

    /// <summary>The reading interval: a window's bounds fall on its multiples.</summary>
    public TimeSpan Interval => _simulator.Interval;

    public async Task<VitalsGeneration> GenerateAsync(SimulationWindow window, CancellationToken cancellationToken)
    {
        var ward = await WardAsync(cancellationToken).ConfigureAwait(false);
        var readings = _simulator.Readings(ward.Selection.Patients, window);
        if (readings.Count > 0)
        {
            await _publisher.PublishAsync(readings, cancellationToken).ConfigureAwait(false);
        }

        return new VitalsGeneration(window, ward.Selection.Patients.Count, ward.Selection.FromWarehouse, readings.Count);
    }

    private async Task<Ward> WardAsync(CancellationToken cancellationToken)
    {
        // Timer runs do not overlap; if two ever did, both would read the ward, which is harmless.
        var ward = _ward;
        if (ward is not null && _time.GetElapsedTime(ward.ChosenAt) < WardRefresh)
        {
            return ward;
        }

        var selection = await _recentPatients.ChooseAsync(_patients, cancellationToken).ConfigureAwait(false);
        LogWard(selection.Patients.Count, selection.FromWarehouse, selection.Synthetic);
        _ward = ward = new Ward(selection, _time.GetTimestamp());
        return ward;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated ward: {Patients} patients, {FromWarehouse} from the warehouse's recent visits, {Synthetic} synthetic")]
    private partial void LogWard(int patients, int fromWarehouse, int synthetic);

    private sealed record Ward(PatientSelection Selection, long ChosenAt);
}
