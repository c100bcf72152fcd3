namespace ErPipeline.Warehouse.Snowflake;

/// <summary>One column of a result, from <c>resultSetMetaData.rowType</c>; <see cref="Type"/> in lower case (<c>fixed</c>, <c>text</c>, ...).</summary>
public sealed record SnowflakeColumn(string Name, string Type, int? Precision, int? Scale, bool Nullable);

/// <summary>
/// The outcome of one statement: its columns, all rows of all partitions as .NET values (long, decimal, double, string,
/// bool, DateOnly, DateTime, DateTimeOffset, TimeOnly, byte[] or null), and the rows a DML statement changed.
/// </summary>
public sealed record SnowflakeResult(string StatementHandle, IReadOnlyList<SnowflakeColumn> Columns, IReadOnlyList<object?[]> Rows, long RowsAffected);

/// <summary>Snowflake ran the statement and it failed (HTTP 422): a SQL error, with Snowflake's code, SQLSTATE and message.</summary>
public sealed class SnowflakeSqlException(string message, string code, string sqlState, string? statementHandle) : Exception(message)
{
    /// <summary>Snowflake's error code, e.g. <c>002003</c> (object does not exist).</summary>
    public string Code { get; } = code;

    public string SqlState { get; } = sqlState;

    /// <summary>The failed statement's handle, to look it up in QUERY_HISTORY; null when Snowflake gave none.</summary>
    public string? StatementHandle { get; } = statementHandle;
}
