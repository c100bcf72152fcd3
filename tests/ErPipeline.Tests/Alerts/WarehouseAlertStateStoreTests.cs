using ErPipeline.Alerts;
using ErPipeline.Vitals;
using ErPipeline.Warehouse.DuckDb;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErPipeline.Tests.Alerts;

/// <summary>er up's alert state in the DuckDB warehouse: open alerts survive a restart, saves are optimistic.</summary>
public sealed class WarehouseAlertStateStoreTests : PipelineTest
{
    private static News2Score High => new(8, News2Band.High, false, [new("respirationRate", "24", 2), new("heartRate", "115", 2), new("systolicBp", "95", 2), new("temperatureC", "39.5", 2)], [], []);

    /// <summary>Two High readings in a row: persistent, so it pages.</summary>
    private static async Task<IReadOnlyList<AlertMessage>> RaiseAsync(AlertEngine engine)
    {
        await engine.ProcessAsync(Reading(4), High, default);
        return await engine.ProcessAsync(Reading(3), High, default);
    }

    private static VitalReading Reading(int minutesAgo) => new()
    {
        PatientId = "P00001",
        DeviceId = "BED-1",
        ObservedAt = PipelineFixture.LoadTime.AddMinutes(-minutesAgo),
    };

    private AlertEngine Engine(WarehouseAlertStateStore store) =>
        new(store, Options.Create(new AlertOptions()), Pipeline.Time, NullLogger<AlertEngine>.Instance);

    [Fact]
    public async Task OpenAlert_AfterARestartOnTheSameFile_IsStillOpenAndDoesNotPageAgain()
    {
        var raised = await RaiseAsync(Engine(new WarehouseAlertStateStore(Pipeline.Warehouse)));
        await Pipeline.Warehouse.DisposeAsync();

        // A new process: a new warehouse object on the same DuckDB file, a new engine.
        await using var reopened = new DuckDbWarehouse(
            Options.Create(new ErPipeline.Warehouse.WarehouseOptions { DuckDbPath = Path.Combine(Pipeline.Root, "er.duckdb") }),
            Pipeline.Time, NullLogger<DuckDbWarehouse>.Instance);
        var after = await Engine(new WarehouseAlertStateStore(reopened)).ProcessAsync(Reading(2), High, default);

        Assert.Equal(AlertEvent.Raised, Assert.Single(raised).Event);
        Assert.Empty(after);
    }

    [Fact]
    public async Task Save_OfAStaleVersion_IsRefusedAndTheFirstSaveWins()
    {
        var store = new WarehouseAlertStateStore(Pipeline.Warehouse);
        await RaiseAsync(Engine(store));
        var read = (await store.GetAsync("P00001", default))!;

        Assert.True(await store.TrySaveAsync(read.State, read.ETag, default));
        Assert.False(await store.TrySaveAsync(read.State, read.ETag, default));    // another instance saved meanwhile
        Assert.False(await store.TrySaveAsync(read.State, null, default));         // and it is not new either
        Assert.NotEqual(read.ETag, (await store.GetAsync("P00001", default))!.ETag);
    }

    [Fact]
    public async Task Due_ListsThePatientsWhoseReminderHasComeAndNoOthers()
    {
        var store = new WarehouseAlertStateStore(Pipeline.Warehouse);
        await RaiseAsync(Engine(store));
        var due = (await store.GetAsync("P00001", default))!.State.NextDueAt!.Value;

        Assert.Empty(await store.DueAsync(due.AddSeconds(-1), default));
        Assert.Equal(["P00001"], await store.DueAsync(due, default));
    }
}
