namespace ErPipeline.Ingestion;

/// <summary>Counts values that were kept with a fallback (null, Unknown, as written), reported as load warnings.</summary>
public sealed class CleaningTally
{
    private readonly SortedDictionary<string, long> _counts = new(StringComparer.Ordinal);

    public void Add(string what)
    {
        _counts.TryGetValue(what, out var count);
        _counts[what] = count + 1;
    }

    public IEnumerable<string> ToWarnings() => _counts.Select(kv => $"{kv.Key}: {kv.Value} row(s)");
}

/// <summary>Turns the raw fields of a patients row (contract order) into a clean record or a quarantine reason.</summary>
public static class PatientCleaner
{
    public static PatientRecord? Clean(IReadOnlyList<string?> fields, CleaningTally tally, out string? reason)
    {
        var patientId = CleaningRules.Id(fields[0]);
        if (patientId is null)
        {
            reason = "patient_id: missing";
            return null;
        }

        int? age = null;
        if (CleaningRules.TryWholeNumber(fields[1], 0, 120, out var parsedAge))
        {
            age = parsedAge;
        }
        else if (!string.IsNullOrWhiteSpace(fields[1]))
        {
            tally.Add("age not an integer 0-120, stored as null");
        }

        var gender = CleaningRules.Gender(fields[2]);
        if (gender == CleaningRules.UnknownValue && !string.IsNullOrWhiteSpace(fields[2]))
        {
            tally.Add("gender not recognised, stored as Unknown");
        }

        var bloodGroup = CleaningRules.BloodGroup(fields[3]);
        if (bloodGroup == CleaningRules.UnknownValue && !string.IsNullOrWhiteSpace(fields[3]))
        {
            tally.Add("blood_group not recognised, stored as Unknown");
        }

        reason = null;
        return new PatientRecord(patientId, age, gender, bloodGroup, CleaningRules.OptionalText(fields[4]));
    }
}

/// <summary>Turns the raw fields of a visits row (contract order) into a clean record or a quarantine reason.</summary>
public static class VisitCleaner
{
    public static VisitRecord? Clean(IReadOnlyList<string?> fields, DateTime loadTimeUtc, CleaningTally tally, out string? reason)
    {
        List<string>? problems = null;
        void Problem(string text) => (problems ??= []).Add(text);

        var visitId = CleaningRules.Id(fields[0]);
        if (visitId is null)
        {
            Problem("visit_id: missing");
        }

        var patientId = CleaningRules.Id(fields[1]);
        if (patientId is null)
        {
            Problem("patient_id: missing");
        }

        if (CleaningRules.ArrivalTimeProblem(fields[3], loadTimeUtc, out var arrival) is { } arrivalProblem)
        {
            Problem(arrivalProblem);
        }

        if (!CleaningRules.TryWholeNumber(fields[4], 1, 5, out var triage))
        {
            Problem("triage_level: not an integer 1-5");
        }

        if (!CleaningRules.TryWholeNumber(fields[5], 0, 1440, out var wait))
        {
            Problem("wait_time_minutes: not an integer 0-1440");
        }

        if (problems is not null)
        {
            reason = string.Join("; ", problems);
            return null;
        }

        var department = CleaningRules.Department(fields[6]);
        if (string.IsNullOrWhiteSpace(fields[6]))
        {
            tally.Add("department_routed empty, stored as Unassigned");
        }
        else if (!CleaningRules.Departments.Contains(department))
        {
            tally.Add("department_routed not a known department, kept as written");
        }

        reason = null;
        return new VisitRecord(visitId!, patientId!, CleaningRules.Id(fields[2]), arrival, triage, wait, department);
    }
}
