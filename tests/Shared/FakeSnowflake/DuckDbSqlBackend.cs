using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;

namespace ErTests.FakeSnowflake;

/// <summary>
/// Runs what the fake SQL API receives on a real DuckDB file, where the two dialects agree, and emulates the few
/// places they do not: Snowflake's string escapes (a backslash escapes), TIMESTAMP_NTZ, ALTER SESSION, upper-cased
/// result names of unquoted identifiers, and COPY INTO from the external stage (a local folder here), including
/// COPY's load metadata that skips a file loaded before. The file format of our COPY statements is checked, not
/// guessed: a COPY declaring anything else fails, so a change to the format must come here too.
/// </summary>
public sealed partial class DuckDbSqlBackend : IFakeSqlBackend
{
    // The format the curated files are written in (src/ErPipeline/Warehouse/Snowflake/CuratedCsv.cs).
    private static readonly string[] CuratedFormat =
        ["TYPE = CSV", "COMPRESSION = GZIP", "SKIP_HEADER = 1", "FIELD_DELIMITER = ','", "FIELD_OPTIONALLY_ENCLOSED_BY = '\"'", "NULL_IF = ()", "EMPTY_FIELD_AS_NULL = TRUE"];

    private readonly string _databasePath;
    private readonly string _stageRoot;
    private readonly string _stageName;
    private readonly HashSet<string> _copiedFiles = new(StringComparer.Ordinal);
    private readonly object _copiedLock = new();

    public DuckDbSqlBackend(string databasePath, string stageRoot, string stageName = "ER_CURATED_STAGE")
    {
        _databasePath = databasePath;
        _stageRoot = stageRoot;
        _stageName = stageName;
    }

    /// <summary>
    /// What Snowflake's session functions answer (CURRENT_ROLE() and the like), by function name; a missing or null
    /// entry answers NULL, as CURRENT_WAREHOUSE() does for a role that may not use the warehouse.
    /// </summary>
    public Dictionary<string, string?> Session { get; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CURRENT_ACCOUNT"] = "FAKE00001",
        ["CURRENT_USER"] = "ER_FUNCTION",
        ["CURRENT_ROLE"] = "ER_LOADER",
        ["CURRENT_WAREHOUSE"] = "ER_WH",
        ["CURRENT_DATABASE"] = "ER_DB",
        ["CURRENT_SCHEMA"] = "ER",
        ["CURRENT_VERSION"] = "0.0.0-fake",
    };

    /// <summary>
    /// Makes the first statement matching this fail (once) with a SQL error, after the statements before it in its
    /// request have run: for tests of what a failure in the middle of a transaction leaves behind.
    /// </summary>
    public Func<string, bool>? FailOnce { get; set; }

    /// <summary>
    /// Where the stage's files are read from, by path under the stage (<c>visits/….csv.gz</c>); null when absent.
    /// Default: the stage folder. Tests of the Functions app point it at the er-curated container in Azurite.
    /// </summary>
    public Func<string, byte[]?>? StageFiles { get; init; }

    /// <summary>Every statement run, in order, as received (for tests on the texts sent).</summary>
    public List<string> Statements { get; } = [];

    public IReadOnlyList<FakeSqlOutcome> Run(IReadOnlyList<FakeSqlStatement> statements)
    {
        ArgumentNullException.ThrowIfNull(statements);
        using var connection = new DuckDBConnection($"Data Source={_databasePath}");
        connection.Open();
        var session = new RequestSession();
        var outcomes = new List<FakeSqlOutcome>();
        try
        {
            foreach (var statement in statements)
            {
                lock (Statements)
                {
                    Statements.Add(statement.Text);
                }

                if (FailOnce is { } fail && fail(statement.Text))
                {
                    FailOnce = null;
                    throw new FakeSqlError("100132", "P0000", "Injected failure of the fake (DuckDbSqlBackend.FailOnce).");
                }

                outcomes.Add(Execute(connection, session, statement));
            }

            if (session.InTransaction)
            {
                // Snowflake rolls back a transaction left open when the request's session ends.
                Plain(connection, "ROLLBACK");
                session.Copied.Clear();
            }

            Remember(session);
            return outcomes;
        }
        catch (DuckDBException ex)
        {
            RollBack(connection, session);
            throw new FakeSqlError("002003", "42000", $"SQL compilation error: {ex.Message}");
        }
        catch
        {
            RollBack(connection, session);
            throw;
        }
    }

    private FakeSqlOutcome Execute(DuckDBConnection connection, RequestSession session, FakeSqlStatement statement)
    {
        var text = SessionFunction().Replace(ToDuckDb(statement.Text.Trim()), m =>
            Session.TryGetValue(m.Groups[1].Value, out var value) && value is not null ? $"'{value.Replace("'", "''", StringComparison.Ordinal)}'" : "NULL");
        var keyword = FakeSqlText.FirstKeyword(text).ToUpperInvariant();
        switch (keyword)
        {
            case "ALTER" when AlterSession().IsMatch(text):
                return Status("Statement executed successfully.");
            case "BEGIN":
                Plain(connection, "BEGIN TRANSACTION");
                session.InTransaction = true;
                return Status("Statement executed successfully.");
            case "COMMIT":
                Plain(connection, "COMMIT");
                session.InTransaction = false;
                Remember(session);
                return Status("Statement executed successfully.");
            case "ROLLBACK":
                Plain(connection, "ROLLBACK");
                session.InTransaction = false;
                session.Copied.Clear();
                return Status("Statement executed successfully.");
            case "COPY":
                return Copy(connection, session, text);
            case "LIST":
                return List(text);
            case "SELECT" or "WITH":
                return Query(connection, text, statement.Bindings);
            case "INSERT" or "UPDATE" or "DELETE" or "MERGE":
            {
                using var command = Command(connection, text, statement.Bindings);
                var changed = command.ExecuteNonQuery();
                var label = keyword switch
                {
                    "INSERT" => "number of rows inserted",
                    "DELETE" => "number of rows deleted",
                    _ => "number of rows updated",
                };
                if (!session.InTransaction)
                {
                    Remember(session);
                }

                return new FakeSqlOutcome([new FakeSqlColumn(label, "fixed")], [[(long)changed]], changed);
            }

            default:
            {
                using var command = Command(connection, text, statement.Bindings);
                command.ExecuteNonQuery();
                return Status("Statement executed successfully.");
            }
        }
    }

    private FakeSqlOutcome Copy(DuckDBConnection connection, RequestSession session, string text)
    {
        var match = CopyInto().Match(text);
        if (!match.Success)
        {
            throw new FakeSqlError("001003", "42000", "The fake understands COPY INTO <table> (<columns>) FROM @stage/folder/ FILES = ('<file>') only.");
        }

        if (!string.Equals(match.Groups["stage"].Value, _stageName, StringComparison.OrdinalIgnoreCase))
        {
            throw new FakeSqlError("002003", "02000", $"SQL compilation error: Stage '{match.Groups["stage"].Value}' does not exist or not authorized.");
        }

        var format = match.Groups["rest"].Value;
        foreach (var required in CuratedFormat)
        {
            if (!format.Contains(required, StringComparison.Ordinal))
            {
                throw new FakeSqlError("001003", "42000", $"The fake reads curated files in one format; this COPY does not declare {required}.");
            }
        }

        var relative = match.Groups["folder"].Value.TrimEnd('/') + "/" + match.Groups["file"].Value;
        var key = match.Groups["table"].Value.ToUpperInvariant() + ":" + relative;
        FakeSqlColumn[] columns = [new("file", "text"), new("status", "text"), new("rows_parsed", "fixed"), new("rows_loaded", "fixed")];
        bool loadedBefore;
        lock (_copiedLock)
        {
            loadedBefore = _copiedFiles.Contains(key) || session.Copied.Contains(key);
        }

        if (loadedBefore)
        {
            return new FakeSqlOutcome([new FakeSqlColumn("status", "text")], [["Copy executed with 0 files processed."]]);
        }

        var path = Path.Combine(_stageRoot, relative);
        if (StageFiles is not null)
        {
            var content = StageFiles(relative);
            if (content is not null)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, content);
            }
        }

        if (!File.Exists(path))
        {
            return new FakeSqlOutcome([new FakeSqlColumn("status", "text")], [["Copy executed with 0 files processed."]]);
        }

        var sql = $"INSERT INTO {match.Groups["table"].Value} ({match.Groups["columns"].Value}) " +
                  $"SELECT * FROM read_csv('{path.Replace("'", "''", StringComparison.Ordinal)}', header = true, delim = ',', quote = '\"', escape = '\"', " +
                  "all_varchar = true, allow_quoted_nulls = false, compression = 'gzip')";
        var rows = Plain(connection, sql);
        session.Copied.Add(key);
        if (!session.InTransaction)
        {
            Remember(session);
        }

        return new FakeSqlOutcome(columns, [[$"{_stageName}/{relative}", "LOADED", (long)rows, (long)rows]], rows);
    }

    private FakeSqlOutcome List(string text)
    {
        var stage = text[4..].Trim().TrimStart('@');
        if (!string.Equals(stage, _stageName, StringComparison.OrdinalIgnoreCase))
        {
            throw new FakeSqlError("002003", "02000", $"SQL compilation error: Stage '{stage}' does not exist or not authorized.");
        }

        var files = Directory.Exists(_stageRoot)
            ? Directory.EnumerateFiles(_stageRoot, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray()
            : [];
        return new FakeSqlOutcome(
            [new FakeSqlColumn("name", "text"), new FakeSqlColumn("size", "fixed")],
            [.. files.Select(f => new object?[] { Path.GetRelativePath(_stageRoot, f).Replace('\\', '/'), new FileInfo(f).Length })]);
    }

    private static FakeSqlOutcome Query(DuckDBConnection connection, string text, IReadOnlyList<object?> bindings)
    {
        using var command = Command(connection, text, bindings);
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        var columns = new FakeSqlColumn[reader.FieldCount];
        for (var i = 0; i < columns.Length; i++)
        {
            var name = reader.GetName(i);
            // Snowflake upper-cases unquoted identifiers; a quoted alias keeps its case.
            var shown = text.Contains($"\"{name}\"", StringComparison.Ordinal) ? name : name.ToUpperInvariant();
            var (type, scale) = SnowflakeType(reader.GetFieldType(i), rows.Select(r => r[i]));
            columns[i] = new FakeSqlColumn(shown, type, 38, scale);
            foreach (var row in rows)
            {
                row[i] = Convert(row[i], type, scale);
            }
        }

        return new FakeSqlOutcome(columns, rows);
    }

    private static (string Type, int Scale) SnowflakeType(Type type, IEnumerable<object?> values)
    {
        if (type == typeof(long) || type == typeof(int) || type == typeof(short) || type == typeof(sbyte) || type == typeof(byte)
            || type == typeof(ulong) || type == typeof(uint) || type == typeof(ushort) || type == typeof(BigInteger))
        {
            return ("fixed", 0);
        }

        if (type == typeof(decimal))
        {
            return ("fixed", values.OfType<decimal>().Select(d => (int)d.Scale).DefaultIfEmpty(0).Max());
        }

        if (type == typeof(double) || type == typeof(float))
        {
            return ("real", 0);
        }

        if (type == typeof(bool))
        {
            return ("boolean", 0);
        }

        if (type == typeof(DateOnly))
        {
            return ("date", 0);
        }

        if (type == typeof(DateTime))
        {
            return ("timestamp_ntz", 0);
        }

        return ("text", 0);
    }

    private static object? Convert(object? value, string type, int scale) => value switch
    {
        null => null,
        BigInteger big when type == "fixed" => (long)big,
        decimal d when type == "fixed" => decimal.Round(d, scale),
        _ when type == "fixed" && scale == 0 => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
        float f => (double)f,
        _ when type == "text" => System.Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => value,
    };

    private static DuckDBCommand Command(DuckDBConnection connection, string text, IReadOnlyList<object?> bindings)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        foreach (var value in bindings)
        {
            command.Parameters.Add(new DuckDBParameter(value switch
            {
                null => DBNull.Value,
                DateOnly date => date.ToDateTime(TimeOnly.MinValue),
                _ => value,
            }));
        }

        return command;
    }

    private static int Plain(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    private static FakeSqlOutcome Status(string message) => new([new FakeSqlColumn("status", "text")], [[message]]);

    private void Remember(RequestSession session)
    {
        lock (_copiedLock)
        {
            _copiedFiles.UnionWith(session.Copied);
        }

        session.Copied.Clear();
    }

    private static void RollBack(DuckDBConnection connection, RequestSession session)
    {
        session.Copied.Clear();
        if (session.InTransaction)
        {
            try
            {
                Plain(connection, "ROLLBACK");
            }
            catch (DuckDBException)
            {
                // Already rolled back by the failure.
            }
        }
    }

    /// <summary>Snowflake '…' literals (backslash escapes) rewritten as DuckDB ones; TIMESTAMP_NTZ as TIMESTAMP.</summary>
    internal static string ToDuckDb(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                var end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                result.Append(text, i, end - i);
                i = end - 1;
                continue;
            }

            if (c != '\'')
            {
                result.Append(c);
                continue;
            }

            var value = new StringBuilder();
            i++;
            for (; i < text.Length; i++)
            {
                var d = text[i];
                if (d == '\\' && i + 1 < text.Length)
                {
                    i++;
                    value.Append(text[i] switch
                    {
                        'n' => '\n',
                        't' => '\t',
                        'r' => '\r',
                        '0' => '\0',
                        'b' => '\b',
                        'f' => '\f',
                        _ => text[i],
                    });
                }
                else if (d == '\'' && i + 1 < text.Length && text[i + 1] == '\'')
                {
                    value.Append('\'');
                    i++;
                }
                else if (d == '\'')
                {
                    break;
                }
                else
                {
                    value.Append(d);
                }
            }

            result.Append('\'').Append(value.ToString().Replace("'", "''", StringComparison.Ordinal)).Append('\'');
        }

        return TimestampNtz().Replace(result.ToString(), "TIMESTAMP");
    }

    private sealed class RequestSession
    {
        public bool InTransaction { get; set; }

        public HashSet<string> Copied { get; } = new(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^ALTER\s+SESSION\s+SET\s", RegexOptions.IgnoreCase)]
    private static partial Regex AlterSession();

    [GeneratedRegex(@"\b(CURRENT_(?:ACCOUNT|USER|ROLE|WAREHOUSE|DATABASE|SCHEMA|VERSION))\(\)", RegexOptions.IgnoreCase)]
    private static partial Regex SessionFunction();

    [GeneratedRegex(@"\bTIMESTAMP_NTZ\b", RegexOptions.IgnoreCase)]
    private static partial Regex TimestampNtz();

    [GeneratedRegex(@"^COPY\s+INTO\s+(?<table>\w+)\s*\((?<columns>[^)]*)\)\s*FROM\s+@(?<stage>[\w.$]+)/(?<folder>[\w/]+)\s+FILES\s*=\s*\(\s*'(?<file>[^']+)'\s*\)(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CopyInto();
}
