using System.Globalization;
using System.Text.Json;
using ErPipeline.Ingestion;

namespace ErPipeline.Warehouse;

/// <summary>The load audit's rows (<c>sql/ingest/insert_load_audit.sql</c>, <c>sql/warehouse/recent_loads.sql</c>), the same for every warehouse.</summary>
internal static class LoadAuditRows
{
    /// <summary>The INSERT of one report, its values bound in column order.</summary>
    public static SqlStatement Insert(FileLoadReport report) =>
        new(SqlScripts.Statement("ingest/insert_load_audit.sql"),
        [
            SqlBinding.Text(report.LoadId), SqlBinding.Text(report.File), SqlBinding.Text(report.Sha256),
            SqlBinding.Text(report.Kind), SqlBinding.Text(report.Status),
            SqlBinding.Fixed(report.RowsRead), SqlBinding.Fixed(report.RowsAccepted), SqlBinding.Fixed(report.RowsQuarantined),
            SqlBinding.Fixed(report.DuplicateKeys), SqlBinding.Fixed(report.InferredPatients),
            SqlBinding.Text(JsonSerializer.Serialize(report.Reasons, LoadReportJson.Default.IReadOnlyDictionaryStringInt64)),
            SqlBinding.Text(JsonSerializer.Serialize(report.Warnings, LoadReportJson.Default.IReadOnlyListString)),
            SqlBinding.Timestamp(report.StartedAt.UtcDateTime), SqlBinding.Timestamp(report.FinishedAt.UtcDateTime),
            SqlBinding.Fixed(report.DurationMs),
        ]);

    /// <summary>The recent loads, newest first (<paramref name="count"/> at most).</summary>
    public static SqlStatement Recent(int count) => new(SqlScripts.Statement("warehouse/recent_loads.sql"), [SqlBinding.Fixed(count)]);

    /// <summary>A report from one row of <see cref="Recent"/>; times are UTC.</summary>
    public static FileLoadReport FromRow(object?[] row) => new()
    {
        LoadId = (string)row[0]!,
        File = (string)row[1]!,
        Sha256 = (string)row[2]!,
        Kind = (string)row[3]!,
        Status = (string)row[4]!,
        RowsRead = Long(row[5]),
        RowsAccepted = Long(row[6]),
        RowsQuarantined = Long(row[7]),
        DuplicateKeys = Long(row[8]),
        InferredPatients = Long(row[9]),
        Reasons = JsonSerializer.Deserialize((string)row[10]!, LoadReportJson.Default.IReadOnlyDictionaryStringInt64) ?? new Dictionary<string, long>(),
        Warnings = JsonSerializer.Deserialize((string)row[11]!, LoadReportJson.Default.IReadOnlyListString) ?? [],
        StartedAt = Utc(row[12]),
        FinishedAt = Utc(row[13]),
        DurationMs = Long(row[14]),
    };

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static DateTimeOffset Utc(object? value) => value switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset time => time.ToUniversalTime(),
        _ => throw new InvalidOperationException($"Expected a timestamp in load_audit, got {value?.GetType().Name ?? "null"}."),
    };
}
