using System.Text;
using ErPipeline.Ingestion;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.DuckDb;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;

namespace ErPipeline.Tests;

/// <summary>A real DuckDB file and a real quarantine folder in a fresh temporary directory, per test.</summary>
public sealed class PipelineFixture : IAsyncDisposable
{
    public static readonly DateTimeOffset LoadTime = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private PipelineFixture(string root)
    {
        Root = root;
        Time = new FakeTimeProvider(LoadTime);
        var warehouseOptions = Options.Create(new WarehouseOptions { DuckDbPath = Path.Combine(root, "er.duckdb") });
        var ingestionOptions = Options.Create(new IngestionOptions { QuarantinePath = Path.Combine(root, "quarantine") });
        Warehouse = new DuckDbWarehouse(warehouseOptions, Time, NullLogger<DuckDbWarehouse>.Instance);
        Quarantine = new LocalQuarantineStore(ingestionOptions);
        Ingestion = new IngestionService(Warehouse, Quarantine, Time, Changes, NullLogger<IngestionService>.Instance);
    }

    public string Root { get; }

    public FakeTimeProvider Time { get; }

    public DuckDbWarehouse Warehouse { get; }

    public LocalQuarantineStore Quarantine { get; }

    public IngestionService Ingestion { get; }

    public WarehouseChanges Changes { get; } = new();

    public static async Task<PipelineFixture> CreateAsync()
    {
        var fixture = new PipelineFixture(Directory.CreateTempSubdirectory("er-tests-").FullName);
        await fixture.Warehouse.MigrateAsync(CancellationToken.None);
        return fixture;
    }

    public Task<FileLoadReport> IngestAsync(string name, string csv) =>
        Ingestion.IngestAsync(UploadSource.FromBytes(name, Encoding.UTF8.GetBytes(csv)), null, CancellationToken.None);

    public async Task<long> CountAsync(string sql, params object?[] bindings) =>
        Convert.ToInt64((await Warehouse.QueryAsync(sql, bindings))[0][0]);

    public Task<List<object?[]>> QueryAsync(string sql, params object?[] bindings) => Warehouse.QueryAsync(sql, bindings);

    /// <summary>Everything a user could see in the warehouse, as text, to compare before and after.</summary>
    public async Task<string> SnapshotAsync()
    {
        var text = new StringBuilder();
        foreach (var table in new[] { "dim_patient", "fact_er_visit", "load_audit", "quarantine_row", "stg_patient", "stg_visit" })
        {
            foreach (var row in await QueryAsync($"SELECT * FROM {table} ORDER BY ALL"))
            {
                text.Append(table).Append(':').AppendJoin('|', row.Select(v => v?.ToString() ?? "null")).Append('\n');
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Warehouse.DisposeAsync();
        Directory.Delete(Root, recursive: true);
    }
}

/// <summary>Small CSV builders so each test shows only the rows it is about.</summary>
public static class Csv
{
    public const string PatientHeader = "patient_id,age,gender,blood_group,pre_existing_condition";
    public const string VisitHeader = "visit_id,patient_id,doctor_id,arrival_time,triage_level,wait_time_minutes,department_routed";

    public static string Patients(params string[] rows) => string.Join('\n', [PatientHeader, .. rows]) + "\n";

    public static string Visits(params string[] rows) => string.Join('\n', [VisitHeader, .. rows]) + "\n";

    public static string Visit(string id = "V000001", string patient = "P00001", string doctor = "D001", string arrival = "2025-01-15 09:13:00",
        string triage = "3", string wait = "30", string department = "Trauma") =>
        string.Join(',', id, patient, doctor, arrival, triage, wait, department);
}

/// <summary>A test class with a fresh pipeline (real DuckDB file, quarantine folder) for each test.</summary>
public abstract class PipelineTest : IAsyncLifetime
{
    protected PipelineFixture Pipeline { get; private set; } = null!;

    public async Task InitializeAsync() => Pipeline = await PipelineFixture.CreateAsync();

    public async Task DisposeAsync() => await Pipeline.DisposeAsync();
}
