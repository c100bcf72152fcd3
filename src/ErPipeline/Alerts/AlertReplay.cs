using ErPipeline.Vitals;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErPipeline.Alerts;

/// <summary>
/// Runs a recorded stream of scored readings through a fresh engine (in-memory state) whose clock follows the
/// readings' <c>observedAt</c>: reminders and escalations fire at the moment they fall due, as the live timer would
/// fire them. Feed readings in the order they were received.
/// </summary>
public sealed class AlertReplay
{
    private readonly ReplayClock _clock = new();
    private readonly InMemoryAlertStateStore _store = new();
    private readonly AlertEngine _engine;

    public AlertReplay(AlertOptions options, ILogger<AlertEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _engine = new AlertEngine(_store, Options.Create(options), _clock, logger ?? NullLogger<AlertEngine>.Instance);
    }

    /// <summary>The messages up to and including this reading: reminders due before it, then the reading's own.</summary>
    public Task<IReadOnlyList<AlertMessage>> ProcessAsync(VitalReading reading, News2Score score, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var observedAt = reading.ObservedAt.ToUniversalTime();
        if (_clock.Now is { } now && observedAt <= now)
        {
            return _engine.ProcessAsync(reading, score, cancellationToken);
        }

        if (!(_store.EarliestDue() <= observedAt))
        {
            // Nothing falls due on the way (most readings): move the clock, and the reading goes straight to the engine.
            _clock.Now = observedAt;
            return _engine.ProcessAsync(reading, score, cancellationToken);
        }

        return RemindThenProcessAsync(reading, score, observedAt, cancellationToken);
    }

    /// <summary>Moves the clock forward to <paramref name="until"/>, sending every reminder and escalation due on the way.</summary>
    public async Task<IReadOnlyList<AlertMessage>> AdvanceToAsync(DateTimeOffset until, CancellationToken cancellationToken)
    {
        List<AlertMessage>? messages = null;   // usually nothing is due
        while (_store.EarliestDue() is { } due && due <= until)
        {
            if (_clock.Now is { } now && due < now)
            {
                due = now;
            }

            _clock.Now = due;
            var sent = await _engine.DueAsync(cancellationToken).ConfigureAwait(false);
            if (sent.Count == 0 && _store.EarliestDue() == due)
            {
                break; // nothing moved: do not spin
            }

            (messages ??= []).AddRange(sent);
        }

        if (_clock.Now is null || until > _clock.Now)
        {
            _clock.Now = until;
        }

        return messages ?? (IReadOnlyList<AlertMessage>)[];
    }

    private async Task<IReadOnlyList<AlertMessage>> RemindThenProcessAsync(VitalReading reading, News2Score score, DateTimeOffset observedAt, CancellationToken cancellationToken)
    {
        var due = await AdvanceToAsync(observedAt, cancellationToken).ConfigureAwait(false);
        var own = await _engine.ProcessAsync(reading, score, cancellationToken).ConfigureAwait(false);
        return due.Count == 0 ? own : [.. due, .. own];
    }

    /// <summary>A clock that stands still until the replay moves it.</summary>
    private sealed class ReplayClock : TimeProvider
    {
        public DateTimeOffset? Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now ?? DateTimeOffset.UnixEpoch;
    }
}
