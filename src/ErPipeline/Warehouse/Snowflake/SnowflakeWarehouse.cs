using System.Globalization;
using System.Text.RegularExpressions;
using ErPipeline.Alerts;
using ErPipeline.Ingestion;
using ErPipeline.Vitals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErPipeline.Warehouse.Snowflake;

/// <summary>
/// The warehouse in Azure: Snowflake through its SQL API. The same SQL files as DuckDB, with filters bound so the
/// texts stay byte-identical for Snowflake's result cache. Loads go through the external stage: the cleaned batch as
/// gzip CSV in <c>er-curated</c>, <c>COPY INTO</c> staging, then the MERGE in an explicit transaction. The schema is
/// migrated on first use, so a new account needs only the set-up scripts in <c>sql/snowflake/</c> and a key.
/// </summary>
public sealed partial class SnowflakeWarehouse : IWarehouse
{
    // Statements per multi-statement request when recording alert messages.
    private const int StatementsPerRequest = 200;

    private readonly SnowflakeSqlApi _api;
    private readonly ICuratedStore _curated;
    private readonly SnowflakeOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SnowflakeWarehouse> _logger;
    private readonly SemaphoreSlim _migration = new(1, 1);
    private volatile bool _migrated;

    public SnowflakeWarehouse(SnowflakeSqlApi api, ICuratedStore curated, IOptions<SnowflakeOptions> options, TimeProvider time, ILogger<SnowflakeWarehouse> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _curated = curated;
        _options = options.Value;
        _time = time;
        _logger = logger;
        if (!StageName().IsMatch(_options.Stage))
        {
            throw new ArgumentException($"Snowflake__Stage must be a stage name such as ER_CURATED_STAGE or DB.SCHEMA.STAGE, not '{_options.Stage}'.", nameof(options));
        }
    }

    /// <summary>Where this adapter works, for messages: account, database and schema.</summary>
    public string Location => $"{_options.Account} {_options.Database}.{_options.Schema}";

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await _migration.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var applied = await MigrateCoreAsync(cancellationToken).ConfigureAwait(false);
            _migrated = true;
            return applied;
        }
        finally
        {
            _migration.Release();
        }
    }

    public async Task<bool> HasLoadedAsync(string sha256, CancellationToken cancellationToken)
    {
        var result = await ReadAsync(new SqlStatement(SqlScripts.Statement("ingest/is_loaded.sql"), [SqlBinding.Text(sha256)]), cancellationToken).ConfigureAwait(false);
        return Count(result) > 0;
    }

    public async Task<IFileLoad> BeginLoadAsync(string loadId, string fileName, string sha256, FileKind kind, CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        return new SnowflakeFileLoad(this, loadId, fileName, sha256, kind, Now());
    }

    public async Task RecordAsync(FileLoadReport report, CancellationToken cancellationToken) =>
        await ExecuteAsync(LoadAuditRows.Insert(report), cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<FileLoadReport>> RecentLoadsAsync(int count, CancellationToken cancellationToken) =>
        [.. (await ReadAsync(LoadAuditRows.Recent(count), cancellationToken).ConfigureAwait(false)).Rows.Select(LoadAuditRows.FromRow)];

    public async Task<SqlResult> ReadAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        var result = await _api.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
        return new SqlResult([.. result.Columns.Select(c => c.Name)], result.Rows);
    }

    public async Task<int> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        var result = await _api.ExecuteAsync(statement, cancellationToken).ConfigureAwait(false);
        return checked((int)result.RowsAffected);
    }

    /// <summary>
    /// A batch of readings goes the way of a file load: one curated file, then one request that copies it into
    /// <c>stg_vital</c>, merges it into <c>fact_vital</c> (a reading recorded before is skipped) and clears staging,
    /// in one transaction.
    /// </summary>
    public async Task RecordVitalsAsync(IReadOnlyList<ScoredReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return;
        }

        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        var loadId = Guid.NewGuid().ToString("N");
        await using var file = new CuratedCsv(VitalRows.Columns);
        foreach (var row in VitalRows.Of(loadId, readings, Now()))
        {
            file.Row(row);
        }

        var path = await PutAsync("vitals", file, cancellationToken).ConfigureAwait(false);
        var values = new Dictionary<string, SqlBinding>(StringComparer.Ordinal) { ["load_id"] = SqlBinding.Text(loadId) };
        await _api.ExecuteBatchAsync(
        [
            "BEGIN",
            StageStatement("stage/copy_vitals.sql", path),
            SqlLiterals.Inline(SqlTemplate.Get("vitals/merge_vitals.sql").Bind(values)),
            SqlLiterals.Inline(SqlTemplate.Get("vitals/clear_staged_vitals.sql").Bind(values)),
            "COMMIT",
        ], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Each message folds into <c>fact_alert</c> and is then recorded, both guarded by "not recorded yet", in one
    /// transaction: a redelivered batch changes nothing.
    /// </summary>
    public async Task RecordAlertsAsync(IReadOnlyList<AlertMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var merge = SqlTemplate.Get("alerts/merge_alert.sql");
        var insert = SqlTemplate.Get("alerts/insert_event.sql");
        var statements = messages.SelectMany(m =>
        {
            var values = AlertBindings.Of(m);
            return new[] { SqlLiterals.Inline(merge.Bind(values)), SqlLiterals.Inline(insert.Bind(values)) };
        });
        await RunInTransactionsAsync(statements, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Keys are made here (never in SQL), written to the stage as one file and copied in.</summary>
    public async Task<int> AssignSurrogateKeysAsync(CancellationToken cancellationToken)
    {
        var missing = await ReadAsync(new SqlStatement(SqlScripts.Statement("kpis/patients_without_surrogate.sql"), []), cancellationToken).ConfigureAwait(false);
        if (missing.Rows.Count == 0)
        {
            return 0;
        }

        var now = Now();
        await using var file = new CuratedCsv(["patient_id", "surrogate_key", "created_at"]);
        foreach (var row in missing.Rows)
        {
            file.Row((string)row[0]!, SurrogateKeys.New(), now);
        }

        var path = await PutAsync("surrogates", file, cancellationToken).ConfigureAwait(false);
        await _api.ExecuteBatchAsync(["BEGIN", StageStatement("stage/copy_surrogates.sql", path), "COMMIT"], cancellationToken).ConfigureAwait(false);
        return missing.Rows.Count;
    }

    public ValueTask DisposeAsync()
    {
        _migration.Dispose();
        return ValueTask.CompletedTask;
    }

    internal SnowflakeSqlApi Api => _api;

    internal DateTime Now() => _time.GetUtcNow().UtcDateTime;

    /// <summary>A finished curated file stored under <c>{folder}/{sha256}.csv.gz</c>; returns that path.</summary>
    internal async Task<string> PutAsync(string folder, CuratedCsv file, CancellationToken cancellationToken)
    {
        var sha256 = await file.FinishAsync(cancellationToken).ConfigureAwait(false);
        var path = $"{folder}/{sha256}.csv.gz";
        await _curated.PutAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
        LogCurated(path, file.Rows);
        return path;
    }

    /// <summary>A statement of <c>sql/stage/</c> with the stage's name, the curated file format and, for a COPY, the file's name put in.</summary>
    public string StageStatement(string script, string? path = null) =>
        SqlScripts.Statement(script).Replace("{format}", SqlScripts.Statement("stage/curated_format.sql"), StringComparison.Ordinal)
            .Replace("{stage}", _options.Stage, StringComparison.Ordinal)
            .Replace("{file}", path is null ? string.Empty : Path.GetFileName(path), StringComparison.Ordinal);

    internal static long Count(SqlResult result) => Long(result.Rows[0][0]);

    internal static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    internal async Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (_migrated)
        {
            return;
        }

        await _migration.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_migrated)
            {
                await MigrateCoreAsync(cancellationToken).ConfigureAwait(false);
                _migrated = true;
            }
        }
        finally
        {
            _migration.Release();
        }
    }

    /// <summary>
    /// Like DuckDB's: the bookkeeping table, then each migration not applied yet with its record. Snowflake commits
    /// DDL at once, so a migration is not atomic there; every script uses IF NOT EXISTS, so a half-applied one is
    /// simply applied again. TIMESTAMP means TIMESTAMP_NTZ whatever the account's mapping says.
    /// </summary>
    private async Task<IReadOnlyList<string>> MigrateCoreAsync(CancellationToken cancellationToken)
    {
        const string TimestampMapping = "ALTER SESSION SET TIMESTAMP_TYPE_MAPPING = 'TIMESTAMP_NTZ'";
        await _api.ExecuteBatchAsync([TimestampMapping, SqlScripts.Statement("warehouse/create_schema_migration.sql")], cancellationToken).ConfigureAwait(false);
        var rows = (await _api.ExecuteAsync(new SqlStatement(SqlScripts.Statement("warehouse/applied_migrations.sql"), []), cancellationToken).ConfigureAwait(false)).Rows;
        var applied = new Dictionary<int, string>();
        foreach (var row in rows)
        {
            applied[checked((int)Long(row[0]))] = (string)row[2]!;
        }

        var newlyApplied = new List<string>();
        foreach (var migration in Migration.All())
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (checksum != migration.Checksum)
                {
                    throw new WarehouseUnavailableException(
                        $"Migration {migration.Name} was changed after it was applied to Snowflake {Location} " +
                        $"(checksum {checksum[..12]}… there, {migration.Checksum[..12]}… in this build). " +
                        "Add a new migration instead of editing an applied one.");
                }

                continue;
            }

            var record = new SqlStatement(SqlScripts.Statement("warehouse/record_migration.sql"),
                [SqlBinding.Fixed(migration.Version), SqlBinding.Text(migration.Name), SqlBinding.Text(migration.Checksum), SqlBinding.Timestamp(Now())]);
            await _api.ExecuteBatchAsync([TimestampMapping, .. migration.Statements(), SqlLiterals.Inline(record)], cancellationToken).ConfigureAwait(false);
            LogMigrationApplied(migration.Name, Location);
            newlyApplied.Add(migration.Name);
        }

        return newlyApplied;
    }

    private async Task RunInTransactionsAsync(IEnumerable<string> statements, CancellationToken cancellationToken)
    {
        await EnsureMigratedAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in statements.Chunk(StatementsPerRequest))
        {
            await _api.ExecuteBatchAsync(["BEGIN", .. chunk, "COMMIT"], cancellationToken).ConfigureAwait(false);
        }
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_$]*(\.[A-Za-z_][A-Za-z0-9_$]*){0,2}$")]
    private static partial Regex StageName();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration} to Snowflake {Location}")]
    private partial void LogMigrationApplied(string migration, string location);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Stored curated file {Path} with {Rows} rows")]
    private partial void LogCurated(string path, long rows);
}
