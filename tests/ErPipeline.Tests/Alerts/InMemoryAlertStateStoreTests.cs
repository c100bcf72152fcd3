using ErPipeline.Alerts;
using ErPipeline.Vitals;

namespace ErPipeline.Tests.Alerts;

/// <summary>The in-memory store the replay and the benchmark run on: versions, copies and due times as a real store keeps them.</summary>
public sealed class InMemoryAlertStateStoreTests
{
    private static readonly DateTimeOffset Nine = new(2025, 1, 15, 9, 0, 0, TimeSpan.Zero);

    private readonly InMemoryAlertStateStore _store = new();

    [Fact]
    public async Task Due_ASavedLaterDueTime_ReplacesTheEarlierOne()
    {
        await SaveAsync("P1", Nine.AddMinutes(5));
        await SaveAsync("P1", Nine.AddMinutes(10));

        Assert.Equal(Nine.AddMinutes(10), _store.EarliestDue());
        Assert.Empty(await _store.DueAsync(Nine.AddMinutes(9), default));
        Assert.Equal(["P1"], await _store.DueAsync(Nine.AddMinutes(10), default));
    }

    [Fact]
    public async Task Due_ASaveWithoutADueTime_TakesThePatientOffTheList()
    {
        await SaveAsync("P1", Nine.AddMinutes(5));
        await SaveAsync("P1", null);   // acknowledged or cleared

        Assert.Null(_store.EarliestDue());
        Assert.Empty(await _store.DueAsync(Nine.AddHours(1), default));
    }

    [Fact]
    public async Task Due_SeveralPatients_AreListedByIdWhateverTheirDueTimes()
    {
        await SaveAsync("P3", Nine.AddMinutes(1));
        await SaveAsync("P1", Nine.AddMinutes(3));
        await SaveAsync("P2", Nine.AddMinutes(3));   // due at the same time as P1: both kept
        await SaveAsync("P4", Nine.AddMinutes(30));

        Assert.Equal(Nine.AddMinutes(1), _store.EarliestDue());
        Assert.Equal(["P1", "P2", "P3"], await _store.DueAsync(Nine.AddMinutes(3), default));
    }

    [Fact]
    public async Task Save_AStaleVersion_ChangesNeitherTheStateNorItsDueTime()
    {
        await SaveAsync("P1", Nine.AddMinutes(5));
        var read = (await _store.GetAsync("P1", default))!;
        await SaveAsync("P1", Nine.AddMinutes(10));   // another instance saved meanwhile

        var stale = new AlertState { PatientId = "P1", NextDueAt = Nine.AddMinutes(1) };
        Assert.False(await _store.TrySaveAsync(stale, read.ETag, default));
        Assert.False(await _store.TrySaveAsync(stale, null, default));   // "only if there is none yet"

        Assert.Equal(Nine.AddMinutes(10), _store.EarliestDue());
        Assert.Equal(Nine.AddMinutes(10), (await _store.GetAsync("P1", default))!.State.NextDueAt);
    }

    [Fact]
    public async Task Get_ReturnsACopy_SoChangesBeforeASaveStayOutOfTheStore()
    {
        await SaveAsync("P1", Nine.AddMinutes(5));

        var read = (await _store.GetAsync("P1", default))!.State;
        read.NextDueAt = null;
        read.High.AtOrAbove = 7;

        var again = (await _store.GetAsync("P1", default))!.State;
        Assert.Equal(Nine.AddMinutes(5), again.NextDueAt);
        Assert.Equal(0, again.High.AtOrAbove);
    }

    [Fact]
    public async Task Save_KeepsACopy_SoTheCallersObjectCanChangeAfterwards()
    {
        var state = new AlertState { PatientId = "P1", NextDueAt = Nine };
        Assert.True(await _store.TrySaveAsync(state, null, default));

        state.NextDueAt = null;
        state.High.AtOrAbove = 7;

        var stored = (await _store.GetAsync("P1", default))!.State;
        Assert.Equal(Nine, stored.NextDueAt);
        Assert.Equal(0, stored.High.AtOrAbove);
    }

    [Fact]
    public void Copy_OfAStateWithEverythingSet_WritesTheSameJsonAndSharesOnlyClosedAlerts()
    {
        var state = FullState();
        // A property added later must be set here too, so that this test checks that Copy carries it.
        AssertEverySet(state);
        AssertEverySet(state.High);
        AssertEverySet(state.Clinical!);

        var copy = state.Copy();

        Assert.Equal(state.ToJson(), copy.ToJson());
        Assert.NotSame(state.LowMedium, copy.LowMedium);
        Assert.NotSame(state.Medium, copy.Medium);
        Assert.NotSame(state.High, copy.High);
        Assert.NotSame(state.Clinical, copy.Clinical);
        Assert.NotSame(state.Technical, copy.Technical);
        Assert.NotSame(state.Closed, copy.Closed);
        Assert.Same(state.Closed[0], copy.Closed[0]);   // history: shared, nothing changes a closed alert
    }

    private static AlertState FullState()
    {
        var snapshot = new ScoreSnapshot(Nine, 7, News2Band.High, true, [new ParameterScore("heartRate", "135", 3)], ["spo2"], ["temperatureC"]);
        AlertRecord Alert(string id, AlertKind kind) => new()
        {
            AlertId = id,
            Kind = kind,
            Band = News2Band.High,
            PeakBand = News2Band.High,
            RaisedAt = Nine,
            PagedAt = Nine.AddMinutes(1),
            PagedReadingTicks = Nine.UtcTicks,
            LastNotifiedAt = Nine.AddMinutes(2),
            Notifications = 2,
            FirstEscalatedAt = Nine.AddMinutes(3),
            Escalations = 1,
            AcknowledgedAt = Nine.AddMinutes(4),
            AcknowledgedBy = "nurse",
            FirstAcknowledgedAt = Nine.AddMinutes(4),
            ClearedAt = Nine.AddMinutes(5),
            Latest = snapshot,
        };

        return new AlertState
        {
            PatientId = "P1",
            LastObservedAt = Nine,
            LowMedium = new BandRun { AtOrAbove = 1, BelowSince = Nine },
            Medium = new BandRun { AtOrAbove = 2, BelowSince = Nine.AddMinutes(1) },
            High = new BandRun { AtOrAbove = 3, BelowSince = Nine.AddMinutes(2) },
            IncompleteReadings = 4,
            CompleteSince = Nine.AddMinutes(3),
            Clinical = Alert("P1:clinical:1", AlertKind.Clinical),
            Technical = Alert("P1:technical:1", AlertKind.Technical),
            NextDueAt = Nine.AddMinutes(6),
            Closed = [Alert("P1:clinical:0", AlertKind.Clinical)],
        };
    }

    /// <summary>Every property holds something: references and nullable values are not null, numbers and times not zero (enums may be).</summary>
    private static void AssertEverySet(object value)
    {
        foreach (var property in value.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            var held = property.GetValue(value);
            var type = property.PropertyType;
            var unset = held is null
                || (type.IsValueType && !type.IsEnum && Nullable.GetUnderlyingType(type) is null && held.Equals(Activator.CreateInstance(type)));
            Assert.False(unset, $"{value.GetType().Name}.{property.Name} is not set in the sample state.");
        }
    }

    /// <summary>Saves the patient's state with this due time over whatever version is there.</summary>
    private async Task SaveAsync(string patientId, DateTimeOffset? due)
    {
        var stored = await _store.GetAsync(patientId, default);
        var state = stored?.State ?? new AlertState { PatientId = patientId };
        state.NextDueAt = due;
        Assert.True(await _store.TrySaveAsync(state, stored?.ETag, default));
    }
}

