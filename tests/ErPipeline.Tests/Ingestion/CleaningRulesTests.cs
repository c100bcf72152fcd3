using ErPipeline.Ingestion;

namespace ErPipeline.Tests.Ingestion;

public sealed class CleaningRulesTests
{
    private static readonly DateTime LoadTime = new(2026, 3, 1, 12, 0, 0);

    [Theory]
    [InlineData("48", 48)]
    [InlineData(" 48 ", 48)]     // padded
    [InlineData("48.0", 48)]     // integral decimal, as spreadsheets export it
    [InlineData("0", 0)]         // lower edge
    [InlineData("120", 120)]     // upper edge
    public void Age_WholeNumbersInRange_AreKept(string raw, int expected)
    {
        Assert.True(CleaningRules.TryWholeNumber(raw, 0, 120, out var age));
        Assert.Equal(expected, age);
    }

    [Theory]
    [InlineData("121")]     // above the range
    [InlineData("-1")]      // below the range
    [InlineData("48.5")]    // not a whole number
    [InlineData("forty")]   // not a number
    [InlineData("4 8")]     // inner space
    [InlineData("1e2")]     // exponent notation is not accepted
    [InlineData("")]        // empty
    public void Age_OutsideTheRule_IsStoredAsNull(string raw)
    {
        var patient = PatientCleaner.Clean(["P00001", raw, "Male", "A+", ""], new CleaningTally(), out var reason);

        Assert.Null(reason);
        Assert.NotNull(patient);
        Assert.Null(patient.Age);
    }

    [Theory]
    [InlineData("male", "Male")]
    [InlineData("M", "Male")]
    [InlineData(" Female ", "Female")]
    [InlineData("f", "Female")]
    [InlineData("other", "Other")]
    [InlineData("O", "Other")]
    [InlineData("Non-Binary", "Other")]
    [InlineData("x", "Other")]
    [InlineData("unknown", "Unknown")]  // not one of the accepted spellings
    [InlineData("", "Unknown")]         // empty
    [InlineData("man", "Unknown")]      // close but not listed
    public void Gender_IsMappedCaseInsensitively(string raw, string expected) =>
        Assert.Equal(expected, CleaningRules.Gender(raw));

    [Theory]
    [InlineData("A+", "A+")]
    [InlineData("ab-", "AB-")]
    [InlineData(" o + ", "O+")]
    [InlineData("A B +", "AB+")]
    [InlineData("O pos", "O+")]
    [InlineData("B positive", "B+")]
    [InlineData("AB NEG", "AB-")]
    [InlineData("a negative", "A-")]
    [InlineData("C+", "Unknown")]     // no such group
    [InlineData("A", "Unknown")]      // Rh factor missing
    [InlineData("pos", "Unknown")]    // suffix alone
    [InlineData("", "Unknown")]       // empty
    public void BloodGroup_IsNormalised(string raw, string expected) =>
        Assert.Equal(expected, CleaningRules.BloodGroup(raw));

    [Theory]
    [InlineData("trauma", "Trauma")]
    [InlineData("  GENERAL   er ", "General ER")]
    [InlineData("Pediatrics", "Pediatrics")]
    [InlineData("cardiology", "Cardiology")]
    [InlineData("ORTHOPEDICS", "Orthopedics")]
    [InlineData(" Urgent   Care ", "Urgent Care")]  // unknown name kept, spaces collapsed
    [InlineData("", "Unassigned")]                    // empty
    [InlineData("   ", "Unassigned")]                 // blank
    public void Department_IsCanonicalisedOrKeptAsWritten(string raw, string expected) =>
        Assert.Equal(expected, CleaningRules.Department(raw));

    [Theory]
    [InlineData("2025-01-15 09:13:00")]
    [InlineData("2025-01-15 09:13")]
    [InlineData("2025-01-15T09:13:00")]
    [InlineData("2025-01-15T09:13:00.5")]
    [InlineData("2025-01-15T09:13:00.1234567")]
    [InlineData("2000-01-01 00:00:00")]   // earliest allowed
    [InlineData("2026-03-02 12:00:00")]   // exactly one day after the load
    public void ArrivalTime_InTheContractsLayouts_IsAccepted(string raw) =>
        Assert.Null(CleaningRules.ArrivalTimeProblem(raw, LoadTime, out _));

    [Theory]
    [InlineData("15/01/2025 09:13", "arrival_time: not yyyy-MM-dd HH:mm[:ss] or yyyy-MM-ddTHH:mm:ss[.fff]")]  // day first
    [InlineData("2025-01-15", "arrival_time: not yyyy-MM-dd HH:mm[:ss] or yyyy-MM-ddTHH:mm:ss[.fff]")]        // no time
    [InlineData("2025-02-30 10:00:00", "arrival_time: not yyyy-MM-dd HH:mm[:ss] or yyyy-MM-ddTHH:mm:ss[.fff]")]  // no such day
    [InlineData("2025-01-15 09:13:00Z", "arrival_time: not yyyy-MM-dd HH:mm[:ss] or yyyy-MM-ddTHH:mm:ss[.fff]")] // zone suffix
    [InlineData("1999-12-31 23:59:59", "arrival_time: before 2000-01-01")]                                      // too early
    [InlineData("2026-03-02 12:00:01", "arrival_time: more than one day after the load")]                       // just past the limit
    [InlineData("", "arrival_time: missing")]                                                                   // empty
    public void ArrivalTime_OutsideTheRule_IsAProblem(string raw, string expected) =>
        Assert.Equal(expected, CleaningRules.ArrivalTimeProblem(raw, LoadTime, out _));

    [Theory]
    [InlineData("V1", "P1", "2025-01-15 09:13:00", "0", "30", "triage_level: not an integer 1-5")]          // below range
    [InlineData("V1", "P1", "2025-01-15 09:13:00", "6", "30", "triage_level: not an integer 1-5")]          // above range
    [InlineData("V1", "P1", "2025-01-15 09:13:00", "2.5", "30", "triage_level: not an integer 1-5")]        // fraction
    [InlineData("V1", "P1", "2025-01-15 09:13:00", "", "30", "triage_level: not an integer 1-5")]           // empty
    [InlineData("V1", "P1", "2025-01-15 09:13:00", "3", "1441", "wait_time_minutes: not an integer 0-1440")] // over a day
    [InlineData("V1", "P1", "2025-01-15 09:13:00", "3", "-1", "wait_time_minutes: not an integer 0-1440")]   // negative
    [InlineData("V1", "P1", "2025-01-15 09:13:00", "3", "ten", "wait_time_minutes: not an integer 0-1440")]  // text
    [InlineData("", "P1", "2025-01-15 09:13:00", "3", "30", "visit_id: missing")]                           // no visit id
    [InlineData("V1", " ", "2025-01-15 09:13:00", "3", "30", "patient_id: missing")]                         // blank patient id
    [InlineData("", "", "2025-01-15 09:13:00", "9", "30", "visit_id: missing; patient_id: missing; triage_level: not an integer 1-5")] // several at once
    public void Visit_BreakingARule_IsQuarantinedWithTheReason(string visitId, string patientId, string arrival, string triage, string wait, string expected)
    {
        var visit = VisitCleaner.Clean([visitId, patientId, "D001", arrival, triage, wait, "Trauma"], LoadTime, new CleaningTally(), out var reason);

        Assert.Null(visit);
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void Visit_WithMessyButValidValues_IsCleaned()
    {
        var visit = VisitCleaner.Clean([" v000007 ", "p00001", " ", "2025-01-15T09:13:00", "3.0", "0", "  general  ER "], LoadTime, new CleaningTally(), out var reason);

        Assert.Null(reason);
        Assert.Equal(new VisitRecord("V000007", "P00001", null, new DateTime(2025, 1, 15, 9, 13, 0), 3, 0, "General ER"), visit);
    }

    [Fact]
    public void Patient_WithoutId_IsQuarantined()
    {
        var patient = PatientCleaner.Clean(["  ", "40", "F", "O+", "Asthma"], new CleaningTally(), out var reason);

        Assert.Null(patient);
        Assert.Equal("patient_id: missing", reason);
    }

    [Fact]
    public void Patient_ConditionIsTrimmedAndEmptyBecomesNull()
    {
        var tally = new CleaningTally();
        Assert.Equal("Type 2 Diabetes", PatientCleaner.Clean(["p1", "", "", "", "  Type 2 Diabetes "], tally, out _)!.PreExistingCondition);
        Assert.Null(PatientCleaner.Clean(["p1", "", "", "", "   "], tally, out _)!.PreExistingCondition);
    }
}
