using ErPipeline.Warehouse;

namespace ErPipeline.Tests.Warehouse;

public sealed class MigrationTests : PipelineTest
{
    [Fact]
    public async Task Migrate_RecordsEachMigrationOnceWithItsChecksum()
    {
        var again = await Pipeline.Warehouse.MigrateAsync(default);

        Assert.Empty(again);
        var recorded = await Pipeline.QueryAsync("SELECT version, name, checksum FROM schema_migration ORDER BY version");
        Assert.Equal(Migration.All().Select(m => new object?[] { m.Version, m.Name, m.Checksum }), recorded);
    }

    [Fact]
    public async Task Migrate_AfterAnAppliedMigrationWasEdited_RefusesNamingIt()
    {
        await Pipeline.QueryAsync("UPDATE schema_migration SET checksum = 'edited0000000000' WHERE version = 1 RETURNING version");

        var error = await Assert.ThrowsAsync<WarehouseUnavailableException>(() => Pipeline.Warehouse.MigrateAsync(default));

        Assert.Contains("0001_core_schema was changed after it was applied", error.Message);
    }

    [Fact]
    public async Task Migrate_CreatesTheContractTables()
    {
        var tables = (await Pipeline.QueryAsync("SELECT table_name FROM information_schema.tables ORDER BY table_name")).Select(r => (string)r[0]!).ToArray();

        Assert.Superset(new HashSet<string> { "dim_patient", "fact_er_visit", "load_audit", "quarantine_row", "schema_migration" }, tables.ToHashSet());
    }

    [Fact]
    public void SqlScripts_OnlyUseTheSubsetSnowflakeAlsoRuns()
    {
        // DOMAIN.md §6: COALESCE not NVL, CASE not IFF, NULLIF not DIV0, CAST not TO_DATE; no DuckDB-only syntax.
        string[] forbidden = ["NVL(", "IFF(", "DIV0(", "TO_DATE(", "::", "INSERT OR REPLACE", "ON CONFLICT", "CREATE OR REPLACE TABLE"];
        foreach (var folder in new[] { "migrations", "ingest", "warehouse" })
        {
            foreach (var script in SqlScripts.In(folder))
            {
                var sql = SqlScripts.Get(script).ToUpperInvariant();
                Assert.All(forbidden, word => Assert.False(sql.Contains(word, StringComparison.Ordinal), $"sql/{script} uses {word}"));
            }
        }
    }
}
