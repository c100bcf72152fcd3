namespace ErTests.FakeSnowflake;

/// <summary>One statement as the fake server hands it to a backend, with its bindings decoded per declared type.</summary>
/// <remarks>TEXT → string, FIXED → long (decimal with a point), REAL → double, BOOLEAN → bool, DATE → DateOnly, TIMESTAMP_NTZ → DateTime; SQL NULL → null.</remarks>
public sealed record FakeSqlStatement(string Text, IReadOnlyList<object?> Bindings);

/// <summary>A result column; <see cref="Type"/> is fixed, real, text, boolean, date, time or timestamp_ntz.</summary>
public sealed record FakeSqlColumn(string Name, string Type, int Precision = 38, int Scale = 0);

/// <summary>
/// What a statement produced. The server encodes the values as Snowflake does (dates as epoch days, timestamp_ntz as
/// seconds.nanoseconds, fixed with scale as decimal text, booleans "true"/"false"). A DML statement (INSERT, COPY,
/// UPDATE, MERGE, DELETE) without columns gets Snowflake's one-row count result and <c>stats</c> from <see cref="RowsAffected"/>.
/// </summary>
public sealed record FakeSqlOutcome(IReadOnlyList<FakeSqlColumn> Columns, IReadOnlyList<object?[]> Rows, long RowsAffected = 0);

/// <summary>A SQL failure the server answers with HTTP 422 and these fields.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "The name is the backend contract other test projects implement.")]
public sealed class FakeSqlError(string code, string sqlState, string message) : Exception(message)
{
    public string Code { get; } = code;

    public string SqlState { get; } = sqlState;
}

/// <summary>Runs the statements of one request, in order, in one session (a multi-statement request has several).</summary>
public interface IFakeSqlBackend
{
    IReadOnlyList<FakeSqlOutcome> Run(IReadOnlyList<FakeSqlStatement> statements);
}
