using System.Collections.Concurrent;
using System.Reflection;

namespace ErPipeline.Warehouse;

/// <summary>The SQL texts of the repository's <c>sql/</c> folder, embedded in this assembly.</summary>
public static class SqlScripts
{
    private static readonly Assembly Assembly = typeof(SqlScripts).Assembly;
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);

    /// <summary>The text of <c>sql/{path}</c>, e.g. <c>ingest/merge_visits.sql</c>.</summary>
    public static string Get(string path) => Cache.GetOrAdd(path, Load);

    /// <summary>
    /// The script as one statement to send: comment lines and the closing semicolon removed, which a multi-statement
    /// request (Snowflake) needs and a single one does not mind.
    /// </summary>
    public static string Statement(string path) =>
        string.Join('\n', Get(path).ReplaceLineEndings("\n").Split('\n')
            .Where(line => !line.TrimStart().StartsWith("--", StringComparison.Ordinal)))
            .Trim().TrimEnd(';').TrimEnd();

    /// <summary>Names (paths under <c>sql/</c>) of the scripts in a folder, in ordinal order.</summary>
    public static IReadOnlyList<string> In(string folder) =>
        Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith($"sql/{folder}/", StringComparison.Ordinal))
            .Select(n => n["sql/".Length..])
            .Order(StringComparer.Ordinal)
            .ToArray();

    private static string Load(string path)
    {
        using var stream = Assembly.GetManifestResourceStream($"sql/{path}")
            ?? throw new InvalidOperationException($"SQL script sql/{path} is not embedded in {Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
