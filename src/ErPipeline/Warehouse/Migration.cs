using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace ErPipeline.Warehouse;

/// <summary>A versioned schema script from <c>sql/migrations</c>, named <c>NNNN_description.sql</c>.</summary>
public sealed partial record Migration(int Version, string Name, string Sql)
{
    public string Checksum => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql.ReplaceLineEndings("\n"))));

    /// <summary>All migrations shipped with this build, in version order.</summary>
    public static IReadOnlyList<Migration> All() =>
        SqlScripts.In("migrations")
            .Select(path =>
            {
                var file = Path.GetFileNameWithoutExtension(path);
                var match = FileName().Match(file);
                if (!match.Success)
                {
                    throw new InvalidOperationException($"Migration sql/{path} must be named NNNN_description.sql.");
                }

                return new Migration(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), file, SqlScripts.Get(path));
            })
            .OrderBy(m => m.Version)
            .ToArray();

    /// <summary>The script's statements, split on semicolons at line ends (the scripts keep one statement per such run).</summary>
    public IEnumerable<string> Statements() =>
        Sql.ReplaceLineEndings("\n").Split(";\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(s => string.Join('\n', s.Split('\n').Where(l => !l.TrimStart().StartsWith("--", StringComparison.Ordinal))).Trim().TrimEnd(';'))
            .Where(s => s.Length > 0);

    [GeneratedRegex(@"^(\d{4})_[a-z0-9_]+$")]
    private static partial Regex FileName();
}
