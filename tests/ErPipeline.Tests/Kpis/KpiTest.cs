using ErPipeline.Access;
using ErPipeline.Kpis;
using Microsoft.Extensions.Options;

namespace ErPipeline.Tests.Kpis;

/// <summary>
/// A small ED, small enough to compute every KPI by hand (the expected values in the tests are worked out in their
/// comments). Monday 2025-01-06 is the first day; patient P00002 is 92; visit V11 has no doctor.
/// </summary>
public abstract class KpiTest : PipelineTest
{
    protected const string Patients =
        """
        patient_id,age,gender,blood_group,pre_existing_condition
        P00001,34,Female,A+,
        P00002,92,Male,O-,Asthma
        P00003,60,Male,A+,Diabetes
        P00004,5,Female,B+,
        P00005,45,Other,AB-,
        """;

    // waits: V01 0, V02 20, V03 30, V04 45, V05 60, V06 130, V07 10, V08 5, V09 61, V10 100, V11 25
    protected const string Visits =
        """
        visit_id,patient_id,doctor_id,arrival_time,triage_level,wait_time_minutes,department_routed
        V01,P00001,D1,2025-01-06 08:00:00,1,0,Trauma
        V02,P00002,D1,2025-01-06 09:30:00,2,20,Trauma
        V03,P00003,D2,2025-01-07 10:00:00,3,30,Cardiology
        V04,P00001,D2,2025-01-08 10:15:00,3,45,Cardiology
        V05,P00004,D3,2025-01-13 23:59:00,4,60,Pediatrics
        V06,P00005,D3,2025-01-31 12:00:00,5,130,General ER
        V07,P00002,D1,2025-02-01 00:00:00,2,10,Trauma
        V08,P00003,D1,2025-01-09 07:00:00,1,5,Trauma
        V09,P00005,D2,2025-02-10 14:00:00,4,61,Cardiology
        V10,P00004,D3,2025-02-11 15:00:00,5,100,Pediatrics
        V11,P00001,,2025-02-20 09:00:00,3,25,General ER
        """;

    protected const double Precision = 1e-9;

    protected KpiOptions Options { get; } = new();

    protected async Task LoadSmallEdAsync()
    {
        await Pipeline.IngestAsync("patients.csv", Patients);
        await Pipeline.IngestAsync("er_visits.csv", Visits);
    }

    protected KpiFeed NewFeed() =>
        new(new KpiService(Pipeline.Warehouse, Microsoft.Extensions.Options.Options.Create(Options)), Microsoft.Extensions.Options.Options.Create(Options), Pipeline.Changes, Pipeline.Time);

    protected Task<KpiTable> SectionAsync(KpiSection section, KpiFilter? filter = null, Role role = Role.Admin) =>
        NewFeed().TableAsync(section, filter ?? KpiFilter.None, role, CancellationToken.None);

    protected static KpiFilter Filter(string query) =>
        FeedRequest.ForKpis(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query)).Filter;

    /// <summary>A row as field → value, for readable assertions.</summary>
    protected static Dictionary<string, object?> Row(KpiTable table, int row) =>
        table.Section.FieldNames.ToDictionary(f => f, f => table.Value(row, f));
}
