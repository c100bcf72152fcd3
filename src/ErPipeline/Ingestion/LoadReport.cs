using System.Text.Json.Serialization;

namespace ErPipeline.Ingestion;

/// <summary>What became of one file. Field names are the <c>er ingest --json</c> contract.</summary>
public sealed record FileLoadReport
{
    public const string Loaded = "loaded";
    public const string AlreadyLoaded = "already-loaded";
    public const string Rejected = "rejected";

    [JsonPropertyName("file")] public required string File { get; init; }
    [JsonPropertyName("sha256")] public required string Sha256 { get; init; }
    [JsonPropertyName("kind")] public required string Kind { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("rowsRead")] public long RowsRead { get; init; }
    [JsonPropertyName("rowsAccepted")] public long RowsAccepted { get; init; }
    [JsonPropertyName("rowsQuarantined")] public long RowsQuarantined { get; init; }
    [JsonPropertyName("duplicateKeys")] public long DuplicateKeys { get; init; }
    [JsonPropertyName("inferredPatients")] public long InferredPatients { get; init; }
    [JsonPropertyName("reasons")] public IReadOnlyDictionary<string, long> Reasons { get; init; } = new Dictionary<string, long>();
    [JsonPropertyName("warnings")] public IReadOnlyList<string> Warnings { get; init; } = [];
    [JsonPropertyName("durationMs")] public long DurationMs { get; init; }

    /// <summary>Identifies the load in <c>load_audit</c> and <c>quarantine_row</c>.</summary>
    [JsonPropertyName("loadId")] public required string LoadId { get; init; }

    [JsonIgnore] public DateTimeOffset StartedAt { get; init; }
    [JsonIgnore] public DateTimeOffset FinishedAt { get; init; }
}

/// <summary>The report of one ingest run: a report per file, in the order they were taken.</summary>
public sealed record LoadReport([property: JsonPropertyName("files")] IReadOnlyList<FileLoadReport> Files)
{
    [JsonIgnore] public bool AnyRejected => Files.Any(f => f.Status == FileLoadReport.Rejected);
}

[JsonSourceGenerationOptions(WriteIndented = true)]
[JsonSerializable(typeof(LoadReport))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, long>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
public sealed partial class LoadReportJson : JsonSerializerContext;
