using DuckDB.NET.Data;
using ErPipeline.Ingestion;

namespace ErPipeline.Warehouse.DuckDb;

/// <summary>One file's load into DuckDB: rows appended to staging, merged, audited, committed in one transaction.</summary>
internal sealed class DuckDbFileLoad : IFileLoad
{
    private readonly DuckDbWarehouse _warehouse;
    private readonly DuckDBConnection _connection;
    private readonly DuckDBTransaction _transaction;
    private readonly string _loadId;
    private readonly string _fileName;
    private readonly string _sha256;
    private readonly FileKind _kind;
    private readonly DateTime _startedAt;
    private DuckDBAppender? _staging;
    private DuckDBAppender? _quarantine;
    private bool _committed;
    private bool _disposed;

    public DuckDbFileLoad(DuckDbWarehouse warehouse, DuckDBConnection connection, DuckDBTransaction transaction,
        string loadId, string fileName, string sha256, FileKind kind, DateTime startedAt)
    {
        _warehouse = warehouse;
        _connection = connection;
        _transaction = transaction;
        _loadId = loadId;
        _fileName = fileName;
        _sha256 = sha256;
        _kind = kind;
        _startedAt = startedAt;
    }

    public void Stage(long lineNumber, PatientRecord patient)
    {
        _staging ??= _connection.CreateAppender("stg_patient");
        _staging.CreateRow()
            .AppendValue(_loadId)
            .AppendValue(lineNumber)
            .AppendValue(patient.PatientId)
            .AppendValue(patient.Age)
            .AppendValue(patient.Gender)
            .AppendValue(patient.BloodGroup)
            .AppendValue(patient.PreExistingCondition)
            .EndRow();
    }

    public void Stage(long lineNumber, VisitRecord visit)
    {
        _staging ??= _connection.CreateAppender("stg_visit");
        _staging.CreateRow()
            .AppendValue(_loadId)
            .AppendValue(lineNumber)
            .AppendValue(visit.VisitId)
            .AppendValue(visit.PatientId)
            .AppendValue(visit.DoctorId)
            .AppendValue(visit.ArrivalTime)
            .AppendValue(visit.TriageLevel)
            .AppendValue(visit.WaitTimeMinutes)
            .AppendValue(visit.Department)
            .EndRow();
    }

    public void Quarantine(QuarantinedRow row)
    {
        _quarantine ??= _connection.CreateAppender("quarantine_row");
        _quarantine.CreateRow()
            .AppendValue(_loadId)
            .AppendValue(_fileName)
            .AppendValue(_sha256)
            .AppendValue(row.LineNumber)
            .AppendValue(row.Reason)
            .AppendValue(row.RawText)
            .AppendValue(_startedAt)
            .EndRow();
    }

    public async Task<MergeOutcome> MergeAsync(CancellationToken cancellationToken)
    {
        // Appenders buffer rows; closing them flushes into the open transaction.
        _staging?.Close();
        _quarantine?.Close();

        if (await ScalarAsync("ingest/is_loaded.sql", [_sha256], cancellationToken).ConfigureAwait(false) > 0)
        {
            return new MergeOutcome(0, 0, AlreadyLoaded: true);
        }

        var now = _warehouse.Now();
        long duplicates = 0, inferred = 0;
        switch (_kind)
        {
            case FileKind.Patients:
                duplicates = await ScalarAsync("ingest/count_duplicate_patients.sql", [_loadId], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync("ingest/merge_patients.sql", [_loadId, _loadId, now, _loadId, now], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync("ingest/clear_staged_patients.sql", [_loadId], cancellationToken).ConfigureAwait(false);
                break;
            case FileKind.Visits:
                duplicates = await ScalarAsync("ingest/count_duplicate_visits.sql", [_loadId], cancellationToken).ConfigureAwait(false);
                inferred = await ScalarAsync("ingest/count_unknown_patients.sql", [_loadId], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync("ingest/infer_patients.sql", [_loadId, _loadId, now], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync("ingest/merge_visits.sql", [_loadId, _loadId, now, _loadId, now], cancellationToken).ConfigureAwait(false);
                await ExecuteAsync("ingest/clear_staged_visits.sql", [_loadId], cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw new InvalidOperationException($"Cannot merge a file of kind {_kind}.");
        }

        return new MergeOutcome(duplicates, inferred, AlreadyLoaded: false);
    }

    public async Task CommitAsync(FileLoadReport report, CancellationToken cancellationToken)
    {
        await DuckDbWarehouse.InsertAuditAsync(_connection, _transaction, report, cancellationToken).ConfigureAwait(false);
        await _transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _staging?.Dispose();
            _quarantine?.Dispose();
            if (!_committed)
            {
                await _transaction.RollbackAsync().ConfigureAwait(false);
            }

            await _transaction.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _warehouse.Release();
        }
    }

    private Task ExecuteAsync(string script, IReadOnlyList<object?> bindings, CancellationToken cancellationToken) =>
        DuckDbWarehouse.ExecuteAsync(_connection, _transaction, SqlScripts.Get(script), bindings, cancellationToken);

    private Task<long> ScalarAsync(string script, IReadOnlyList<object?> bindings, CancellationToken cancellationToken) =>
        DuckDbWarehouse.ScalarAsync(_connection, _transaction, SqlScripts.Get(script), bindings, cancellationToken);
}
