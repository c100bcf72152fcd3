using ErPipeline.Access;
using ErPipeline.Kpis;

namespace ErPipeline.Tests.Kpis;

public sealed class SuppressionTests : KpiTest
{
    [Fact]
    public async Task Analyst_SmallCells_AreNulledWithTheirStatisticsAndFlagged()
    {
        await LoadSmallEdAsync();
        Options.MinimumCellCount = 3;

        var departments = await SectionAsync(KpiCatalog.Departments, role: Role.Analyst);

        var cardiology = Row(departments, 0);                 // 3 visits: shown; 0 critical: zero is shown
        Assert.Equal((3L, 0L, false), (cardiology["visits"], cardiology["criticalVisits"], cardiology["suppressed"]));
        Assert.NotNull(cardiology["avgWaitMinutes"]);
        var generalEr = Row(departments, 1);                  // 2 visits: suppressed, with every statistic of the row
        Assert.Equal("General ER", generalEr["department"]);
        Assert.Equal([null, null, null, null, null, 0L, true],
            new[] { generalEr["visits"], generalEr["avgWaitMinutes"], generalEr["medianWaitMinutes"], generalEr["p90WaitMinutes"], generalEr["maxWaitMinutes"], generalEr["criticalVisits"], generalEr["suppressed"] });
        var trauma = Row(departments, 3);                     // 4 visits shown, 4 critical shown
        Assert.Equal((4L, 4L, false), (trauma["visits"], trauma["criticalVisits"], trauma["suppressed"]));
    }

    [Fact]
    public async Task Analyst_DefaultMinimumOfEleven_KeepsALargeTotalButHidesSmallCountsBesideIt()
    {
        await LoadSmallEdAsync();

        var summary = Row(await SectionAsync(KpiCatalog.Summary, role: Role.Analyst), 0);

        Assert.Equal(11L, summary["totalVisits"]);
        Assert.Equal(486.0 / 11, (double)summary["avgWaitMinutes"]!, Precision);
        Assert.Equal([null, null, null, null, true], new[] { summary["distinctPatients"], summary["patients"], summary["criticalVisits"], summary["activeDoctors"], summary["suppressed"] });
    }

    [Fact]
    public async Task Admin_SmallCells_AreShown()
    {
        await LoadSmallEdAsync();

        var departments = await SectionAsync(KpiCatalog.Departments, role: Role.Admin);

        Assert.All(Enumerable.Range(0, departments.Rows.Count), r => Assert.Equal(false, departments.Value(r, "suppressed")));
        Assert.Equal(2L, departments.Value(1, "visits"));
    }
}
