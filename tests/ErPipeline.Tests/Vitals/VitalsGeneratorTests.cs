using ErPipeline.Vitals;
using ErPipeline.Vitals.Simulation;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErPipeline.Tests.Vitals;

/// <summary>The scheduled generator over a real DuckDB warehouse, publishing to a recording publisher.</summary>
public sealed class VitalsGeneratorTests : PipelineTest
{
    private static readonly SimulationWindow FiveMinutes = new(PipelineFixture.LoadTime.AddMinutes(-5), PipelineFixture.LoadTime);

    private readonly RecordingPublisher _published = new();

    private VitalsGenerator NewGenerator(int patients) => new(
        new RecentPatients(Pipeline.Warehouse),
        _published,
        Options.Create(new VitalsOptions { SimulatedPatients = patients, Seed = 11 }),
        Pipeline.Time,
        NullLogger<VitalsGenerator>.Instance);

    private Task<ErPipeline.Ingestion.FileLoadReport> LoadVisitAsync(string patient) => Pipeline.IngestAsync($"visits-{patient}.csv", Csv.Visits(Csv.Visit("V-" + patient, patient)));

    [Fact]
    public async Task Generate_EmptyWarehouse_PublishesTheWindowForASyntheticWard()
    {
        var result = await NewGenerator(patients: 3).GenerateAsync(FiveMinutes, CancellationToken.None);

        Assert.Equal(new VitalsGeneration(FiveMinutes, 3, 0, 15), result);
        var readings = Assert.Single(_published.Batches);
        Assert.Equal(["SIM-0001", "SIM-0002", "SIM-0003"], readings.Select(r => r.PatientId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(readings, r => Assert.True(FiveMinutes.Contains(r.ObservedAt)));
    }

    [Fact]
    public async Task Generate_RecentVisits_PutsTheirPatientsOnTheWardFirst()
    {
        await LoadVisitAsync("P00001");

        var result = await NewGenerator(patients: 2).GenerateAsync(FiveMinutes, CancellationToken.None);

        Assert.Equal((2, 1), (result.Patients, result.FromWarehouse));
        Assert.Equal(["P00001", "SIM-0001"], _published.Batches.Single().Select(r => r.PatientId).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Generate_TheWard_IsReadAgainOnlyAfterTheRefreshPeriod()
    {
        var generator = NewGenerator(patients: 1);
        await generator.GenerateAsync(FiveMinutes, CancellationToken.None);
        await LoadVisitAsync("P00001");

        var soon = await generator.GenerateAsync(FiveMinutes, CancellationToken.None);
        Pipeline.Time.Advance(VitalsGenerator.WardRefresh);
        var later = await generator.GenerateAsync(FiveMinutes, CancellationToken.None);

        Assert.Equal(0, soon.FromWarehouse);
        Assert.Equal(1, later.FromWarehouse);
        Assert.Equal("P00001", _published.Batches[^1][0].PatientId);
    }

    [Fact]
    public async Task Generate_ConsecutiveWindows_PublishWhatOneLongerWindowWould()
    {
        var whole = await NewGenerator(patients: 4).GenerateAsync(FiveMinutes, CancellationToken.None);
        var generator = NewGenerator(patients: 4);
        var middle = FiveMinutes.From.AddMinutes(2);
        await generator.GenerateAsync(FiveMinutes with { To = middle }, CancellationToken.None);
        await generator.GenerateAsync(FiveMinutes with { From = middle }, CancellationToken.None);

        Assert.Equal(20, whole.Readings);
        Assert.Equal(
            _published.Batches[0].Select(VitalsJson.ToLine),
            _published.Batches[1].Concat(_published.Batches[2]).Select(VitalsJson.ToLine));
    }

    [Fact]
    public async Task Generate_EmptyWindowOrNoPatients_PublishesNothing()
    {
        await NewGenerator(patients: 3).GenerateAsync(FiveMinutes with { From = FiveMinutes.To }, CancellationToken.None);
        var none = await NewGenerator(patients: 0).GenerateAsync(FiveMinutes, CancellationToken.None);

        Assert.Equal(0, none.Readings);
        Assert.Empty(_published.Batches);
    }

    private sealed class RecordingPublisher : IVitalsPublisher
    {
        public List<IReadOnlyList<VitalReading>> Batches { get; } = [];

        public Task PublishAsync(IReadOnlyList<VitalReading> readings, CancellationToken cancellationToken)
        {
            Batches.Add(readings);
            return Task.CompletedTask;
        }
    }
}
