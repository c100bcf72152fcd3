using System.Globalization;

namespace ErPipeline.Alerts;

/// <summary>
/// Alert state in this process only: for <c>er alerts --replay</c>, benchmarks and tests. Keeps its own copy of each
/// patient's state (updated in place by a save), never the caller's objects, and every read is a copy, as from a real
/// store. (Copies rather than JSON: a replay spent most of its time writing and parsing the state.)
/// </summary>
public sealed class InMemoryAlertStateStore : IAlertStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    // The patients that have a due time, earliest first: a replay asks for the earliest whenever a reading moves its
    // clock, and a scan of every patient each time (a copy of them all, then the minimum) cost more than the engine.
    private readonly SortedSet<(DateTimeOffset Due, string PatientId)> _due = new(DueOrder.Instance);
    private long _version;

    public Task<StoredAlertState?> GetAsync(string patientId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.TryGetValue(patientId, out var entry)
                ? new StoredAlertState(entry.State.Copy(), entry.ETag)
                : null);
        }
    }

    public Task<bool> TrySaveAsync(AlertState state, string? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            // Replaces only the version the caller read; null: only if there is none yet.
            var exists = _entries.TryGetValue(state.PatientId, out var current);
            if (etag is null ? exists : !exists || current!.ETag != etag)
            {
                return Task.FromResult(false);
            }

            var wasDue = current?.State.NextDueAt;
            var version = (++_version).ToString(CultureInfo.InvariantCulture);
            if (current is null)
            {
                _entries.Add(state.PatientId, new Entry(state.Copy(), version));
            }
            else
            {
                // The store's own copy, updated in place: a new one per save would outlive young collections.
                state.CopyTo(current.State);
                current.ETag = version;
            }

            // Most saves leave the due time as it was (it moves only when an alert pages, reminds or closes).
            if (wasDue != state.NextDueAt)
            {
                if (wasDue is { } was)
                {
                    _due.Remove((was, state.PatientId));
                }

                if (state.NextDueAt is { } due)
                {
                    _due.Add((due, state.PatientId));
                }
            }

            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new List<string>();
        lock (_gate)
        {
            foreach (var (at, patientId) in _due)
            {
                if (at > now)
                {
                    break;
                }

                due.Add(patientId);
            }
        }

        due.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(due);
    }

    /// <summary>The earliest time any patient's reminder or escalation falls due, or null.</summary>
    public DateTimeOffset? EarliestDue()
    {
        lock (_gate)
        {
            return _due.Count == 0 ? null : _due.Min.Due;
        }
    }

    /// <summary>A patient's state as stored (nobody outside holds <see cref="State"/>) and its version.</summary>
    private sealed class Entry(AlertState state, string etag)
    {
        public AlertState State { get; } = state;

        public string ETag { get; set; } = etag;
    }

    /// <summary>By due time, then patient id (ordinal), so that two patients due at once are two entries.</summary>
    private sealed class DueOrder : IComparer<(DateTimeOffset Due, string PatientId)>
    {
        public static readonly DueOrder Instance = new();

        public int Compare((DateTimeOffset Due, string PatientId) x, (DateTimeOffset Due, string PatientId) y)
        {
            var byTime = x.Due.CompareTo(y.Due);
            return byTime != 0 ? byTime : string.CompareOrdinal(x.PatientId, y.PatientId);
        }
    }
}
