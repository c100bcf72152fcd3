using System.Globalization;
using System.Text;
using ErPipeline.Warehouse;

namespace ErPipeline.Kpis;

/// <summary>
/// Which visits the feed describes: arrival in <c>[From, To)</c>, some departments, some triage levels. Empty lists
/// mean "all". Lists are kept sorted and distinct, so equal filters have equal <see cref="Key"/>s.
/// </summary>
public sealed class KpiFilter
{
    public static readonly KpiFilter None = new(null, null, [], []);

    public KpiFilter(DateOnly? from, DateOnly? to, IEnumerable<string> departments, IEnumerable<int> triageLevels)
    {
        From = from;
        To = to;
        Departments = departments.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        TriageLevels = triageLevels.Distinct().Order().ToArray();
        Key = string.Join('\u001f', From?.ToString("O", CultureInfo.InvariantCulture), To?.ToString("O", CultureInfo.InvariantCulture),
            string.Join('\u001e', Departments), string.Join(',', TriageLevels));
    }

    public DateOnly? From { get; }

    public DateOnly? To { get; }

    public IReadOnlyList<string> Departments { get; }

    public IReadOnlyList<int> TriageLevels { get; }

    /// <summary>A text equal for equal filters; part of cache keys.</summary>
    public string Key { get; }

    /// <summary>The values of the parameters of <c>sql/kpis/filtered_visits.sql</c>.</summary>
    internal void AddBindings(Dictionary<string, SqlBinding> bindings, KpiOptions options)
    {
        bindings["from_time"] = SqlBinding.Timestamp(From?.ToDateTime(TimeOnly.MinValue));
        bindings["to_time"] = SqlBinding.Timestamp(To?.ToDateTime(TimeOnly.MinValue));
        bindings["departments"] = SqlBinding.Text(Departments.Count == 0 ? null : Surround(Departments, '\n'));
        bindings["triage_levels"] = SqlBinding.Text(TriageLevels.Count == 0 ? null : Surround(TriageLevels.Select(l => l.ToString(CultureInfo.InvariantCulture)), ','));
        for (var level = 1; level <= 5; level++)
        {
            bindings[$"target_{level}"] = SqlBinding.Fixed(options.TargetMinutes(level));
        }
    }

    private static string Surround(IEnumerable<string> values, char separator)
    {
        var text = new StringBuilder().Append(separator);
        foreach (var value in values)
        {
            text.Append(value).Append(separator);
        }

        return text.ToString();
    }
}
