using ErPipeline.Ingestion;

namespace ErPipeline.Warehouse;

/// <summary>The warehouse port: schema, file loads and the load audit. DuckDB on one machine, Snowflake in Azure.</summary>
public interface IWarehouse : IAsyncDisposable
{
    /// <summary>Applies the versioned schema migrations not applied yet; returns their names.</summary>
    Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Whether a file with this content (SHA-256, hex) has already been loaded.</summary>
    Task<bool> HasLoadedAsync(string sha256, CancellationToken cancellationToken);

    /// <summary>Starts the load of one file: everything staged becomes visible at <see cref="IFileLoad.CommitAsync"/>, or not at all.</summary>
    Task<IFileLoad> BeginLoadAsync(string loadId, string fileName, string sha256, FileKind kind, CancellationToken cancellationToken);

    /// <summary>Records a file that was not loaded (rejected or already loaded) in the audit.</summary>
    Task RecordAsync(FileLoadReport report, CancellationToken cancellationToken);

    /// <summary>The audit, newest first.</summary>
    Task<IReadOnlyList<FileLoadReport>> RecentLoadsAsync(int count, CancellationToken cancellationToken);

    /// <summary>
    /// Runs a read-only statement (a KPI section, a page of visits) and returns its rows. Values arrive as .NET
    /// values (string, long, double, decimal, DateTime, DateOnly, bool) or null; callers convert to what they expect.
    /// </summary>
    Task<SqlResult> ReadAsync(SqlStatement statement, CancellationToken cancellationToken);

    /// <summary>Runs one statement that changes data (outside any file load) and returns how many rows it changed.</summary>
    Task<int> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken);

    /// <summary>Records scored readings (<c>fact_vital</c>); a reading recorded before is skipped.</summary>
    Task RecordVitalsAsync(IReadOnlyList<Vitals.ScoredReading> readings, CancellationToken cancellationToken);

    /// <summary>Records sent alert messages (<c>fact_alert_event</c>) and folds them into <c>fact_alert</c>; a message recorded before is skipped.</summary>
    Task RecordAlertsAsync(IReadOnlyList<Alerts.AlertMessage> messages, CancellationToken cancellationToken);

    /// <summary>Gives every patient without one a random surrogate key (for masked row-level data); returns how many.</summary>
    Task<int> AssignSurrogateKeysAsync(CancellationToken cancellationToken);
}

/// <summary>One file's load, in one transaction. Disposing without commit leaves the warehouse as it was.</summary>
public interface IFileLoad : IAsyncDisposable
{
    void Stage(long lineNumber, PatientRecord patient);

    void Stage(long lineNumber, VisitRecord visit);

    void Quarantine(QuarantinedRow row);

    /// <summary>Merges the staged rows into the tables; returns what the merge found, still uncommitted.</summary>
    Task<MergeOutcome> MergeAsync(CancellationToken cancellationToken);

    /// <summary>Writes the audit row and commits.</summary>
    Task CommitAsync(FileLoadReport report, CancellationToken cancellationToken);
}

/// <summary>The rows of a read, with the result's column names (as the warehouse spells them: DuckDB keeps the case, Snowflake upper-cases).</summary>
public sealed record SqlResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>What merging a file found: keys repeated within it, patients inferred from visits, or that it was loaded meanwhile.</summary>
public sealed record MergeOutcome(long DuplicateKeys, long InferredPatients, bool AlreadyLoaded);
