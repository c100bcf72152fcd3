using Azure.Data.Tables;
using ErPipeline.Alerts;
using ErPipeline.Azure.Alerts;
using ErPipeline.Vitals;
using ErTests.Emulators;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ErFunctions.Tests;

/// <summary>Alert state in a real Azurite table: survives a restart, refuses stale versions, finds due reminders.</summary>
public sealed class AlertStateTableTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 1, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly News2Score High = new(8, News2Band.High, false, [new("respirationRate", "26", 3), new("heartRate", "115", 2), new("systolicBp", "95", 3)], [], []);

    private readonly FakeTimeProvider _clock = new(Start);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await new TableServiceClient(azurite.ConnectionString).DeleteTableAsync(TableAlertStateStore.TableName);

    [Fact]
    public async Task State_AfterARestart_CarriesOnAsBefore()
    {
        var before = Engine(NewStore());
        await ProcessAsync(before, 0, High);
        var raised = Assert.Single(await ProcessAsync(before, 1, High));

        var after = Engine(NewStore());   // a new process: new clients, the same table

        Assert.Empty(await ProcessAsync(after, 1, High));                 // the redelivered reading: already processed
        Assert.Empty(await ProcessAsync(after, 2, High));                 // still the same open alert
        _clock.SetUtcNow(Start.AddMinutes(6));
        var reminder = Assert.Single(await after.DueAsync(default));
        Assert.Equal((AlertEvent.Reminder, raised.AlertId, raised.RaisedAt), (reminder.Event, reminder.AlertId, reminder.RaisedAt));
    }

    [Fact]
    public async Task Save_WithAnOutdatedETag_IsRefused()
    {
        var store = NewStore();
        var state = new AlertState { PatientId = "P00002", LastObservedAt = Start };
        Assert.True(await store.TrySaveAsync(state, etag: null, default));
        var read = (await store.GetAsync("P00002", default))!;
        Assert.True(await NewStore().TrySaveAsync(new AlertState { PatientId = "P00002", LastObservedAt = Start.AddMinutes(1) }, read.ETag, default));

        var saved = await store.TrySaveAsync(new AlertState { PatientId = "P00002", LastObservedAt = Start.AddMinutes(2) }, read.ETag, default);

        Assert.False(saved);
        Assert.False(await store.TrySaveAsync(state, etag: null, default));   // a first write when one exists: refused too
        Assert.Equal(Start.AddMinutes(1), (await store.GetAsync("P00002", default))!.State.LastObservedAt);
    }

    [Fact]
    public async Task Due_FindsOnlyPatientsWhoseReminderHasCome()
    {
        var store = NewStore();
        await store.TrySaveAsync(new AlertState { PatientId = "P00003", NextDueAt = Start.AddMinutes(5) }, null, default);
        await store.TrySaveAsync(new AlertState { PatientId = "P00004", NextDueAt = Start.AddMinutes(15) }, null, default);
        await store.TrySaveAsync(new AlertState { PatientId = "P00005" }, null, default);

        Assert.Empty(await store.DueAsync(Start.AddMinutes(4), default));
        Assert.Equal(["P00003"], await store.DueAsync(Start.AddMinutes(5), default));
        Assert.Equal(["P00003", "P00004"], (await store.DueAsync(Start.AddHours(1), default)).Order());
        var acknowledged = (await store.GetAsync("P00003", default))!;
        Assert.True(await store.TrySaveAsync(new AlertState { PatientId = "P00003", NextDueAt = null }, acknowledged.ETag, default));
        Assert.Equal(["P00004"], await store.DueAsync(Start.AddHours(1), default));   // nothing due any more: no longer found
    }

    [Fact]
    public async Task State_OfAPatientIdWithCharactersTableKeysForbid_IsStoredAndFound()
    {
        const string patient = "ward 4/bed #12?%";
        var store = NewStore();

        Assert.True(await store.TrySaveAsync(new AlertState { PatientId = patient, NextDueAt = Start }, null, default));

        Assert.Equal(patient, (await NewStore().GetAsync(patient, default))!.State.PatientId);
        Assert.Contains(patient, await store.DueAsync(Start, default));
        Assert.Equal("ward 4%2Fbed %2312%3F%25", TableAlertStateStore.PartitionKey(patient));
        Assert.Equal("P00001", TableAlertStateStore.PartitionKey("P00001"));
    }

    [Fact]
    public void FunctionsApp_WithStorage_KeepsAlertStateInTheTable()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ErStorage"] = azurite.ConnectionString }).Build();
        using var services = new ServiceCollection().AddLogging().AddErFunctions(configuration).BuildServiceProvider();

        Assert.IsType<TableAlertStateStore>(services.GetRequiredService<IAlertStateStore>());
        Assert.NotNull(services.GetRequiredService<AlertEngine>());
    }

    private TableAlertStateStore NewStore() => new(new TableServiceClient(azurite.ConnectionString));

    private AlertEngine Engine(IAlertStateStore store) =>
        new(store, Options.Create(new AlertOptions()), _clock, NullLogger<AlertEngine>.Instance);

    private async Task<IReadOnlyList<AlertMessage>> ProcessAsync(AlertEngine engine, int minute, News2Score score)
    {
        var observedAt = Start.AddMinutes(minute);
        if (observedAt > _clock.GetUtcNow())
        {
            _clock.SetUtcNow(observedAt);
        }

        return await engine.ProcessAsync(new VitalReading { PatientId = "P00001", DeviceId = "BED-07", ObservedAt = observedAt }, score, default);
    }
}
