using ErPipeline.Kpis;
using ErPipeline.Warehouse;

namespace ErPipeline.Vitals.Simulation;

/// <summary>Who to put on simulated monitors, and how many of them came from the warehouse.</summary>
public sealed record PatientSelection(IReadOnlyList<MonitoredPatient> Patients, int FromWarehouse)
{
    public int Synthetic => Patients.Count - FromWarehouse;
}

/// <summary>
/// The patients of the warehouse's most recent visits (adults, each once, most recent first), so that simulated
/// readings belong to patients the rest of the pipeline knows.
/// </summary>
public sealed class RecentPatients(IWarehouse warehouse)
{
    /// <summary>NEWS2 is validated from this age (shared/DOMAIN.md §1).</summary>
    public const int AdultAge = 16;

    /// <summary>Up to <paramref name="limit"/> patients of the most recent visits, most recent first.</summary>
    public async Task<IReadOnlyList<MonitoredPatient>> ReadAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var statement = SqlTemplate.Get("vitals/recent_patients.sql").Bind(new Dictionary<string, SqlBinding>(StringComparer.Ordinal)
        {
            ["min_age"] = SqlBinding.Fixed(AdultAge),
            ["limit"] = SqlBinding.Fixed(limit),
        });
        var result = await warehouse.ReadAsync(statement, cancellationToken).ConfigureAwait(false);
        return result.Rows.Select(row => new MonitoredPatient(
            PatientId: (string)KpiTable.Normalize(row[0], KpiType.Text)!,
            Age: KpiTable.Normalize(row[1], KpiType.WholeNumber) is long age ? (int)age : null,
            Copd: KpiTable.Normalize(row[2], KpiType.WholeNumber) is long copd ? copd == 1 : null)).ToArray();
    }

    /// <summary>
    /// <paramref name="count"/> patients: the most recent ones of the warehouse, then synthetic ones
    /// (<c>SIM-0001</c>, …) for the rest, so that an empty warehouse still gives a full ward.
    /// </summary>
    public async Task<PatientSelection> ChooseAsync(int count, CancellationToken cancellationToken)
    {
        var recent = await ReadAsync(count, cancellationToken).ConfigureAwait(false);
        return new PatientSelection(TopUp(recent, count), recent.Count);
    }

    /// <summary>The given patients followed by synthetic ones up to <paramref name="count"/>, skipping ids already taken.</summary>
    public static IReadOnlyList<MonitoredPatient> TopUp(IReadOnlyList<MonitoredPatient> patients, int count)
    {
        ArgumentNullException.ThrowIfNull(patients);
        var chosen = patients.Take(count).ToList();
        var taken = chosen.Select(p => p.PatientId).ToHashSet(StringComparer.Ordinal);
        for (var number = 1; chosen.Count < count; number++)
        {
            var synthetic = MonitoredPatient.Synthetic(number);
            if (taken.Add(synthetic.PatientId))
            {
                chosen.Add(synthetic);
            }
        }

        return chosen;
    }
}
