using System.Buffers.Binary;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ErPipeline.Vitals.Simulation;

/// <summary>
/// Simulated monitors that never stop, read one window at a time (the <c>GenerateVitals</c> timer). A reading
/// depends only on the seed, the patient and its time, so consecutive windows join into one stream however time is
/// cut, the same window gives the same readings, and a patient's readings do not depend on who else is monitored.
/// </summary>
/// <remarks>
/// Time is divided into cycles of about <see cref="NominalCycle"/>, counted from the Unix epoch. A patient keeps the
/// same baseline, COPD and monitor phase in every cycle (seeded by seed and patient); each cycle draws afresh whether
/// an episode develops in it and the noise around the baseline (seeded by seed, patient and cycle). A window is
/// simulated from the start of its cycle, so a run replays at most one cycle rather than everything since an epoch.
/// </remarks>
public sealed class WardSimulator
{
    /// <summary>
    /// About how long a cycle lasts: long enough for an episode to develop in it (onset in the first half, ramp of
    /// at most 6 h by default), short enough that simulating a window from its cycle's start stays cheap.
    /// </summary>
    public static readonly TimeSpan NominalCycle = TimeSpan.FromHours(12);

    private readonly int _seed;
    private readonly VitalsSimulationOptions _options;

    public WardSimulator(int seed, VitalsSimulationOptions? options = null)
    {
        _options = options ?? new VitalsSimulationOptions();
        Validator.ValidateObject(_options, new ValidationContext(_options), validateAllProperties: true);
        _seed = seed;

        // Whole intervals per cycle, so that every reading of a patient lies on one grid across cycles.
        ReadingsPerCycle = (int)((NominalCycle.Ticks + _options.Interval.Ticks - 1) / _options.Interval.Ticks);
        Cycle = _options.Interval * ReadingsPerCycle;
    }

    /// <summary>Each patient has one reading per interval, at the same offset within every interval.</summary>
    public TimeSpan Interval => _options.Interval;

    /// <summary>The length of a cycle: <see cref="NominalCycle"/> rounded up to whole intervals.</summary>
    public TimeSpan Cycle { get; }

    public int ReadingsPerCycle { get; }

    /// <summary>
    /// The readings observed in <paramref name="window"/>: for each patient one per interval, ordered by time and,
    /// at the same time, by the order of <paramref name="patients"/>.
    /// </summary>
    public IReadOnlyList<VitalReading> Readings(IReadOnlyList<MonitoredPatient> patients, SimulationWindow window)
    {
        ArgumentNullException.ThrowIfNull(patients);
        var repeated = patients.GroupBy(p => p.PatientId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Patient {repeated.Key} is listed twice; one monitor per patient.", nameof(patients));
        }

        var readings = new List<VitalReading>();
        if (window.IsEmpty)
        {
            return readings;
        }

        foreach (var patient in patients)
        {
            for (var cycle = CycleOf(window.From); CycleStart(cycle) < window.To; cycle++)
            {
                var simulation = Simulation(patient, cycle);
                var start = CycleStart(cycle) + simulation.Plan.FirstReadingOffset;
                for (var k = 0; k < ReadingsPerCycle; k++)
                {
                    var at = start + k * _options.Interval;
                    if (at >= window.To)
                    {
                        break;
                    }

                    // Readings before the window are still drawn: the noise of each one carries into the next.
                    var reading = simulation.Next(at);
                    if (at >= window.From)
                    {
                        readings.Add(reading);
                    }
                }
            }
        }

        // A stable sort keeps the patients' order among readings of the same time.
        return [.. readings.OrderBy(r => r.ObservedAt)];
    }

    /// <summary>
    /// What the simulation decided for <paramref name="patient"/> in the cycle that holds <paramref name="at"/>:
    /// baseline, COPD and monitor phase (the same in every cycle) and the cycle's episode, if any.
    /// </summary>
    public PatientPlan Plan(MonitoredPatient patient, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(patient);
        return Simulation(patient, CycleOf(at)).Plan;
    }

    /// <summary>The monitor of a patient, the same in every cycle and whoever else is on the ward.</summary>
    public static string DeviceId(string patientId) => "MON-" + patientId;

    private long CycleOf(DateTimeOffset time) => SimulationWindow.FloorDiv((time - DateTimeOffset.UnixEpoch).Ticks, Cycle.Ticks);

    private DateTimeOffset CycleStart(long cycle) => DateTimeOffset.UnixEpoch.AddTicks(cycle * Cycle.Ticks);

    private PatientSimulation Simulation(MonitoredPatient patient, long cycle) => new(
        patient,
        DeviceId(patient.PatientId),
        identity: new Random(Seed("identity", patient.PatientId, cycle: null)),
        physiology: new Random(Seed("physiology", patient.PatientId, cycle)),
        artefacts: new Random(Seed("artefacts", patient.PatientId, cycle)),
        CycleStart(cycle),
        Cycle,
        _options);

    // A stable hash (string.GetHashCode differs between processes) of everything the stream depends on.
    private int Seed(string stream, string patientId, long? cycle)
    {
        var key = string.Create(CultureInfo.InvariantCulture, $"{_seed}\n{stream}\n{patientId}\n{cycle}");
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return BinaryPrimitives.ReadInt32LittleEndian(hash);
    }
}
