using System.Text;

namespace ErPipeline.Tests.Warehouse;

/// <summary>One statement of a Snowflake worksheet script.</summary>
/// <param name="Number">1-based position of the statement in its file.</param>
/// <param name="Line">The line the statement starts on.</param>
/// <param name="Code">The statement without comments and without its closing semicolon; strings and <c>$$</c> bodies kept.</param>
/// <param name="Skeleton">
/// <see cref="Code"/> with the insides of '...' strings, "..." identifiers and <c>$$</c> bodies blanked out (their
/// delimiters kept), so that keywords, parentheses and names are looked for in SQL only.
/// </param>
/// <param name="ParenthesesBalance">Open minus closed parentheses in <see cref="Skeleton"/>; negative as soon as a ')' has no '('.</param>
internal sealed record WorksheetStatement(int Number, int Line, string Code, string Skeleton, int ParenthesesBalance)
{
    /// <summary>The first word of the statement, upper case.</summary>
    public string Keyword => new(Skeleton.TrimStart().TakeWhile(char.IsLetter).Select(char.ToUpperInvariant).ToArray());

    public override string ToString() => $"statement {Number} (line {Line}): {Code[..Math.Min(Code.Length, 80)].ReplaceLineEndings(" ")}";
}

/// <summary>
/// Splits a Snowflake worksheet script into statements the way a worksheet does: at semicolons outside '...' strings
/// (backslash escapes and doubled quotes), "quoted identifiers" (doubled quotes), <c>$$ ... $$</c> bodies, <c>--</c>
/// line comments and <c>/* */</c> block comments. Not a parser: it only finds where statements end.
/// </summary>
internal static class SnowflakeWorksheet
{
    /// <summary>The statements of a script; throws <see cref="FormatException"/> for an unterminated string, identifier, body or comment.</summary>
    public static IReadOnlyList<WorksheetStatement> Split(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var text = script.ReplaceLineEndings("\n");
        var statements = new List<WorksheetStatement>();
        var code = new StringBuilder();
        var skeleton = new StringBuilder();
        var balance = 0;
        var line = 1;
        var startLine = 0;
        var i = 0;

        void Keep(char c, bool inSkeleton)
        {
            if (startLine == 0 && !char.IsWhiteSpace(c))
            {
                startLine = line;
            }

            code.Append(c);
            skeleton.Append(inSkeleton || c == '\n' ? c : ' ');
        }

        while (i < text.Length)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            if (c == '-' && next == '-')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            if (c == '/' && next == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FormatException($"Line {line}: a /* comment is never closed.");
                }

                line += text.AsSpan(i, end + 2 - i).Count('\n');
                Keep(' ', true);
                i = end + 2;
                continue;
            }

            if (c == '$' && next == '$')
            {
                var end = text.IndexOf("$$", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw new FormatException($"Line {line}: a $$ body is never closed.");
                }

                Keep('$', true);
                Keep('$', true);
                foreach (var bodyChar in text.AsSpan(i + 2, end - i - 2))
                {
                    Keep(bodyChar, false);
                    line += bodyChar == '\n' ? 1 : 0;
                }

                Keep('$', true);
                Keep('$', true);
                i = end + 2;
                continue;
            }

            if (c is '\'' or '"')
            {
                var opened = line;
                Keep(c, true);
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException($"Line {opened}: a {(c == '\'' ? "string" : "quoted identifier")} is never closed.");
                    }

                    var s = text[i];
                    if (c == '\'' && s == '\\' && i + 1 < text.Length)
                    {
                        Keep(s, false);
                        Keep(text[i + 1], false);
                        line += text[i + 1] == '\n' ? 1 : 0;
                        i += 2;
                        continue;
                    }

                    if (s == c && i + 1 < text.Length && text[i + 1] == c)
                    {
                        Keep(s, false);
                        Keep(s, false);
                        i += 2;
                        continue;
                    }

                    if (s == c)
                    {
                        Keep(s, true);
                        i++;
                        break;
                    }

                    Keep(s, false);
                    line += s == '\n' ? 1 : 0;
                    i++;
                }

                continue;
            }

            if (c == ';')
            {
                Emit();
                i++;
                continue;
            }

            if (c == '(')
            {
                balance++;
            }
            else if (c == ')')
            {
                balance = balance <= 0 ? int.MinValue / 2 : balance - 1;
            }

            Keep(c, true);
            line += c == '\n' ? 1 : 0;
            i++;
        }

        Emit();
        return statements;

        void Emit()
        {
            if (code.ToString().Trim().Length > 0)
            {
                statements.Add(new WorksheetStatement(statements.Count + 1, startLine, code.ToString().Trim(), skeleton.ToString().Trim(), balance));
            }

            code.Clear();
            skeleton.Clear();
            balance = 0;
            startLine = 0;
        }
    }
}
