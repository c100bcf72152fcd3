namespace ErPipeline.Alerts;

/// <summary>Where alert messages go for the on-call clinician: the storage queue <c>er-alerts</c>, or a JSONL file locally.</summary>
public interface IAlertSink
{
    /// <summary>Sends the messages in order; throws if any could not be sent (the caller retries: delivery is at least once).</summary>
    Task SendAsync(IReadOnlyList<AlertMessage> messages, CancellationToken cancellationToken);

    /// <summary>Where the messages go, for people.</summary>
    string Location { get; }
}

/// <summary>Appends each message as one JSON line to a file (<c>.er/alerts.jsonl</c> by default), flushed per send.</summary>
public sealed class JsonlAlertSink(string path) : IAlertSink, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Location => Path.GetFullPath(path);

    public void Dispose() => _gate.Dispose();

    public async Task SendAsync(IReadOnlyList<AlertMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Location)!);
            await File.AppendAllLinesAsync(Location, messages.Select(AlertsJson.ToLine), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
