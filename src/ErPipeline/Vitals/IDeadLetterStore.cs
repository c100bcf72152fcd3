using System.Text.Json;

namespace ErPipeline.Vitals;

/// <summary>
/// Events that could not be processed, kept with the error: Event Hubs checkpoints past a failed event, so what is
/// not kept here is lost. A folder locally, the blob container <c>er-deadletter</c> in Azure.
/// </summary>
public interface IDeadLetterStore
{
    Task SaveAsync(string body, string reason, CancellationToken cancellationToken);
}

/// <summary>Dead letters as files: <c>{time}_{n}.json</c> holding the event body and the error.</summary>
public sealed class LocalDeadLetterStore(string folder, TimeProvider time) : IDeadLetterStore
{
    private long _sequence;

    public string Folder => Path.GetFullPath(folder);

    public async Task SaveAsync(string body, string reason, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var name = $"{time.GetUtcNow():yyyyMMdd'T'HHmmssfff}_{Interlocked.Increment(ref _sequence)}_{Environment.ProcessId}.json";
        await File.WriteAllTextAsync(Path.Combine(Folder, name), DeadLetter.Json(body, reason), cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The dead letter's content: the event as received and why it failed.</summary>
public static class DeadLetter
{
    public static string Json(string body, string reason)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("error", reason);
            json.WriteString("body", body);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
