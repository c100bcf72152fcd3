using System.Globalization;
using System.Text;

namespace ErPipeline.Warehouse.Snowflake;

/// <summary>
/// Puts bound values into a statement's text as Snowflake literals. Only for multi-statement requests, which the SQL
/// API runs without bindings (an explicit transaction needs several statements in one request). Strings escape both
/// the quote and the backslash, which Snowflake treats as an escape character inside '…'.
/// </summary>
public static class SqlLiterals
{
    /// <summary>The statement's text with each <c>?</c> outside strings and comments replaced by its value.</summary>
    public static string Inline(SqlStatement statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var text = statement.Text;
        var result = new StringBuilder(text.Length + (statement.Bindings.Count * 16));
        var next = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                var end = i + 1;
                while (end < text.Length && !(text[end] == '\'' && (end + 1 >= text.Length || text[end + 1] != '\'')))
                {
                    end += text[end] == '\'' ? 2 : 1;
                }

                result.Append(text, i, Math.Min(end + 1, text.Length) - i);
                i = end;
            }
            else if (c == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                var end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                result.Append(text, i, end - i);
                i = end - 1;
            }
            else if (c == '?')
            {
                if (next >= statement.Bindings.Count)
                {
                    throw new ArgumentException($"The statement has more placeholders than its {statement.Bindings.Count} bindings.", nameof(statement));
                }

                result.Append(Literal(statement.Bindings[next++]));
            }
            else
            {
                result.Append(c);
            }
        }

        if (next != statement.Bindings.Count)
        {
            throw new ArgumentException($"The statement has {next} placeholders but {statement.Bindings.Count} bindings.", nameof(statement));
        }

        return result.ToString();
    }

    /// <summary>One value as a literal of its binding type.</summary>
    public static string Literal(SqlBinding binding)
    {
        ArgumentNullException.ThrowIfNull(binding);
        if (binding.Value is null)
        {
            return "NULL";
        }

        return binding.Type switch
        {
            SqlType.Text => Quote(Convert.ToString(binding.Value, CultureInfo.InvariantCulture)!),
            SqlType.Fixed => Convert.ToDecimal(binding.Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
            SqlType.Real => Real(Convert.ToDouble(binding.Value, CultureInfo.InvariantCulture)),
            SqlType.Boolean => (bool)binding.Value ? "TRUE" : "FALSE",
            SqlType.Date => $"CAST('{Date(binding.Value)}' AS DATE)",
            SqlType.TimestampNtz => $"CAST('{Timestamp(binding.Value)}' AS TIMESTAMP_NTZ)",
            _ => throw new ArgumentOutOfRangeException(nameof(binding), binding.Type, "Unknown binding type."),
        };
    }

    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('\'');
        foreach (var c in text)
        {
            _ = c switch
            {
                '\'' => quoted.Append("''"),
                '\\' => quoted.Append(@"\\"),
                // A NUL would end the text early on some paths; nothing the pipeline writes contains one.
                '\0' => throw new ArgumentException("A text value contains a NUL character."),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('\'').ToString();
    }

    private static string Real(double value) =>
        double.IsFinite(value)
            ? value.ToString("R", CultureInfo.InvariantCulture)
            : throw new ArgumentException($"A REAL value must be finite, not {value}.");

    private static string Date(object value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"A DATE value must be a DateOnly or DateTime, not {value.GetType().Name}."),
    };

    private static string Timestamp(object value) => value switch
    {
        DateTime time => time.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTimeOffset time => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"A TIMESTAMP_NTZ value must be a DateTime, not {value.GetType().Name}."),
    };
}
