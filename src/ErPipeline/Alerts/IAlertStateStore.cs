namespace ErPipeline.Alerts;

/// <summary>A patient's alert state as stored, with the version (ETag) a save must match.</summary>
public sealed record StoredAlertState(AlertState State, string ETag);

/// <summary>
/// Keeps one <see cref="AlertState"/> per patient with optimistic concurrency, so that several engine instances
/// (scale-out) can share it: a save names the version it read, and fails if another instance saved meanwhile.
/// </summary>
public interface IAlertStateStore
{
    /// <summary>The patient's state and its version, or null if the patient has none yet.</summary>
    Task<StoredAlertState?> GetAsync(string patientId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the state if the stored version is still <paramref name="etag"/> (null: only if there is none yet).
    /// False means another instance saved first: read again and decide again.
    /// </summary>
    Task<bool> TrySaveAsync(AlertState state, string? etag, CancellationToken cancellationToken);

    /// <summary>Patients whose <see cref="AlertState.NextDueAt"/> is at or before <paramref name="now"/>.</summary>
    Task<IReadOnlyList<string>> DueAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
