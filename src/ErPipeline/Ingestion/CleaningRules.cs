using System.Globalization;
using System.Text;

namespace ErPipeline.Ingestion;

/// <summary>
/// The data contract's cleaning rules, one method per field. Each returns the cleaned value, or a problem that
/// sends the row to quarantine, or a fallback (null, Unknown) that keeps the row and is counted as a warning.
/// </summary>
public static class CleaningRules
{
    public static readonly DateTime EarliestArrival = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    public static readonly IReadOnlyList<string> BloodGroups = ["A+", "A-", "B+", "B-", "O+", "O-", "AB+", "AB-"];

    public static readonly IReadOnlyList<string> Departments = ["Trauma", "Pediatrics", "General ER", "Cardiology", "Orthopedics"];

    public const string UnknownValue = "Unknown";

    public const string UnassignedDepartment = "Unassigned";

    private static readonly string[] ArrivalFormats =
    [
        "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-dd HH:mm",
        "yyyy-MM-dd'T'HH:mm:ss",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
    ];

    /// <summary>Ids are trimmed and upper-cased; empty means missing.</summary>
    public static string? Id(string? raw)
    {
        var value = raw?.Trim();
        return string.IsNullOrEmpty(value) ? null : value.ToUpperInvariant();
    }

    /// <summary>Empty text becomes null, anything else is trimmed.</summary>
    public static string? OptionalText(string? raw)
    {
        var value = raw?.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>An integer in [min, max]; integral decimals such as <c>48.0</c> are accepted.</summary>
    public static bool TryWholeNumber(string? raw, int min, int max, out int value)
    {
        value = 0;
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return value >= min && value <= max;
        }

        if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
            && number == decimal.Truncate(number) && number >= min && number <= max)
        {
            value = (int)number;
            return true;
        }

        return false;
    }

    /// <summary>Male (male, m), Female (female, f), Other (other, o, non-binary, x), else Unknown.</summary>
    public static string Gender(string? raw) => raw?.Trim().ToLowerInvariant() switch
    {
        "male" or "m" => "Male",
        "female" or "f" => "Female",
        "other" or "o" or "non-binary" or "x" => "Other",
        _ => UnknownValue,
    };

    /// <summary>One of the eight ABO/Rh groups, case and spaces ignored, pos/positive/neg/negative accepted; else Unknown.</summary>
    public static string BloodGroup(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return UnknownValue;
        }

        var compact = new StringBuilder(raw.Length);
        foreach (var c in raw)
        {
            if (!char.IsWhiteSpace(c))
            {
                compact.Append(char.ToUpperInvariant(c));
            }
        }

        var text = compact.ToString();
        foreach (var (suffix, sign) in new[] { ("POSITIVE", "+"), ("NEGATIVE", "-"), ("POS", "+"), ("NEG", "-") })
        {
            if (text.Length > suffix.Length && text.EndsWith(suffix, StringComparison.Ordinal))
            {
                text = text[..^suffix.Length] + sign;
                break;
            }
        }

        return BloodGroups.Contains(text) ? text : UnknownValue;
    }

    /// <summary>One of the contract's date-time layouts, no earlier than 2000-01-01 and no later than a day after the load.</summary>
    public static string? ArrivalTimeProblem(string? raw, DateTime loadTimeUtc, out DateTime arrival)
    {
        arrival = default;
        var text = raw?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return "arrival_time: missing";
        }

        if (!DateTime.TryParseExact(text, ArrivalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out arrival))
        {
            return "arrival_time: not yyyy-MM-dd HH:mm[:ss] or yyyy-MM-ddTHH:mm:ss[.fff]";
        }

        if (arrival < EarliestArrival)
        {
            return "arrival_time: before 2000-01-01";
        }

        if (arrival > loadTimeUtc.AddDays(1))
        {
            return "arrival_time: more than one day after the load";
        }

        return null;
    }

    /// <summary>A known department in its canonical spelling; other names kept with spaces collapsed; empty is Unassigned.</summary>
    public static string Department(string? raw)
    {
        var collapsed = CollapseSpaces(raw);
        if (collapsed.Length == 0)
        {
            return UnassignedDepartment;
        }

        foreach (var known in Departments)
        {
            if (string.Equals(known, collapsed, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return collapsed;
    }

    private static string CollapseSpaces(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return string.Empty;
        }

        return string.Join(' ', raw.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
