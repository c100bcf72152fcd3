using System.Globalization;
using ErPipeline.Ingestion;
using Microsoft.Extensions.Primitives;

namespace ErPipeline.Kpis;

/// <summary>The output formats of a section.</summary>
public enum FeedFormat
{
    Json,
    Csv,
}

/// <summary>A query string that names a parameter it should not, or a value that is not valid.</summary>
public sealed class FeedRequestException(string parameter, string message) : Exception(message)
{
    /// <summary>The query parameter at fault.</summary>
    public string Parameter { get; } = parameter;
}

/// <summary>
/// The parsed query string of a feed request. Anything unknown or malformed is refused with a message naming the
/// parameter and the value, never silently ignored: a typo in a Power BI query must not return unfiltered data.
/// </summary>
public sealed record FeedRequest(KpiFilter Filter, FeedFormat Format, int PageSize, string? After)
{
    public const int DefaultPageSize = 1000;
    public const int MaxPageSize = 5000;

    private static readonly string[] FilterParameters = ["from", "to", "department", "triage"];

    /// <summary>The parameters <c>/api/kpis</c> accepts (<c>code</c> is the Azure Functions key).</summary>
    public static readonly IReadOnlyList<string> KpiParameters = [.. FilterParameters, "format", "code"];

    /// <summary>The parameters <c>/api/visits</c> accepts.</summary>
    public static readonly IReadOnlyList<string> VisitParameters = [.. FilterParameters, "pageSize", "after", "code"];

    public static FeedRequest ForKpis(IEnumerable<KeyValuePair<string, StringValues>> query) => Parse(query, KpiParameters);

    public static FeedRequest ForVisits(IEnumerable<KeyValuePair<string, StringValues>> query) => Parse(query, VisitParameters);

    private static FeedRequest Parse(IEnumerable<KeyValuePair<string, StringValues>> query, IReadOnlyList<string> allowed)
    {
        ArgumentNullException.ThrowIfNull(query);
        var values = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var (name, value) in query)
        {
            var known = allowed.FirstOrDefault(a => string.Equals(a, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new FeedRequestException(name, $"Unknown parameter '{name}'. Known parameters: {string.Join(", ", allowed.Where(a => a != "code"))}.");
            values[known] = values.TryGetValue(known, out var earlier) ? StringValues.Concat(earlier, value) : value;
        }

        var from = Date(values, "from");
        var to = Date(values, "to");
        if (from is not null && to is not null && from >= to)
        {
            throw new FeedRequestException("to", $"to ({to:yyyy-MM-dd}) must be after from ({from:yyyy-MM-dd}): the range is [from, to).");
        }

        var filter = new KpiFilter(from, to, Departments(values), TriageLevels(values));
        var format = Single(values, "format")?.ToLowerInvariant() switch
        {
            null or "json" => FeedFormat.Json,
            "csv" => FeedFormat.Csv,
            var other => throw new FeedRequestException("format", $"format '{other}' is not known: use json or csv."),
        };

        var pageSize = DefaultPageSize;
        if (Single(values, "pageSize") is { } size
            && (!int.TryParse(size, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            throw new FeedRequestException("pageSize", $"pageSize '{size}' is not a whole number from 1 to {MaxPageSize}.");
        }

        var after = Single(values, "after") is { } cursor
            ? CleaningRules.Id(cursor) ?? throw new FeedRequestException("after", "after is empty: give the visitId the page should start after.")
            : null;
        return new FeedRequest(filter, format, pageSize, after);
    }

    private static string? Single(Dictionary<string, StringValues> values, string name)
    {
        if (!values.TryGetValue(name, out var value))
        {
            return null;
        }

        return value.Count == 1
            ? value[0]?.Trim() ?? string.Empty
            : throw new FeedRequestException(name, $"{name} is given {value.Count} times; give it once.");
    }

    private static DateOnly? Date(Dictionary<string, StringValues> values, string name)
    {
        var text = Single(values, name);
        if (text is null)
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : throw new FeedRequestException(name, $"{name} '{text}' is not a date: use yyyy-MM-dd, e.g. 2025-01-31.");
    }

    private static string[] Departments(Dictionary<string, StringValues> values)
    {
        if (!values.TryGetValue("department", out var departments))
        {
            return [];
        }

        return departments.Select(raw =>
        {
            var department = CleaningRules.Department(raw);
            return string.IsNullOrWhiteSpace(raw)
                ? throw new FeedRequestException("department", "department is empty: give a department name, once per department.")
                : department;
        }).ToArray();
    }

    private static List<int> TriageLevels(Dictionary<string, StringValues> values)
    {
        if (!values.TryGetValue("triage", out var lists))
        {
            return [];
        }

        var levels = new List<int>();
        foreach (var list in lists)
        {
            foreach (var item in (list ?? string.Empty).Split(','))
            {
                levels.Add(int.TryParse(item.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level is >= 1 and <= 5
                    ? level
                    : throw new FeedRequestException("triage", $"triage '{item.Trim()}' is not a triage level: use 1 to 5, comma-separated (triage=1,2)."));
            }
        }

        return levels;
    }
}
