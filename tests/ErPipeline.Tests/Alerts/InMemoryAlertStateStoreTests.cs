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
    public async Task Save_OverAnEarlierVersion_StillKeepsNoneOfTheCallersObjects()
    {
        Assert.True(await _store.TrySaveAsync(FullState(), null, default));
        var read = (await _store.GetAsync("P1", default))!;
        var state = read.State;
        state.Clinical!.Notifications = 5;
        Assert.True(await _store.TrySaveAsync(state, read.ETag, default));   // updates the store's own copy in place

        state.Clinical.Notifications = 9;
        state.High.AtOrAbove = 9;

        var stored = (await _store.GetAsync("P1", default))!.State;
        Assert.Equal(5, stored.Clinical!.Notifications);
        Assert.Equal(3, stored.High.AtOrAbove);
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

    [Fact]
    public void CopyTo_TheSameAlertsWithEveryValueChanged_WritesTheSameJsonInTheTargetsOwnObjects()
    {
        var source = FullState();
        var target = FullState(shift: 1);
        var (runs, clinical, technical) = (target.High, target.Clinical, target.Technical);
        // A property added later must differ here too, so that this test checks that CopyTo carries it.
        AssertEveryChangeableDiffers(source, target);
        AssertEveryChangeableDiffers(source.High, target.High);
        AssertEveryChangeableDiffers(source.Clinical!, target.Clinical!);

        source.CopyTo(target);

        Assert.Equal(source.ToJson(), target.ToJson());
        Assert.Same(runs, target.High);
        Assert.Same(clinical, target.Clinical);        // the same alert: updated in place
        Assert.Same(technical, target.Technical);
        Assert.NotSame(source.Clinical, target.Clinical);
    }

    [Fact]
    public void CopyTo_OtherOpenAlerts_ReplacesThemWithCopies()
    {
        var source = FullState();
        var target = new AlertState { PatientId = "P1", Clinical = FullState().Closed[0] };   // another alert, and no technical one

        source.CopyTo(target);

        Assert.Equal(source.ToJson(), target.ToJson());
        Assert.NotSame(source.Clinical, target.Clinical);
        Assert.NotSame(source.Technical, target.Technical);
    }

    /// <summary>A state with every property set; <paramref name="shift"/> changes every value but the alerts' identities.</summary>
    private static AlertState FullState(int shift = 0)
    {
        var at = Nine.AddHours(shift);
        var snapshot = new ScoreSnapshot(at, 7 + shift, News2Band.High - shift, shift == 0, [new ParameterScore("heartRate", "135", 3)], ["spo2"], ["temperatureC"]);
        AlertRecord Alert(string id, AlertKind kind) => new()
        {
            AlertId = id,
            Kind = kind,
            Band = News2Band.High - shift,
            PeakBand = News2Band.High - shift,
            RaisedAt = Nine,
            PagedAt = at.AddMinutes(1),
            PagedReadingTicks = at.UtcTicks,
            LastNotifiedAt = at.AddMinutes(2),
            Notifications = 2 + shift,
            FirstEscalatedAt = at.AddMinutes(3),
            Escalations = 1 + shift,
            AcknowledgedAt = at.AddMinutes(4),
            AcknowledgedBy = shift == 0 ? "nurse" : "doctor",
            FirstAcknowledgedAt = at.AddMinutes(4),
            ClearedAt = at.AddMinutes(5),
            Latest = snapshot,
        };

        return new AlertState
        {
            PatientId = "P1",
            LastObservedAt = at,
            LowMedium = new BandRun { AtOrAbove = 1 + shift, BelowSince = at },
            Medium = new BandRun { AtOrAbove = 2 + shift, BelowSince = at.AddMinutes(1) },
            High = new BandRun { AtOrAbove = 3 + shift, BelowSince = at.AddMinutes(2) },
            IncompleteReadings = 4 + shift,
            CompleteSince = at.AddMinutes(3),
            Clinical = Alert("P1:clinical:1", AlertKind.Clinical),
            Technical = Alert("P1:technical:1", AlertKind.Technical),
            NextDueAt = at.AddMinutes(6),
            Closed = [Alert($"P1:clinical:{-shift}", AlertKind.Clinical)],
        };
    }

    /// <summary>Every property but the identities (patient, alert id, kind, raise time) holds a different value in the two.</summary>
    private static void AssertEveryChangeableDiffers(object source, object target)
    {
        string[] identities = [nameof(AlertState.PatientId), nameof(AlertRecord.AlertId), nameof(AlertRecord.Kind), nameof(AlertRecord.RaisedAt)];
        foreach (var property in source.GetType().GetProperties(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance))
        {
            if (identities.Contains(property.Name))
            {
                continue;
            }

            var (from, to) = (property.GetValue(source), property.GetValue(target));
            var same = from is BandRun or AlertRecord or IList<AlertRecord>
                ? JsonEqual(from, to)
                : Equals(from, to);
            Assert.False(same, $"{source.GetType().Name}.{property.Name} is the same in both sample states.");
        }

        static bool JsonEqual(object? a, object? b) =>
            System.Text.Json.JsonSerializer.Serialize(a) == System.Text.Json.JsonSerializer.Serialize(b);
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

