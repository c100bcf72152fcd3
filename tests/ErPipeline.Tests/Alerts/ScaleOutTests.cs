using ErPipeline.Alerts;

namespace ErPipeline.Tests.Alerts;

/// <summary>Two engine instances sharing one store, as two Functions hosts after a partition moves.</summary>
public sealed class ScaleOutTests : AlertTest
{
    [Fact]
    public async Task Process_TwoEnginesOnTheSameReading_PageOnce()
    {
        var shared = new InterleavingStore(Store);
        var first = NewEngine(shared);
        var second = NewEngine(Store);
        await ProcessAsync(Reading(0), Medium, first);
        // The second instance processes the same (redelivered) reading while the first is between read and save.
        shared.BeforeNextSave = () => ProcessAsync(Reading(1), Medium, second);

        var fromFirst = await ProcessAsync(Reading(1), Medium, first);

        Assert.Empty(fromFirst);
        Assert.Equal(1, shared.Conflicts);
        var raised = Assert.Single(Sent);
        Assert.Equal(AlertEvent.Raised, raised.Event);
    }

    [Fact]
    public async Task Process_AConflict_IsRetriedWithTheOtherInstancesState()
    {
        var shared = new InterleavingStore(Store);
        var first = NewEngine(shared);
        var second = NewEngine(Store);
        await ProcessAsync(Reading(0), Medium, second);
        // Meanwhile the other instance took the next reading; this one holds a later one and must build on both.
        shared.BeforeNextSave = () => ProcessAsync(Reading(1), Low, second);

        var fromFirst = await ProcessAsync(Reading(2), Medium, first);

        Assert.Empty(fromFirst);                                    // Medium, Low, Medium: not two in a row
        Assert.Equal(1, shared.Conflicts);
        Assert.Equal(Start.AddMinutes(2), (await Store.GetAsync(Patient, default))!.State.LastObservedAt);
    }

    [Fact]
    public async Task Due_TwoTimersAtOnce_RemindOnce()
    {
        var shared = new InterleavingStore(Store);
        var first = NewEngine(shared);
        var second = NewEngine(Store);
        await Every(0, 1, High);
        Clock.SetUtcNow(Start.AddMinutes(6));
        IReadOnlyList<AlertMessage> fromSecond = [];
        shared.BeforeNextSave = async () => fromSecond = await second.DueAsync(default);

        var fromFirst = await first.DueAsync(default);

        Assert.Equal(1, fromFirst.Count + fromSecond.Count);
        Assert.Equal(1, shared.Conflicts);
    }

    [Fact]
    public async Task Process_AStoreThatAlwaysConflicts_FailsNamingThePatientAndTheSetting()
    {
        Options.ConcurrencyRetries = 3;
        var engine = NewEngine(new AlwaysConflictingStore());

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => engine.ProcessAsync(Reading(0), Medium, default));

        Assert.Contains(Patient, failure.Message);
        Assert.Contains("Alerts:ConcurrencyRetries", failure.Message);
    }

    /// <summary>Runs a hook between an engine's read and its save, once: another instance acting in that gap.</summary>
    private sealed class InterleavingStore(IAlertStateStore inner) : IAlertStateStore
    {
        public Func<Task>? BeforeNextSave { get; set; }

        public int Conflicts { get; private set; }

        public Task<StoredAlertState?> GetAsync(string patientId, CancellationToken cancellationToken) => inner.GetAsync(patientId, cancellationToken);

        public async Task<bool> TrySaveAsync(AlertState state, string? etag, CancellationToken cancellationToken)
        {
            if (BeforeNextSave is { } hook)
            {
                BeforeNextSave = null;
                await hook();
            }

            var saved = await inner.TrySaveAsync(state, etag, cancellationToken);
            Conflicts += saved ? 0 : 1;
            return saved;
        }

        public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.DueAsync(now, cancellationToken);
    }

    private sealed class AlwaysConflictingStore : IAlertStateStore
    {
        public Task<StoredAlertState?> GetAsync(string patientId, CancellationToken cancellationToken) => Task.FromResult<StoredAlertState?>(null);

        public Task<bool> TrySaveAsync(AlertState state, string? etag, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<string>>([]);
    }
}
