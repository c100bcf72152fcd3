using System.Collections.Concurrent;
using System.Data.Common;
using DuckDB.NET.Data;
using ErPipeline.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErPipeline.Warehouse.DuckDb;

/// <summary>
/// The embedded warehouse: one DuckDB file. DuckDB lets one process write a file, so the adapter keeps one connection
/// and lets one load at a time use it; concurrent callers wait their turn.
/// </summary>
public sealed partial class DuckDbWarehouse : IWarehouse
{
    private readonly WarehouseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<DuckDbWarehouse> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentBag<DuckDBConnection> _readers = [];
    private DuckDBConnection? _connection;

    public DuckDbWarehouse(IOptions<WarehouseOptions> options, TimeProvider time, ILogger<DuckDbWarehouse> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Full path of the DuckDB file.</summary>
    public string FilePath => Path.GetFullPath(_options.DuckDbPath);

    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open();
            await ExecuteAsync(connection, null, SqlScripts.Get("warehouse/create_schema_migration.sql"), [], cancellationToken).ConfigureAwait(false);

            var applied = new Dictionary<int, (string Name, string Checksum)>();
            await using (var command = Command(connection, null, SqlScripts.Get("warehouse/applied_migrations.sql"), []))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
                }
            }

            var newlyApplied = new List<string>();
            foreach (var migration in Migration.All())
            {
                if (applied.TryGetValue(migration.Version, out var done))
                {
                    if (done.Checksum != migration.Checksum)
                    {
                        throw new WarehouseUnavailableException(
                            $"Migration {migration.Name} was changed after it was applied to {FilePath} " +
                            $"(checksum {done.Checksum[..12]}… in the database, {migration.Checksum[..12]}… in this build). " +
                            "Add a new migration instead of editing an applied one.");
                    }

                    continue;
                }

                using var transaction = connection.BeginTransaction();
                foreach (var statement in migration.Statements())
                {
                    await ExecuteAsync(connection, transaction, statement, [], cancellationToken).ConfigureAwait(false);
                }

                await ExecuteAsync(connection, transaction, SqlScripts.Get("warehouse/record_migration.sql"),
                    [migration.Version, migration.Name, migration.Checksum, Now()], cancellationToken).ConfigureAwait(false);
                transaction.Commit();
                LogMigrationApplied(migration.Name, FilePath);
                newlyApplied.Add(migration.Name);
            }

            return newlyApplied;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<bool> HasLoadedAsync(string sha256, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ScalarAsync(Open(), null, SqlScripts.Get("ingest/is_loaded.sql"), [sha256], cancellationToken).ConfigureAwait(false) > 0;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IFileLoad> BeginLoadAsync(string loadId, string fileName, string sha256, FileKind kind, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open();
            var transaction = connection.BeginTransaction();
            return new DuckDbFileLoad(this, connection, transaction, loadId, fileName, sha256, kind, Now());
        }
        catch
        {
            _gate.Release();
            throw;
        }
    }

    public async Task RecordAsync(FileLoadReport report, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await InsertAuditAsync(Open(), null, report, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<FileLoadReport>> RecentLoadsAsync(int count, CancellationToken cancellationToken) =>
        [.. (await ReadAsync(LoadAuditRows.Recent(count), cancellationToken).ConfigureAwait(false)).Rows.Select(LoadAuditRows.FromRow)];

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            while (_readers.TryTake(out var reader))
            {
                await reader.DisposeAsync().ConfigureAwait(false);
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Reads run on connections of their own, not behind the load gate: DuckDB shares one database between a
    /// process's connections and gives each statement a snapshot, so KPI queries neither wait for a load nor see
    /// half of one, and several run at once.
    /// </summary>
    public async Task<SqlResult> ReadAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var connection = RentReader();
        try
        {
            var rows = new List<object?[]>();
            await using var command = Command(connection, null, statement.Text, statement.Values());
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new object?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }

                rows.Add(row);
            }

            return new SqlResult(columns, rows);
        }
        finally
        {
            _readers.Add(connection);
        }
    }

    public async Task<int> AssignSurrogateKeysAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open();
            var missing = new List<string>();
            await using (var command = Command(connection, null, SqlScripts.Get("kpis/patients_without_surrogate.sql"), []))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    missing.Add(reader.GetString(0));
                }
            }

            if (missing.Count == 0)
            {
                return 0;
            }

            var now = Now();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using (var appender = connection.CreateAppender("patient_surrogate"))
            {
                foreach (var patientId in missing)
                {
                    appender.CreateRow().AppendValue(patientId).AppendValue(SurrogateKeys.New()).AppendValue(now).EndRow();
                }
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return missing.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs a read query and returns its rows; for diagnostics and tests.</summary>
    internal async Task<List<object?[]>> QueryAsync(string sql, params object?[] bindings) =>
        [.. (await ReadAsync(new SqlStatement(sql, bindings.Select(b => new SqlBinding(SqlType.Text, b)).ToArray()), CancellationToken.None).ConfigureAwait(false)).Rows];

    internal void Release() => _gate.Release();

    internal DateTime Now() => _time.GetUtcNow().UtcDateTime;

    internal static DbCommand Command(DuckDBConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<object?> bindings)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction as DuckDBTransaction;
        foreach (var value in bindings)
        {
            command.Parameters.Add(new DuckDBParameter(value ?? DBNull.Value));
        }

        return command;
    }

    internal static async Task ExecuteAsync(DuckDBConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<object?> bindings, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, bindings);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    internal static async Task<long> ScalarAsync(DuckDBConnection connection, DbTransaction? transaction, string sql, IReadOnlyList<object?> bindings, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, bindings);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static Task InsertAuditAsync(DuckDBConnection connection, DbTransaction? transaction, FileLoadReport report, CancellationToken cancellationToken)
    {
        var insert = LoadAuditRows.Insert(report);
        return ExecuteAsync(connection, transaction, insert.Text, insert.Values(), cancellationToken);
    }

    /// <summary>A connection for reads: one from the pool, or a new one on the same database.</summary>
    private DuckDBConnection RentReader()
    {
        if (_readers.TryTake(out var reader))
        {
            return reader;
        }

        lock (_readers)
        {
            // The first connection opens (and locks) the file; the others attach to the same database.
            if (_connection is null)
            {
                _gate.Wait();
                try
                {
                    Open();
                }
                finally
                {
                    _gate.Release();
                }
            }

            // DuckDB.NET hands connections to an open file the same database instance.
            var connection = new DuckDBConnection($"Data Source={FilePath}");
            connection.Open();
            return connection;
        }
    }

    private DuckDBConnection Open()
    {
        if (_connection is not null)
        {
            return _connection;
        }

        var path = FilePath;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var connection = new DuckDBConnection($"Data Source={path}");
        try
        {
            connection.Open();
        }
        catch (DuckDBException ex)
        {
            connection.Dispose();
            var hint = ex.Message.Contains("lock", StringComparison.OrdinalIgnoreCase)
                ? " Another process has it open: stop `er up` (or the other er command) or pass a different --warehouse."
                : string.Empty;
            throw new WarehouseUnavailableException($"Cannot open the DuckDB warehouse {path}: {ex.Message}.{hint}", ex);
        }

        if (!string.IsNullOrWhiteSpace(_options.DuckDbMemoryLimit))
        {
            using var command = connection.CreateCommand();
            // A setting, not data: validated by WarehouseOptions, and DuckDB takes no binding for SET.
            command.CommandText = $"SET memory_limit = '{_options.DuckDbMemoryLimit}'";
            command.ExecuteNonQuery();
        }

        _connection = connection;
        LogOpened(path);
        return connection;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Opened DuckDB warehouse {Path}")]
    private partial void LogOpened(string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Migration} to {Path}")]
    private partial void LogMigrationApplied(string migration, string path);
}
