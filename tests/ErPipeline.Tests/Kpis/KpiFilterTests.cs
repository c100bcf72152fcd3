using ErPipeline.Kpis;

namespace ErPipeline.Tests.Kpis;

public sealed class KpiFilterTests : KpiTest
{
    [Theory]
    [InlineData("from=2025-02-01", 4)]                        // V07 arrives at 2025-02-01 00:00: included
    [InlineData("to=2025-02-01", 7)]                          // …and excluded: [from, to) is half-open
    [InlineData("from=2025-02-01&to=2025-02-11", 2)]          // V07 V09; V10 on the 11th is out
    [InlineData("department=Trauma&department=Pediatrics", 6)]
    [InlineData("department=general%20er", 2)]                // spelled as the cleaning rules spell it
    [InlineData("triage=1,2", 4)]
    [InlineData("triage=1&triage=2", 4)]
    [InlineData("department=Cardiology&triage=3", 2)]
    [InlineData("department=Nowhere", 0)]
    public async Task Summary_Filtered_CountsOnlyTheSelectedVisits(string query, long expected)
    {
        await LoadSmallEdAsync();

        var summary = await SectionAsync(KpiCatalog.Summary, Filter(query));

        Assert.Equal(expected, summary.Value(0, "totalVisits"));
        Assert.Equal(5L, summary.Value(0, "patients"));           // the dimension ignores filters
    }

    [Fact]
    public async Task EverySection_Filtered_AgreesWithTheSameQueryOnTheFilteredVisitsAlone()
    {
        await LoadSmallEdAsync();
        var filtered = await NewFeed().DocumentAsync(Filter("from=2025-01-07&to=2025-02-11&department=Trauma&department=Cardiology&triage=1,3,4"), Access.Role.Admin, CancellationToken.None);

        // The same ED holding only the visits that filter selects: V03 V04 V08 V09.
        await using var only = await PipelineFixture.CreateAsync();
        await only.IngestAsync("patients.csv", Patients);
        await only.IngestAsync("er_visits.csv", string.Join('\n', Visits.Split('\n').Where(l => l.StartsWith("visit_id", StringComparison.Ordinal) || l.StartsWith("V03", StringComparison.Ordinal) || l.StartsWith("V04", StringComparison.Ordinal) || l.StartsWith("V08", StringComparison.Ordinal) || l.StartsWith("V09", StringComparison.Ordinal))));
        var feed = new KpiFeed(new KpiService(only.Warehouse, Microsoft.Extensions.Options.Options.Create(Options)), Microsoft.Extensions.Options.Options.Create(Options), only.Changes, only.Time);
        var expected = await feed.DocumentAsync(KpiFilter.None, Access.Role.Admin, CancellationToken.None);

        foreach (var (section, index) in KpiCatalog.Sections.Select((s, i) => (s, i)).Where(p => p.s != KpiCatalog.Genders))
        {
            var actual = filtered.Sections[index];
            var wanted = expected.Sections[index];
            Assert.True(wanted.Rows.Count == actual.Rows.Count, $"{section.Name}: {actual.Rows.Count} rows, expected {wanted.Rows.Count}");
            for (var r = 0; r < wanted.Rows.Count; r++)
            {
                Assert.Equal(wanted.Rows[r], actual.Rows[r]);
            }
        }
    }

    [Theory]
    [InlineData("frm=2025-01-01", "frm", "Unknown parameter 'frm'")]
    [InlineData("from=2025-13-01", "from", "from '2025-13-01' is not a date")]
    [InlineData("to=yesterday", "to", "to 'yesterday' is not a date")]
    [InlineData("from=2025-02-01&to=2025-02-01", "to", "must be after from")]
    [InlineData("from=2025-01-01&from=2025-02-01", "from", "from is given 2 times")]
    [InlineData("triage=1,6", "triage", "triage '6' is not a triage level")]
    [InlineData("triage=urgent", "triage", "triage 'urgent'")]
    [InlineData("department=", "department", "department is empty")]
    [InlineData("format=xml", "format", "format 'xml' is not known")]
    public void ForKpis_BadParameter_NamesTheParameterAndTheValue(string query, string parameter, string message)
    {
        var error = Assert.Throws<FeedRequestException>(() => Filter(query));

        Assert.Equal(parameter, error.Parameter);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ForVisits_PagingParameters_AreCheckedAndOnlyAcceptedThere()
    {
        Assert.Equal((2500, "V000123"), Parse("pageSize=2500&after=v000123"));
        Assert.Equal("pageSize", Assert.Throws<FeedRequestException>(() => Parse("pageSize=0")).Parameter);
        Assert.Equal("pageSize", Assert.Throws<FeedRequestException>(() => Parse("pageSize=5001")).Parameter);
        Assert.Equal("pageSize", Assert.Throws<FeedRequestException>(() => Filter("pageSize=10")).Parameter);

        static (int, string?) Parse(string query)
        {
            var request = FeedRequest.ForVisits(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query));
            return (request.PageSize, request.After);
        }
    }

    [Fact]
    public void Filter_SameSelectionWrittenDifferently_HasTheSameKey()
    {
        Assert.Equal(Filter("triage=2,1&department=Trauma&department=Cardiology").Key, Filter("department=Cardiology&triage=1&department=Trauma&triage=2,1").Key);
        Assert.NotEqual(Filter("triage=1").Key, Filter("triage=2").Key);
    }
}
