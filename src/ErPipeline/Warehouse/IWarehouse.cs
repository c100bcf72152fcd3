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

/// <summary>What merging a file found: keys repeated within it, patients inferred from visits, or that it was loaded meanwhile.</summary>
public sealed record MergeOutcome(long DuplicateKeys, long InferredPatients, bool AlreadyLoaded);
