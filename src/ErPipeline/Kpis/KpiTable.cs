using System.Globalization;
using System.Numerics;

namespace ErPipeline.Kpis;

/// <summary>
/// A section's rows, each value already of its column's .NET type (string, long, double, bool, DateOnly or null),
/// and for each row whether suppression nulled one of its values.
/// </summary>
public sealed class KpiTable
{
    public KpiTable(KpiSection section, IReadOnlyList<object?[]> rows, IReadOnlyList<bool>? suppressed = null)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(rows);
        Section = section;
        Rows = rows;
        Suppressed = suppressed ?? new bool[rows.Count];
    }

    public KpiSection Section { get; }

    public IReadOnlyList<object?[]> Rows { get; }

    public IReadOnlyList<bool> Suppressed { get; }

    /// <summary>The value of a field in a row, by field name; for tests and tools.</summary>
    public object? Value(int row, string field)
    {
        for (var i = 0; i < Section.Columns.Count; i++)
        {
            if (Section.Columns[i].Name == field)
            {
                return Rows[row][i];
            }
        }

        return field == KpiSection.SuppressedField ? Suppressed[row] : throw new ArgumentException($"Section {Section.Name} has no field {field}.", nameof(field));
    }

    /// <summary>
    /// Converts a warehouse value to the column's type. DuckDB hands over typed values (HUGEINT as BigInteger,
    /// DECIMAL as decimal); Snowflake's SQL API hands over strings. Both end as the same values.
    /// </summary>
    internal static object? Normalize(object? value, KpiType type) => value switch
    {
        null or DBNull => null,
        _ => type switch
        {
            KpiType.Text => Convert.ToString(value, CultureInfo.InvariantCulture),
            KpiType.WholeNumber => value switch
            {
                BigInteger big => (long)big,
                string text => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                _ => Convert.ToInt64(value, CultureInfo.InvariantCulture),
            },
            KpiType.Number => value is string text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : Convert.ToDouble(value, CultureInfo.InvariantCulture),
            KpiType.Flag => value is string text ? text is "1" || bool.Parse(text) : Convert.ToBoolean(value, CultureInfo.InvariantCulture),
            KpiType.Date or KpiType.Month => value switch
            {
                DateOnly date => date,
                DateTime dateTime => DateOnly.FromDateTime(dateTime),
                string text => DateOnly.ParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => throw new InvalidCastException($"A {value.GetType().Name} is not a date."),
            },
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
        },
    };

    /// <summary>The text of a value as the feed writes it in CSV (and JSON for dates and months).</summary>
    internal static string? Format(object? value, KpiType type) => value switch
    {
        null => null,
        DateOnly date => date.ToString(type == KpiType.Month ? "yyyy-MM" : "yyyy-MM-dd", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        long number => number.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
