using ErPipeline.Kpis;

namespace ErPipeline.Tests.Kpis;

public sealed class KpiSectionTests : KpiTest
{
    [Fact]
    public async Task Summary_SmallEd_MatchesTheHandComputedFigures()
    {
        await LoadSmallEdAsync();

        var summary = Row(await SectionAsync(KpiCatalog.Summary), 0);

        Assert.Equal(11L, summary["totalVisits"]);
        Assert.Equal(5L, summary["distinctPatients"]);
        Assert.Equal(5L, summary["patients"]);
        Assert.Equal(486.0 / 11, (double)summary["avgWaitMinutes"]!, Precision);    // sum of waits 486
        Assert.Equal(30.0, (double)summary["medianWaitMinutes"]!, Precision);       // sorted 0 5 10 20 25 [30] 45 60 61 100 130
        Assert.Equal(100.0, (double)summary["p90WaitMinutes"]!, Precision);         // position 0.9 × 10 = 9 → 100
        Assert.Equal(130L, summary["maxWaitMinutes"]);
        Assert.Equal(4L, summary["criticalVisits"]);                                 // V01 V02 V07 V08
        Assert.Equal(3L, summary["activeDoctors"]);                                  // D1 D2 D3; V11 has none
        Assert.Equal(600.0 / 11, (double)summary["withinTargetPct"]!, Precision);   // V01 V03 V05 V07 V10 V11 within CTAS targets
        Assert.Equal(false, summary["suppressed"]);
    }

    [Fact]
    public async Task Departments_SmallEd_InterpolatePercentilesLinearly()
    {
        await LoadSmallEdAsync();

        var departments = await SectionAsync(KpiCatalog.Departments);

        Assert.Equal(["Cardiology", "General ER", "Pediatrics", "Trauma"], Enumerable.Range(0, 4).Select(r => departments.Value(r, "department")));
        AssertStatistics(Row(departments, 0), visits: 3, avg: 136.0 / 3, median: 45, p90: 57.8, max: 61, critical: 0);   // 30 45 61: 45 + 0.8 × 16
        AssertStatistics(Row(departments, 1), visits: 2, avg: 77.5, median: 77.5, p90: 119.5, max: 130, critical: 0);   // 25 130: 25 + 0.9 × 105
        AssertStatistics(Row(departments, 2), visits: 2, avg: 80, median: 80, p90: 96, max: 100, critical: 0);
        AssertStatistics(Row(departments, 3), visits: 4, avg: 8.75, median: 7.5, p90: 17, max: 20, critical: 4);          // 0 5 10 20
    }

    [Fact]
    public async Task Triage_SmallEd_ComparesEachLevelWithItsTarget()
    {
        await LoadSmallEdAsync();

        var triage = await SectionAsync(KpiCatalog.Triage);

        Assert.Equal(5, triage.Rows.Count);
        var level3 = Row(triage, 2);                                             // V11 25, V03 30, V04 45; target 30
        Assert.Equal(3L, level3["triageLevel"]);
        Assert.Equal(3L, level3["visits"]);
        Assert.Equal(100.0 / 3, (double)level3["avgWaitMinutes"]!, Precision);
        Assert.Equal(30.0, (double)level3["medianWaitMinutes"]!, Precision);
        Assert.Equal(42.0, (double)level3["p90WaitMinutes"]!, Precision);
        Assert.Equal(30L, level3["targetMinutes"]);
        Assert.Equal(200.0 / 3, (double)level3["withinTargetPct"]!, Precision);
        Assert.Equal([0L, 15L, 30L, 60L, 120L], Enumerable.Range(0, 5).Select(r => triage.Value(r, "targetMinutes")));
        Assert.Equal([50.0, 50.0, 200.0 / 3, 50.0, 50.0], Enumerable.Range(0, 5).Select(r => (double)triage.Value(r, "withinTargetPct")!));
    }

    [Fact]
    public async Task Triage_ConfiguredTargets_ReplaceTheCtasDefaults()
    {
        await LoadSmallEdAsync();
        Options.TriageTargetMinutes["1"] = 5;

        var level1 = Row(await SectionAsync(KpiCatalog.Triage), 0);              // V01 0, V08 5: both within 5 minutes

        Assert.Equal(5L, level1["targetMinutes"]);
        Assert.Equal(100.0, (double)level1["withinTargetPct"]!, Precision);
    }

    [Fact]
    public async Task DepartmentTriage_SmallEd_HasOneRowPerPairWithVisits()
    {
        await LoadSmallEdAsync();

        var table = await SectionAsync(KpiCatalog.DepartmentTriage);

        Assert.Equal(
            ["Cardiology 3: 2 × 37.5", "Cardiology 4: 1 × 61", "General ER 3: 1 × 25", "General ER 5: 1 × 130",
             "Pediatrics 4: 1 × 60", "Pediatrics 5: 1 × 100", "Trauma 1: 2 × 2.5", "Trauma 2: 2 × 15"],
            Enumerable.Range(0, table.Rows.Count).Select(r =>
                $"{table.Value(r, "department")} {table.Value(r, "triageLevel")}: {table.Value(r, "visits")} × {table.Value(r, "avgWaitMinutes")}"));
    }

    [Fact]
    public async Task Doctors_TiedWorkloads_ShareADenseRankAndVisitsWithoutDoctorComeLastUnranked()
    {
        await LoadSmallEdAsync();

        var doctors = await SectionAsync(KpiCatalog.Doctors);

        Assert.Equal(
            ["D1 4/4 rank 1", "D2 3/0 rank 2", "D3 3/0 rank 2", "(none) 1/0 rank -"],
            Enumerable.Range(0, doctors.Rows.Count).Select(r =>
                $"{doctors.Value(r, "doctorId") ?? "(none)"} {doctors.Value(r, "visits")}/{doctors.Value(r, "criticalVisits")} rank {doctors.Value(r, "workloadRank") ?? "-"}"));
        Assert.Equal(290.0 / 3, (double)doctors.Value(2, "avgWaitMinutes")!, Precision);   // D3: 60 130 100
    }

    [Fact]
    public async Task Monthly_SmallEd_CountsAndRunsTheTotalInMonthOrder()
    {
        await LoadSmallEdAsync();

        var monthly = await SectionAsync(KpiCatalog.Monthly);

        Assert.Equal(new DateOnly(2025, 1, 1), monthly.Value(0, "month"));
        Assert.Equal([7L, 7L], new[] { monthly.Value(0, "visits"), monthly.Value(0, "cumulativeVisits") });
        Assert.Equal([4L, 11L], new[] { monthly.Value(1, "visits"), monthly.Value(1, "cumulativeVisits") });
        Assert.Equal(290.0 / 7, (double)monthly.Value(0, "avgWaitMinutes")!, Precision);
        Assert.Equal(49.0, (double)monthly.Value(1, "avgWaitMinutes")!, Precision);
    }

    [Fact]
    public async Task BloodGroupsAndGenders_SmallEd_JoinVisitsToPatientsAndShareThePatientDimension()
    {
        await LoadSmallEdAsync();

        var blood = await SectionAsync(KpiCatalog.BloodGroups);
        var genders = await SectionAsync(KpiCatalog.Genders);

        Assert.Equal(["A+ 5", "AB- 2", "B+ 2", "O- 2"], Enumerable.Range(0, blood.Rows.Count).Select(r => $"{blood.Value(r, "bloodGroup")} {blood.Value(r, "visits")}"));
        Assert.Equal(["Female 2 0.4", "Male 2 0.4", "Other 1 0.2"],
            Enumerable.Range(0, genders.Rows.Count).Select(r => $"{genders.Value(r, "gender")} {genders.Value(r, "patients")} {genders.Value(r, "share")}"));
    }

    [Fact]
    public async Task ArrivalsByHour_SmallEd_NumbersWeekdaysFromMonday()
    {
        await LoadSmallEdAsync();

        var hours = await SectionAsync(KpiCatalog.ArrivalsByHour);

        Assert.Equal(
            ["1@8", "1@9", "1@14", "1@23", "2@10", "2@15", "3@10", "4@7", "4@9", "5@12", "6@0"],
            Enumerable.Range(0, hours.Rows.Count).Select(r => $"{hours.Value(r, "weekday")}@{hours.Value(r, "hour")}"));
        Assert.All(Enumerable.Range(0, hours.Rows.Count), r => Assert.Equal(1L, hours.Value(r, "visits")));
    }

    [Fact]
    public async Task RollingWait_SmallEd_AveragesTheDailyAveragesOfTheLastSevenDays()
    {
        await LoadSmallEdAsync();

        var rolling = await SectionAsync(KpiCatalog.RollingWait);
        var trauma = Enumerable.Range(0, rolling.Rows.Count).Where(r => (string?)rolling.Value(r, "department") == "Trauma")
            .Select(r => $"{rolling.Value(r, "date"):yyyy-MM-dd} {rolling.Value(r, "visits7d")} {rolling.Value(r, "avgWaitMinutes7d")}");

        // Jan 6: V01 0 + V02 20 → daily 10. Jan 9: V08 5; the window holds Jan 6 and 9 → (10 + 5) / 2, not (0 + 20 + 5) / 3.
        // Feb 1: V07 10 alone; Jan 26–Feb 1 has no other day.
        Assert.Equal(["2025-01-06 2 10", "2025-01-09 3 7.5", "2025-02-01 1 10"], trauma);
        Assert.Equal(10, rolling.Rows.Count);
    }

    [Fact]
    public async Task Alerts_RecordedAlerts_CountEventsByBandWithTheMedianTimeToEscalation()
    {
        // Three High alerts escalated after 10, 20 and 60 minutes (median 20), one Medium never escalated, one technical.
        var raised = new DateTime(2026, 3, 1, 8, 0, 0);
        var alerts = new (string Id, string? Band, int? EscalatedAfter, int Reminders)[]
        {
            ("A1", "High", 10, 2), ("A2", "High", 20, 2), ("A3", "High", 60, 2), ("A4", "Medium", null, 1), ("A5", null, null, 0),
        };
        foreach (var (id, band, escalatedAfter, reminders) in alerts)
        {
            await Pipeline.QueryAsync(
                "INSERT INTO fact_alert VALUES (?, ?, 'P1', ?, ?, ?, NULL, ?, 'raised', ?)",
                id, band is null ? "technical" : "clinical", band, raised, escalatedAfter is { } m ? raised.AddMinutes(m) : null, reminders, raised);
            var events = new List<string> { "raised" };
            events.AddRange(Enumerable.Repeat("reminder", reminders));
            if (escalatedAfter is not null)
            {
                events.Add("escalated");
            }

            foreach (var (e, i) in events.Select((e, i) => (e, i)))
            {
                await Pipeline.QueryAsync(
                    "INSERT INTO fact_alert_event VALUES (?, ?, ?, ?, 'P1', ?, NULL, 7, ?, ?, ?)",
                    $"{id}-{i}", id, band is null ? "technical" : "clinical", e, band, raised, raised, raised.AddMinutes(i));
            }
        }

        var table = await SectionAsync(KpiCatalog.Alerts);

        Assert.Equal(
            ["High escalated 3 20", "High raised 3 20", "High reminder 6 20", "Medium raised 1 -", "Medium reminder 1 -", "Technical raised 1 -"],
            Enumerable.Range(0, table.Rows.Count).Select(r =>
                $"{table.Value(r, "band")} {table.Value(r, "event")} {table.Value(r, "alerts")} {table.Value(r, "medianMinutesToEscalation") ?? "-"}"));
        var filtered = await SectionAsync(KpiCatalog.Alerts, Filter("from=2026-03-02"));
        Assert.Empty(filtered.Rows);
    }

    [Fact]
    public async Task EverySection_EmptyWarehouse_AnswersWithoutRows()
    {
        foreach (var section in KpiCatalog.Sections.Where(s => !s.IsSingleRow))
        {
            Assert.Empty((await SectionAsync(section)).Rows);
        }

        var summary = Row(await SectionAsync(KpiCatalog.Summary), 0);
        Assert.Equal(0L, summary["totalVisits"]);
        Assert.Null(summary["avgWaitMinutes"]);
        Assert.Null(summary["withinTargetPct"]);
    }

    private static void AssertStatistics(Dictionary<string, object?> row, long visits, double avg, double median, double p90, long max, long critical)
    {
        Assert.Equal(visits, row["visits"]);
        Assert.Equal(avg, (double)row["avgWaitMinutes"]!, Precision);
        Assert.Equal(median, (double)row["medianWaitMinutes"]!, Precision);
        Assert.Equal(p90, (double)row["p90WaitMinutes"]!, Precision);
        Assert.Equal(max, row["maxWaitMinutes"]);
        Assert.Equal(critical, row["criticalVisits"]);
    }
}
