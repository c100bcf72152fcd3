namespace ErPipeline.Ingestion;

/// <summary>A cleaned patient row, ready for the warehouse.</summary>
public sealed record PatientRecord(
    string PatientId,
    int? Age,
    string Gender,
    string BloodGroup,
    string? PreExistingCondition);

/// <summary>A cleaned ER visit row, ready for the warehouse. Arrival time is as written (no time zone).</summary>
public sealed record VisitRecord(
    string VisitId,
    string PatientId,
    string? DoctorId,
    DateTime ArrivalTime,
    int TriageLevel,
    int WaitTimeMinutes,
    string Department);

/// <summary>A row that did not reach the warehouse: where it was, what it said, and why it was refused.</summary>
public sealed record QuarantinedRow(long LineNumber, string RawText, string Reason);
