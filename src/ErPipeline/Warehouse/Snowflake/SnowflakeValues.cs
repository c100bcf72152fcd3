using System.Globalization;
using System.Numerics;
using System.Text.Json;

namespace ErPipeline.Warehouse.Snowflake;

/// <summary>
/// The SQL API's value encodings: bindings going out, result cells (always strings) coming back. Dates and
/// timestamps travel as numbers since the Unix epoch in both directions, so no date format setting can change them.
/// </summary>
internal static class SnowflakeValues
{
    private static readonly DateOnly Epoch = new(1970, 1, 1);

    /// <summary>The binding type name of a <see cref="SqlType"/> in the request's <c>bindings</c>.</summary>
    public static string BindingType(SqlType type) => type switch
    {
        SqlType.Text => "TEXT",
        SqlType.Fixed => "FIXED",
        SqlType.Real => "REAL",
        SqlType.Boolean => "BOOLEAN",
        SqlType.Date => "DATE",
        SqlType.TimestampNtz => "TIMESTAMP_NTZ",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No Snowflake binding type."),
    };

    /// <summary>
    /// The binding's value as the API takes it, in the invariant culture: DATE as milliseconds since the epoch (at
    /// midnight UTC) and TIMESTAMP_NTZ as nanoseconds since the epoch of the wall-clock time, the encodings Snowflake's
    /// own connectors bind with; null stays null.
    /// </summary>
    public static string? BindingValue(SqlBinding binding, int position)
    {
        ArgumentNullException.ThrowIfNull(binding);
        var value = binding.Value;
        if (value is null)
        {
            return null;
        }

        try
        {
            return binding.Type switch
            {
                SqlType.Text => Convert.ToString(value, CultureInfo.InvariantCulture),
                SqlType.Fixed => value switch
                {
                    decimal d => d.ToString(CultureInfo.InvariantCulture),
                    BigInteger b => b.ToString(CultureInfo.InvariantCulture),
                    double or float => throw new ArgumentException("a FIXED binding takes an integer or decimal, not a floating-point number"),
                    _ => Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
                },
                SqlType.Real => Real(Convert.ToDouble(value, CultureInfo.InvariantCulture)),
                SqlType.Boolean => Convert.ToBoolean(value, CultureInfo.InvariantCulture) ? "true" : "false",
                SqlType.Date => value switch
                {
                    DateOnly date => EpochMilliseconds(date),
                    DateTime dateTime => EpochMilliseconds(DateOnly.FromDateTime(dateTime)),
                    _ => throw new ArgumentException($"a DATE binding takes a DateOnly or DateTime, not {value.GetType().Name}"),
                },
                SqlType.TimestampNtz => value switch
                {
                    DateTime dateTime => EpochNanoseconds(dateTime),
                    DateTimeOffset offset => EpochNanoseconds(offset.UtcDateTime),
                    _ => throw new ArgumentException($"a TIMESTAMP_NTZ binding takes a DateTime, not {value.GetType().Name}"),
                },
                _ => throw new ArgumentException($"no encoding for {binding.Type}"),
            };
        }
        catch (Exception ex) when (ex is FormatException or InvalidCastException or OverflowException or ArgumentException)
        {
            // The value itself may be patient data: name the position and type only.
            throw new ArgumentException($"Binding {position} ({binding.Type}) cannot be sent to Snowflake: {(ex is ArgumentException ? ex.Message : ex.GetType().Name)}.", nameof(binding), ex);
        }
    }

    private static string Real(double value) => value switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string EpochMilliseconds(DateOnly date) =>
        ((long)(date.DayNumber - Epoch.DayNumber) * 86_400_000L).ToString(CultureInfo.InvariantCulture);

    private static string EpochNanoseconds(DateTime wallClock) =>
        ((BigInteger)(wallClock.Ticks - DateTime.UnixEpoch.Ticks) * 100).ToString(CultureInfo.InvariantCulture);

    /// <summary>Turns one result cell into a .NET value by its column's type.</summary>
    public static object? Parse(JsonElement cell, SnowflakeColumn column)
    {
        if (cell.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = cell.ValueKind == JsonValueKind.String ? cell.GetString()! : cell.GetRawText();
        try
        {
            return column.Type switch
            {
                "fixed" when (column.Scale ?? 0) == 0 => Integer(text),
                "fixed" => decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                "real" or "float" or "double" => Double(text),
                "boolean" => Boolean(text),
                "date" => Epoch.AddDays(int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
                "timestamp_ntz" => DateTime.SpecifyKind(FromEpochSeconds(text), DateTimeKind.Unspecified),
                "timestamp_ltz" => new DateTimeOffset(FromEpochSeconds(text), TimeSpan.Zero),
                "timestamp_tz" => TimestampTz(text),
                "time" => new TimeOnly(SecondsToTicks(text)),
                "binary" => Convert.FromHexString(text),
                _ => text, // text, variant, object, array, geography: the JSON or text as Snowflake sent it
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
        {
            // Never the value: it may be patient data.
            throw new FormatException($"Snowflake sent a value for column {column.Name} ({column.Type}) that is not in the documented encoding.", ex);
        }
    }

    private static object Integer(string text)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var small))
        {
            return small;
        }

        // NUMBER(38,0) can exceed long (and decimal's 28 digits): fall back in that order.
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var large)
            ? large
            : BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static double Double(string text) => text.ToUpperInvariant() switch
    {
        "INF" or "INFINITY" or "+INF" => double.PositiveInfinity,
        "-INF" or "-INFINITY" => double.NegativeInfinity,
        "NAN" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static bool Boolean(string text) => text.ToUpperInvariant() switch
    {
        "TRUE" or "1" => true,
        "FALSE" or "0" => false,
        _ => throw new FormatException("not a boolean"),
    };

    /// <summary>Seconds since the epoch with up to 9 fraction digits; .NET keeps 100 ns, the rest is truncated.</summary>
    private static DateTime FromEpochSeconds(string text) => new(DateTime.UnixEpoch.Ticks + SecondsToTicks(text), DateTimeKind.Utc);

    private static long SecondsToTicks(string text) =>
        (long)decimal.Truncate(decimal.Parse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * TimeSpan.TicksPerSecond);

    /// <summary>TIMESTAMP_TZ: "seconds.fraction offset", the offset in minutes plus 1440 (so always positive).</summary>
    private static DateTimeOffset TimestampTz(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return new DateTimeOffset(FromEpochSeconds(text), TimeSpan.Zero);
        }

        var offset = TimeSpan.FromMinutes(int.Parse(text.AsSpan(space + 1), NumberStyles.None, CultureInfo.InvariantCulture) - 1440);
        return new DateTimeOffset(FromEpochSeconds(text[..space]), TimeSpan.Zero).ToOffset(offset);
    }
}
