using ErPipeline.Ingestion;

namespace ErPipeline.Tests.Ingestion;

public sealed class HeaderMatchTests
{
    [Fact]
    public void Header_InAnyOrderAndCase_IsRecognised()
    {
        var match = HeaderMatch.From([" Department_Routed", "VISIT_ID ", "patient_id", "doctor_id", "arrival_time", "triage_level", "wait_time_minutes"]);

        Assert.Equal(FileKind.Visits, match.Kind);
        Assert.Null(match.Rejection);
        Assert.Equal([1, 2, 3, 4, 5, 6, 0], match.Ordinals);
    }

    [Fact]
    public void Header_WithExtraColumns_IsAcceptedAndReportsThem()
    {
        var match = HeaderMatch.From(["patient_id", "age", "gender", "blood_group", "pre_existing_condition", "ward", "notes"]);

        Assert.Equal(FileKind.Patients, match.Kind);
        Assert.Null(match.Rejection);
        Assert.Equal(["ward", "notes"], match.ExtraColumns);
    }

    [Theory]
    [InlineData("id,name,city", "header is neither patients")]                                                       // unrelated file
    [InlineData("patient_id", "header is neither patients")]                                                         // shared column only
    [InlineData("patient_id,age,gender", "missing required column(s) for patients: blood_group, pre_existing_condition")] // partial patients
    [InlineData("visit_id,patient_id,arrival_time,triage_level,wait_time_minutes,department_routed", "missing required column(s) for visits: doctor_id")] // one visit column short
    [InlineData("visit_id,visit_id,patient_id,doctor_id,arrival_time,triage_level,wait_time_minutes,department_routed", "column 'visit_id' appears more than once")] // duplicate
    public void Header_ThatIsNotAContractHeader_IsRejectedWithTheReason(string header, string expected)
    {
        var match = HeaderMatch.From(header.Split(','));

        Assert.NotNull(match.Rejection);
        Assert.Contains(expected, match.Rejection);
    }
}
