using ErPipeline.Ingestion;

namespace ErPipeline.Warehouse.Snowflake;

/// <summary>
/// One file's load into Snowflake. Rows are written to gzip CSV as they are staged; the merge then takes two SQL API
/// requests, because the port reports the merge's counts before the audit row is written and a transaction cannot
/// span requests:
/// <list type="number">
/// <item><see cref="MergeAsync"/>: <c>COPY INTO</c> the staging table (rows tagged with this load's id) and the counts
/// (already loaded, duplicate keys, unknown patients), read from staging.</item>
/// <item><see cref="CommitAsync"/>: one multi-statement request in an explicit transaction: quarantined rows copied
/// in, inferred patients, the MERGE (the same text DuckDB runs, source de-duplicated with QUALIFY), staging cleared,
/// the audit row. Everything a reader can see changes at its COMMIT, or not at all.</item>
/// </list>
/// Staged rows of a load that never commits are deleted on disposal; they are tagged with a load id nothing else
/// uses, so they never reach a table anyone reads.
/// </summary>
internal sealed class SnowflakeFileLoad : IFileLoad
{
    private readonly SnowflakeWarehouse _warehouse;
    private readonly string _loadId;
    private readonly string _fileName;
    private readonly string _sha256;
    private readonly FileKind _kind;
    private readonly DateTime _startedAt;
    private CuratedCsv? _staging;
    private CuratedCsv? _quarantine;
    private string? _quarantinePath;
    private bool _staged;
    private bool _committed;

    public SnowflakeFileLoad(SnowflakeWarehouse warehouse, string loadId, string fileName, string sha256, FileKind kind, DateTime startedAt)
    {
        _warehouse = warehouse;
        _loadId = loadId;
        _fileName = fileName;
        _sha256 = sha256;
        _kind = kind;
        _startedAt = startedAt;
    }

    public void Stage(long lineNumber, PatientRecord patient)
    {
        _staging ??= new CuratedCsv(["load_id", "line_number", "patient_id", "age", "gender", "blood_group", "pre_existing_condition"]);
        _staging.Row(_loadId, lineNumber, patient.PatientId, patient.Age, patient.Gender, patient.BloodGroup, patient.PreExistingCondition);
    }

    public void Stage(long lineNumber, VisitRecord visit)
    {
        _staging ??= new CuratedCsv(["load_id", "line_number", "visit_id", "patient_id", "doctor_id", "arrival_time", "triage_level", "wait_time_minutes", "department"]);
        _staging.Row(_loadId, lineNumber, visit.VisitId, visit.PatientId, visit.DoctorId, visit.ArrivalTime, visit.TriageLevel, visit.WaitTimeMinutes, visit.Department);
    }

    public void Quarantine(QuarantinedRow row)
    {
        _quarantine ??= new CuratedCsv(["load_id", "file_name", "sha256", "line_number", "reason", "raw_text", "quarantined_at"]);
        _quarantine.Row(_loadId, _fileName, _sha256, row.LineNumber, row.Reason, row.RawText, _startedAt);
    }

    public async Task<MergeOutcome> MergeAsync(CancellationToken cancellationToken)
    {
        var (folder, copy, duplicates) = _kind switch
        {
            FileKind.Patients => ("patients", "stage/copy_patients.sql", "ingest/count_duplicate_patients.sql"),
            FileKind.Visits => ("visits", "stage/copy_visits.sql", "ingest/count_duplicate_visits.sql"),
            _ => throw new InvalidOperationException($"Cannot merge a file of kind {_kind}."),
        };

        var loadId = SqlBinding.Text(_loadId);
        var statements = new List<string>();
        if (_staging is not null)
        {
            var path = await _warehouse.PutAsync(folder, _staging, cancellationToken).ConfigureAwait(false);
            statements.Add(_warehouse.StageStatement(copy, path));
            _staged = true;
        }

        if (_quarantine is not null)
        {
            _quarantinePath = await _warehouse.PutAsync("quarantine", _quarantine, cancellationToken).ConfigureAwait(false);
        }

        var counts = statements.Count;
        statements.Add(Inline("ingest/is_loaded.sql", SqlBinding.Text(_sha256)));
        statements.Add(Inline(duplicates, loadId));
        if (_kind == FileKind.Visits)
        {
            statements.Add(Inline("ingest/count_unknown_patients.sql", loadId));
        }

        var results = await _warehouse.Api.ExecuteBatchAsync(statements, cancellationToken).ConfigureAwait(false);
        if (_staging is not null)
        {
            CheckCopied(results[0], _staging.Rows);
        }

        if (Count(results[counts]) > 0)
        {
            return new MergeOutcome(0, 0, AlreadyLoaded: true);
        }

        var inferred = _kind == FileKind.Visits ? Count(results[counts + 2]) : 0;
        return new MergeOutcome(Count(results[counts + 1]), inferred, AlreadyLoaded: false);
    }

    public async Task CommitAsync(FileLoadReport report, CancellationToken cancellationToken)
    {
        var now = SqlBinding.Timestamp(_warehouse.Now());
        var loadId = SqlBinding.Text(_loadId);
        var statements = new List<string> { "BEGIN" };
        if (_quarantinePath is not null)
        {
            statements.Add(_warehouse.StageStatement("stage/copy_quarantine.sql", _quarantinePath));
        }

        if (_staged)
        {
            switch (_kind)
            {
                case FileKind.Patients:
                    statements.Add(Inline("ingest/merge_patients.sql", loadId, loadId, now, loadId, now));
                    statements.Add(Inline("ingest/clear_staged_patients.sql", loadId));
                    break;
                case FileKind.Visits:
                    statements.Add(Inline("ingest/infer_patients.sql", loadId, loadId, now));
                    statements.Add(Inline("ingest/merge_visits.sql", loadId, loadId, now, loadId, now));
                    statements.Add(Inline("ingest/clear_staged_visits.sql", loadId));
                    break;
            }
        }

        statements.Add(SqlLiterals.Inline(LoadAuditRows.Insert(report)));
        statements.Add("COMMIT");
        await _warehouse.Api.ExecuteBatchAsync(statements, cancellationToken).ConfigureAwait(false);
        _committed = true;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_staged && !_committed)
            {
                // Best effort: rows left behind carry a load id nothing merges, and the next load of the file gets a new one.
                var clear = _kind == FileKind.Patients ? "ingest/clear_staged_patients.sql" : "ingest/clear_staged_visits.sql";
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _warehouse.Api.ExecuteAsync(new SqlStatement(SqlScripts.Statement(clear), [SqlBinding.Text(_loadId)]), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is WarehouseUnavailableException or SnowflakeSqlException or OperationCanceledException or HttpRequestException or TimeoutException)
        {
            // Disposal must not hide the failure that led here; the orphaned staging rows are harmless.
        }
        finally
        {
            if (_staging is not null)
            {
                await _staging.DisposeAsync().ConfigureAwait(false);
            }

            if (_quarantine is not null)
            {
                await _quarantine.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Inline(string script, params SqlBinding[] bindings) =>
        SqlLiterals.Inline(new SqlStatement(SqlScripts.Statement(script), bindings));

    private static long Count(SnowflakeResult result) => SnowflakeWarehouse.Long(result.Rows[0][0]);

    /// <summary>
    /// COPY answers one row per file with its status and rows loaded. A file it skipped as loaded before can only be
    /// this very load's file (the load id is in its content), resent after a lost response: its rows are in staging.
    /// </summary>
    private void CheckCopied(SnowflakeResult copy, long expectedRows)
    {
        var status = Column(copy, "status");
        var loaded = Column(copy, "rows_loaded");
        if (status < 0 || loaded < 0 || copy.Rows.Count == 0)
        {
            return;
        }

        var row = copy.Rows[0];
        var state = Convert.ToString(row[status], System.Globalization.CultureInfo.InvariantCulture);
        if (string.Equals(state, "LOADED", StringComparison.OrdinalIgnoreCase) && SnowflakeWarehouse.Long(row[loaded]) != expectedRows)
        {
            throw new WarehouseUnavailableException(
                $"COPY INTO staging loaded {SnowflakeWarehouse.Long(row[loaded])} of the {expectedRows} rows of {_fileName} (load {_loadId}); the load was not merged.");
        }
    }

    private static int Column(SnowflakeResult result, string name)
    {
        for (var i = 0; i < result.Columns.Count; i++)
        {
            if (string.Equals(result.Columns[i].Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }
}
