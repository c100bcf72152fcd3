using System.Text.Json;
using System.Text.RegularExpressions;
using ErPipeline.Kpis;
using ErTests.Support;

namespace ErPipeline.Tests.Kpis;

/// <summary>The feed's field names and types are one contract: the catalog, docs/kpi-feed.md, the Power BI queries and the JSON written.</summary>
public sealed partial class FeedContractTests : KpiTest
{
    public static TheoryData<string> Sections => [.. KpiCatalog.Sections.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Sections))]
    public void Documentation_ListsEachFieldOfTheSectionWithItsType(string name)
    {
        var section = KpiCatalog.Find(name)!;
        var row = File.ReadLines(RepositoryPaths.Of("docs/kpi-feed.md"))
            .SingleOrDefault(l => l.StartsWith($"| `{name}` |", StringComparison.Ordinal) && DocumentedField().IsMatch(l.Split('|')[2]));

        Assert.NotNull(row);
        var documented = DocumentedField().Matches(row.Split('|')[2]).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}");
        Assert.Equal(section.Columns.Select(c => $"{c.Name} {DocType(c.Type)}"), documented);
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public void PowerQuery_TypesEachFieldOfTheSectionAsTheFeedWritesIt(string name)
    {
        var section = KpiCatalog.Find(name)!;
        var query = File.ReadAllLines(RepositoryPaths.Of($"docs/powerbi/{name}.pq"));

        Assert.Equal($"// section: {name}", query[0]);
        var types = query.Select(l => PowerQueryColumns().Match(l)).Single(m => m.Success).Groups[1].Value;
        Assert.Equal(section.FieldNames.Zip(section.Columns.Select(c => MType(c.Type)).Append("nullable logical"), (f, t) => $"{f} = {t}"),
            types.Split(", "));
    }

    [Fact]
    public async Task Document_EveryRowHasTheSectionsFieldsInOrderWithValuesOfTheirType()
    {
        await LoadSmallEdAsync();
        var bytes = KpiWriters.Document(await NewFeed().DocumentAsync(KpiFilter.None, Access.Role.Admin, CancellationToken.None));
        using var json = JsonDocument.Parse(bytes);

        Assert.Equal(["schemaVersion", "generatedAt", "dataWatermark", "role", "filters", "suppression", .. KpiCatalog.Sections.Select(s => s.Name)],
            json.RootElement.EnumerateObject().Select(p => p.Name));
        foreach (var section in KpiCatalog.Sections)
        {
            var value = json.RootElement.GetProperty(section.Name);
            var rows = section.IsSingleRow ? [value] : value.EnumerateArray().ToArray();
            Assert.True(section == KpiCatalog.Alerts || rows.Length > 0, $"{section.Name} has no rows on the small ED");
            foreach (var row in rows)
            {
                Assert.Equal(section.FieldNames, row.EnumerateObject().Select(p => p.Name));
                foreach (var (column, property) in section.Columns.Zip(row.EnumerateObject()))
                {
                    Assert.True(property.Value.ValueKind == JsonValueKind.Null || Fits(property.Value, column.Type),
                        $"{section.Name}.{column.Name} = {property.Value.GetRawText()} is not a {column.Type}");
                }
            }
        }
    }

    private static bool Fits(JsonElement value, KpiType type) => type switch
    {
        KpiType.Text => value.ValueKind == JsonValueKind.String,
        KpiType.WholeNumber => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        KpiType.Number => value.ValueKind == JsonValueKind.Number,
        KpiType.Flag => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        KpiType.Date => value.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", out _),
        KpiType.Month => value.ValueKind == JsonValueKind.String && DateOnly.TryParseExact(value.GetString() + "-01", "yyyy-MM-dd", out _),
        _ => false,
    };

    private static string DocType(KpiType type) => type switch
    {
        KpiType.WholeNumber => "int",
        KpiType.Number => "double",
        KpiType.Flag => "bool",
        _ => type.ToString().ToLowerInvariant(),
    };

    private static string MType(KpiType type) => type switch
    {
        KpiType.WholeNumber => "nullable Int64.Type",
        KpiType.Number => "nullable number",
        KpiType.Flag => "nullable logical",
        _ => "nullable text",
    };

    [GeneratedRegex(@"`(\w+)` (text|int|double|bool|date|month)\b")]
    private static partial Regex DocumentedField();

    [GeneratedRegex(@"^\s*ColumnTypes = type table \[(.*)\],\s*$")]
    private static partial Regex PowerQueryColumns();
}
