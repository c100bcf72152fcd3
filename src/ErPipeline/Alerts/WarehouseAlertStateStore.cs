using System.Globalization;
using ErPipeline.Warehouse;

namespace ErPipeline.Alerts;

/// <summary>
/// Alert state in the warehouse's <c>alert_state</c> table: what <c>er up</c> uses without storage, so that open
/// alerts survive a restart. Optimistic concurrency by a version number, as Table storage does it with ETags.
/// </summary>
public sealed class WarehouseAlertStateStore(IWarehouse warehouse) : IAlertStateStore
{
    public async Task<StoredAlertState?> GetAsync(string patientId, CancellationToken cancellationToken)
    {
        var result = await warehouse.ReadAsync(
            SqlTemplate.Get("alerts/get_state.sql").Bind(new Dictionary<string, SqlBinding> { ["patient_id"] = SqlBinding.Text(patientId) }),
            cancellationToken).ConfigureAwait(false);
        if (result.Rows.Count == 0)
        {
            return null;
        }

        var row = result.Rows[0];
        return new StoredAlertState(AlertState.FromJson((string)row[1]!), Convert.ToInt64(row[0], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
    }

    public async Task<bool> TrySaveAsync(AlertState state, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var values = new Dictionary<string, SqlBinding>(StringComparer.Ordinal)
        {
            ["patient_id"] = SqlBinding.Text(state.PatientId),
            ["next_due_at"] = SqlBinding.Timestamp(state.NextDueAt?.UtcDateTime),
            ["state_json"] = SqlBinding.Text(state.ToJson()),
        };
        string path;
        if (etag is null)
        {
            path = "alerts/insert_state.sql";
        }
        else
        {
            path = "alerts/update_state.sql";
            values["version"] = SqlBinding.Fixed(long.Parse(etag, CultureInfo.InvariantCulture));
        }

        return await warehouse.ExecuteAsync(SqlTemplate.Get(path).Bind(values), cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = await warehouse.ReadAsync(
            SqlTemplate.Get("alerts/due_states.sql").Bind(new Dictionary<string, SqlBinding> { ["now"] = SqlBinding.Timestamp(now.UtcDateTime) }),
            cancellationToken).ConfigureAwait(false);
        return [.. result.Rows.Select(r => (string)r[0]!)];
    }
}
