using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;

namespace ErPipeline.Warehouse;

/// <summary>The types a value is bound as; the same names as the Snowflake SQL API's binding types.</summary>
public enum SqlType
{
    Text,
    Fixed,
    Real,
    Boolean,
    Date,
    TimestampNtz,
}

/// <summary>One value bound to a statement, with its type (which matters when the value is null).</summary>
public sealed record SqlBinding(SqlType Type, object? Value)
{
    public static SqlBinding Text(string? value) => new(SqlType.Text, value);

    public static SqlBinding Fixed(long? value) => new(SqlType.Fixed, value);

    public static SqlBinding Timestamp(DateTime? value) => new(SqlType.TimestampNtz, value);
}

/// <summary>A SQL text with positional <c>?</c> placeholders and the values bound to them, in order.</summary>
public sealed record SqlStatement(string Text, IReadOnlyList<SqlBinding> Bindings)
{
    /// <summary>The bound values alone, in order (for drivers that infer the type from the value, as DuckDB's does).</summary>
    public object?[] Values() => [.. Bindings.Select(b => b.Value)];
}

/// <summary>
/// A SQL script from <c>sql/</c> that names its parameters (<c>:from_time</c>) and may include another script of its
/// folder (<c>{{filtered_visits}}</c>). It is turned once into a constant text with positional <c>?</c> placeholders,
/// the only kind DuckDB and Snowflake share, so the text a warehouse sees never varies with the values.
/// </summary>
public sealed partial class SqlTemplate
{
    private static readonly ConcurrentDictionary<string, SqlTemplate> Cache = new(StringComparer.Ordinal);

    private SqlTemplate(string path, string text, IReadOnlyList<string> parameters)
    {
        Path = path;
        Text = text;
        Parameters = parameters;
    }

    /// <summary>The script's path under <c>sql/</c>.</summary>
    public string Path { get; }

    /// <summary>The text with includes expanded and each named parameter replaced by <c>?</c>.</summary>
    public string Text { get; }

    /// <summary>The parameter name of each <c>?</c>, in order (a name used twice appears twice).</summary>
    public IReadOnlyList<string> Parameters { get; }

    /// <summary>The template of <c>sql/{path}</c>, parsed once per process.</summary>
    public static SqlTemplate Get(string path) => Cache.GetOrAdd(path, Parse);

    /// <summary>Binds values by name; every parameter of the text must have one.</summary>
    public SqlStatement Bind(IReadOnlyDictionary<string, SqlBinding> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bindings = new SqlBinding[Parameters.Count];
        for (var i = 0; i < bindings.Length; i++)
        {
            bindings[i] = values.TryGetValue(Parameters[i], out var value)
                ? value
                : throw new ArgumentException($"sql/{Path} needs a value for :{Parameters[i]}.", nameof(values));
        }

        return new SqlStatement(Text, bindings);
    }

    private static SqlTemplate Parse(string path)
    {
        var folder = System.IO.Path.GetDirectoryName(path)?.Replace('\\', '/');
        var expanded = Include().Replace(SqlScripts.Get(path), match =>
        {
            var included = string.IsNullOrEmpty(folder) ? $"{match.Groups[1].Value}.sql" : $"{folder}/{match.Groups[1].Value}.sql";
            return StripComments(SqlScripts.Get(included)).Trim();
        });

        var text = new StringBuilder(expanded.Length);
        var parameters = new List<string>();
        var inString = false;
        for (var i = 0; i < expanded.Length; i++)
        {
            var c = expanded[i];
            if (c == '\'')
            {
                inString = !inString;
            }
            else if (!inString && c == '-' && i + 1 < expanded.Length && expanded[i + 1] == '-')
            {
                var end = expanded.IndexOf('\n', i);
                end = end < 0 ? expanded.Length : end;
                text.Append(expanded, i, end - i);
                i = end - 1;
                continue;
            }
            else if (!inString && c == ':' && i + 1 < expanded.Length && IsNameStart(expanded[i + 1]) && (i == 0 || expanded[i - 1] != ':'))
            {
                var start = i + 1;
                var end = start;
                while (end < expanded.Length && (char.IsAsciiLetterOrDigit(expanded[end]) || expanded[end] == '_'))
                {
                    end++;
                }

                parameters.Add(expanded[start..end]);
                text.Append('?');
                i = end - 1;
                continue;
            }

            text.Append(c);
        }

        return new SqlTemplate(path, text.ToString(), parameters);
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetterLower(c) || c == '_';

    private static string StripComments(string sql) =>
        string.Join('\n', sql.Split('\n').Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal)));

    [GeneratedRegex(@"\{\{([a-z_]+)\}\}")]
    private static partial Regex Include();
}
