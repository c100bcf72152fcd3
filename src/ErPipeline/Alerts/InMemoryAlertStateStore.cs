using System.Collections.Concurrent;
using System.Globalization;

namespace ErPipeline.Alerts;

/// <summary>
/// Alert state in this process only: for <c>er alerts --replay</c>, benchmarks and tests. Keeps copies, not the
/// caller's objects, so every read is a copy, as from a real store. (Copies rather than JSON: a replay spent most of
/// its time writing and parsing the state.)
/// </summary>
public sealed class InMemoryAlertStateStore : IAlertStateStore
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _version;

    public Task<StoredAlertState?> GetAsync(string patientId, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(patientId, out var entry)
            ? new StoredAlertState(entry.State.Copy(), entry.ETag)
            : null);

    public Task<bool> TrySaveAsync(AlertState state, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var next = new Entry(state.Copy(), Interlocked.Increment(ref _version).ToString(CultureInfo.InvariantCulture), state.NextDueAt);
        if (etag is null)
        {
            return Task.FromResult(_entries.TryAdd(state.PatientId, next));
        }

        // Replaces only the version the caller read: the dictionary compares the whole entry, ETag included.
        return Task.FromResult(_entries.TryGetValue(state.PatientId, out var current)
            && current.ETag == etag
            && _entries.TryUpdate(state.PatientId, next, current));
    }

    public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<string>>([.. _entries.Where(e => e.Value.NextDueAt <= now).Select(e => e.Key).Order(StringComparer.Ordinal)]);

    /// <summary>The earliest time any patient's reminder or escalation falls due, or null.</summary>
    public DateTimeOffset? EarliestDue() => _entries.Values.Min(e => e.NextDueAt);

    /// <summary>A stored version; nobody outside holds <see cref="State"/>.</summary>
    private sealed record Entry(AlertState State, string ETag, DateTimeOffset? NextDueAt);
}
