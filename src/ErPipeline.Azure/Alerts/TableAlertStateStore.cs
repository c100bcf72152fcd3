using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using ErPipeline.Alerts;

namespace ErPipeline.Azure.Alerts;

/// <summary>
/// Alert state in Azure Table storage (Azurite locally): one entity per patient in the table <c>eralertstate</c>,
/// PartitionKey = patient id (escaped), RowKey <c>state</c>, the state's JSON in <c>State</c>, and <c>NextDueAt</c>
/// as a property so the reminder timer can query it. Saves match the entity's ETag (replace), or add it the first time;
/// 409 and 412 mean another instance saved first.
/// </summary>
public sealed class TableAlertStateStore(TableServiceClient service) : IAlertStateStore
{
    public const string TableName = "eralertstate";
    public const string RowKey = "state";

    private const string StateProperty = "State";
    private const string PatientProperty = "PatientId";
    private const string NextDueProperty = "NextDueAt";

    private readonly TableClient _table = service.GetTableClient(TableName);
    private Task? _created;

    public async Task<StoredAlertState?> GetAsync(string patientId, CancellationToken cancellationToken)
    {
        await EnsureTableAsync().ConfigureAwait(false);
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(patientId), RowKey, [StateProperty], cancellationToken).ConfigureAwait(false);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        var json = entity.GetString(StateProperty)
            ?? throw new InvalidOperationException($"Alert state of patient {patientId} in table {TableName} has no {StateProperty} property.");
        return new StoredAlertState(AlertState.FromJson(json), entity.ETag.ToString());
    }

    public async Task<bool> TrySaveAsync(AlertState state, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        await EnsureTableAsync().ConfigureAwait(false);
        var entity = new TableEntity(PartitionKey(state.PatientId), RowKey)
        {
            [PatientProperty] = state.PatientId,
            [StateProperty] = state.ToJson(),
            [NextDueProperty] = state.NextDueAt,
        };
        try
        {
            if (etag is null)
            {
                await _table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await _table.UpdateEntityAsync(entity, new ETag(etag), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }

            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            // 409: added meanwhile; 412: changed meanwhile; 404: gone meanwhile. Either way, read again.
            return false;
        }
    }

    public async Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await EnsureTableAsync().ConfigureAwait(false);
        var due = new List<string>();
        var filter = TableClient.CreateQueryFilter($"NextDueAt le {now.UtcDateTime}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: [PatientProperty], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            due.Add(entity.GetString(PatientProperty));
        }

        return due;
    }

    /// <summary>
    /// The patient id as a key: Table keys forbid <c>/ \ # ?</c> and control characters, so those (and <c>%</c>, the
    /// escape itself) become <c>%XX</c> per UTF-8 byte. Ordinary ids like <c>P00001</c> are unchanged.
    /// </summary>
    public static string PartitionKey(string patientId)
    {
        ArgumentException.ThrowIfNullOrEmpty(patientId);
        var key = new StringBuilder(patientId.Length);
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in patientId.EnumerateRunes())
        {
            if (rune.Value is '/' or '\\' or '#' or '?' or '%' || Rune.IsControl(rune))
            {
                var count = rune.EncodeToUtf8(bytes);
                foreach (var b in bytes[..count])
                {
                    key.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }
            }
            else
            {
                key.Append(rune.ToString());
            }
        }

        return key.ToString();
    }

    /// <summary>Creates the table once per instance; a failed attempt is forgotten so the next call tries again.</summary>
    private async Task EnsureTableAsync()
    {
        var created = _created ??= _table.CreateIfNotExistsAsync(CancellationToken.None);
        try
        {
            await created.ConfigureAwait(false);
        }
        catch (RequestFailedException)
        {
            _ = Interlocked.CompareExchange(ref _created, null, created);
            throw;
        }
    }
}
