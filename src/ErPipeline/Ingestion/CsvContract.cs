namespace ErPipeline.Ingestion;

/// <summary>The two kinds of CSV batch the pipeline accepts, recognised by their header.</summary>
public enum FileKind
{
    Unknown,
    Patients,
    Visits,
}

/// <summary>Column names of the input CSV contract (README, "CSV contract").</summary>
public static class CsvContract
{
    public static readonly IReadOnlyList<string> PatientColumns =
        ["patient_id", "age", "gender", "blood_group", "pre_existing_condition"];

    public static readonly IReadOnlyList<string> VisitColumns =
        ["visit_id", "patient_id", "doctor_id", "arrival_time", "triage_level", "wait_time_minutes", "department_routed"];

    public static IReadOnlyList<string> ColumnsOf(FileKind kind) => kind switch
    {
        FileKind.Patients => PatientColumns,
        FileKind.Visits => VisitColumns,
        _ => [],
    };

    public static string Name(this FileKind kind) => kind switch
    {
        FileKind.Patients => "patients",
        FileKind.Visits => "visits",
        _ => "unknown",
    };
}
