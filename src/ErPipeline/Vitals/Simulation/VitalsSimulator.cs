using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace ErPipeline.Vitals.Simulation;

/// <summary>
/// Simulated bedside monitors for a group of patients over a time range: readings that look real (shared/DOMAIN.md
/// §3) and are the same for the same seed, patients, start, duration and options. Nothing reads the clock.
/// </summary>
public sealed class VitalsSimulator
{
    private readonly MonitoredPatient[] _patients;
    private readonly int _seed;
    private readonly VitalsSimulationOptions _options;

    /// <param name="patients">Who is monitored, in order; the order decides each patient's random stream and device.</param>
    /// <param name="seed">The run's seed.</param>
    /// <param name="start">The start of the simulated range (converted to UTC).</param>
    /// <param name="duration">Its length; each patient has one reading per whole interval in it.</param>
    /// <param name="options">Interval, shares and artefact rates; the defaults when null.</param>
    public VitalsSimulator(IEnumerable<MonitoredPatient> patients, int seed, DateTimeOffset start, TimeSpan duration, VitalsSimulationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        _options = options ?? new VitalsSimulationOptions();
        Validator.ValidateObject(_options, new ValidationContext(_options), validateAllProperties: true);
        _patients = patients.ToArray();
        var repeated = _patients.GroupBy(p => p.PatientId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw new ArgumentException($"Patient {repeated.Key} is listed twice; one monitor per patient.", nameof(patients));
        }

        _seed = seed;
        Start = start.ToUniversalTime();
        Duration = duration;
        var readings = duration.Ticks / _options.Interval.Ticks;
        ReadingsPerPatient = readings <= int.MaxValue
            ? (int)readings
            : throw new ArgumentOutOfRangeException(nameof(duration), duration, $"More than {int.MaxValue:N0} readings per patient; use a longer interval or a shorter duration.");
        Plans = Simulations().Select(s => s.Plan).ToArray();
    }

    /// <summary>The first instant of the range, UTC.</summary>
    public DateTimeOffset Start { get; }

    public TimeSpan Duration { get; }

    public TimeSpan Interval => _options.Interval;

    /// <summary>Readings each patient gets: the whole intervals in the duration.</summary>
    public int ReadingsPerPatient { get; }

    /// <summary>What was decided for each patient (baseline, COPD, episode), in the order the patients were given.</summary>
    public IReadOnlyList<PatientPlan> Plans { get; }

    /// <summary>
    /// All readings of the range, ordered by time and interleaved across patients. Each monitor keeps its own phase
    /// within the interval, so readings do not all share one timestamp. Every enumeration replays the same readings.
    /// </summary>
    public IEnumerable<VitalReading> Readings()
    {
        var simulations = Simulations()
            .Select((simulation, index) => (simulation, index))
            .OrderBy(s => s.simulation.Plan.FirstReadingOffset)
            .ThenBy(s => s.index)
            .Select(s => s.simulation)
            .ToArray();

        for (var k = 0; k < ReadingsPerPatient; k++)
        {
            var tick = Start + k * _options.Interval;
            foreach (var simulation in simulations)
            {
                yield return simulation.Next(tick + simulation.Plan.FirstReadingOffset);
            }
        }
    }

    private IEnumerable<PatientSimulation> Simulations()
    {
        // Patient i's streams depend only on the seed and i: adding patients leaves the first ones as they were.
        var seeds = new Random(_seed);
        for (var i = 0; i < _patients.Length; i++)
        {
            var physiologySeed = seeds.Next();
            var artefactSeed = seeds.Next();
            var deviceId = string.Create(CultureInfo.InvariantCulture, $"MON-{i + 1:D4}");
            yield return new PatientSimulation(_patients[i], deviceId, physiologySeed, artefactSeed, Start, Duration, _options);
        }
    }
}
