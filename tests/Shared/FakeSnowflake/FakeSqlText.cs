namespace ErTests.FakeSnowflake;

/// <summary>
/// Reads SQL text as Snowflake does for a multi-statement request: semicolons and <c>?</c> count only outside
/// '...' strings (backslash escapes, '' is a quote), "identifiers", $$...$$ blocks and comments (--, //, /* */).
/// </summary>
public static class FakeSqlText
{
    /// <summary>The statements of a text, trimmed, without empty or comment-only ones.</summary>
    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var statements = new List<string>();
        var start = 0;
        var meaningful = false;
        Scan(text, i =>
        {
            if (text[i] == ';')
            {
                if (meaningful)
                {
                    statements.Add(text[start..i].Trim());
                }

                start = i + 1;
                meaningful = false;
            }
            else if (!char.IsWhiteSpace(text[i]))
            {
                meaningful = true;
            }
        }, () => meaningful = true);
        if (meaningful)
        {
            statements.Add(text[start..].Trim());
        }

        return statements;
    }

    /// <summary>How many <c>?</c> placeholders a statement has outside strings, identifiers and comments.</summary>
    public static int Placeholders(string statement)
    {
        var count = 0;
        Scan(statement, i => count += statement[i] == '?' ? 1 : 0, () => { });
        return count;
    }

    /// <summary>The statement's first keyword, upper case (INSERT, SELECT, ...).</summary>
    public static string FirstKeyword(string statement)
    {
        var start = -1;
        var end = -1;
        Scan(statement, i =>
        {
            if (end >= 0)
            {
                return;
            }

            if (char.IsAsciiLetter(statement[i]))
            {
                start = start < 0 ? i : start;
            }
            else if (start >= 0)
            {
                end = i;
            }
        }, () => end = end < 0 && start >= 0 ? start : end);
        return start < 0 ? "" : statement[start..(end < 0 ? statement.Length : end)].ToUpperInvariant();
    }

    /// <summary>Calls <paramref name="code"/> for each character outside quoted text and comments, <paramref name="quoted"/> for each quoted part.</summary>
    private static void Scan(string s, Action<int> code, Action quoted)
    {
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == '\'')
            {
                quoted();
                i++;
                while (i < s.Length)
                {
                    if (s[i] == '\\')
                    {
                        i += 2;
                    }
                    else if (s[i] == '\'' && i + 1 < s.Length && s[i + 1] == '\'')
                    {
                        i += 2;
                    }
                    else if (s[i++] == '\'')
                    {
                        break;
                    }
                }
            }
            else if (c == '"')
            {
                quoted();
                i++;
                while (i < s.Length)
                {
                    if (s[i] == '"' && i + 1 < s.Length && s[i + 1] == '"')
                    {
                        i += 2;
                    }
                    else if (s[i++] == '"')
                    {
                        break;
                    }
                }
            }
            else if (c == '$' && next == '$')
            {
                quoted();
                var end = s.IndexOf("$$", i + 2, StringComparison.Ordinal);
                i = end < 0 ? s.Length : end + 2;
            }
            else if ((c == '-' && next == '-') || (c == '/' && next == '/'))
            {
                var end = s.IndexOf('\n', i);
                i = end < 0 ? s.Length : end;
            }
            else if (c == '/' && next == '*')
            {
                var end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? s.Length : end + 2;
            }
            else
            {
                code(i++);
            }
        }
    }
}
