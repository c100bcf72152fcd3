namespace ErPipeline.Ingestion;

/// <summary>What a header row says about a file: its kind, where each contract column sits, and what is wrong with it.</summary>
public sealed class HeaderMatch
{
    private HeaderMatch(FileKind kind, int[] ordinals, int fieldCount, string? rejection, IReadOnlyList<string> extraColumns)
    {
        Kind = kind;
        Ordinals = ordinals;
        FieldCount = fieldCount;
        Rejection = rejection;
        ExtraColumns = extraColumns;
    }

    public FileKind Kind { get; }

    /// <summary>Position in the file of each contract column, in contract order.</summary>
    public IReadOnlyList<int> Ordinals { get; }

    public int FieldCount { get; }

    /// <summary>Why the whole file is refused, or null when it can be read.</summary>
    public string? Rejection { get; }

    public IReadOnlyList<string> ExtraColumns { get; }

    /// <summary>Matches names trimmed and case-insensitively; the kind is the one whose columns the header shares most.</summary>
    public static HeaderMatch From(IReadOnlyList<string> header)
    {
        var names = header.Select(h => h.Trim().TrimStart('\uFEFF').Trim().ToLowerInvariant()).ToArray();

        var duplicate = names.Where(n => n.Length > 0).GroupBy(n => n).FirstOrDefault(g => g.Count() > 1)?.Key;
        var kind = DetectKind(names);
        if (kind == FileKind.Unknown)
        {
            return Rejected(FileKind.Unknown, names.Length,
                $"header is neither patients ({string.Join(", ", CsvContract.PatientColumns)}) " +
                $"nor visits ({string.Join(", ", CsvContract.VisitColumns)}); found: {string.Join(", ", names)}");
        }

        if (duplicate is not null)
        {
            return Rejected(kind, names.Length, $"column '{duplicate}' appears more than once in the header");
        }

        var expected = CsvContract.ColumnsOf(kind);
        var missing = expected.Where(c => !names.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            return Rejected(kind, names.Length, $"missing required column(s) for {kind.Name()}: {string.Join(", ", missing)}");
        }

        var ordinals = expected.Select(c => Array.IndexOf(names, c)).ToArray();
        var extra = names.Where(n => !expected.Contains(n)).Select(n => n.Length == 0 ? "(blank)" : n).ToArray();
        return new HeaderMatch(kind, ordinals, names.Length, null, extra);
    }

    private static HeaderMatch Rejected(FileKind kind, int fieldCount, string reason) =>
        new(kind, [], fieldCount, reason, []);

    private static FileKind DetectKind(string[] names)
    {
        // patient_id belongs to both kinds, so it does not vote.
        var patientVotes = CsvContract.PatientColumns.Count(c => c != "patient_id" && names.Contains(c));
        var visitVotes = CsvContract.VisitColumns.Count(c => c != "patient_id" && names.Contains(c));
        if (patientVotes == visitVotes)
        {
            return FileKind.Unknown;
        }

        return patientVotes > visitVotes ? FileKind.Patients : FileKind.Visits;
    }
}
