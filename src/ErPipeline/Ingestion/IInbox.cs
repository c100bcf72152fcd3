namespace ErPipeline.Ingestion;

/// <summary>A place files arrive in: a local folder, or a blob container. Yields what is there, then what comes.</summary>
public interface IInbox
{
    /// <summary>Human-readable location, for messages.</summary>
    string Location { get; }

    /// <summary>Files present now, then new or changed files as they become complete, until cancelled.</summary>
    IAsyncEnumerable<UploadSource> WatchAsync(CancellationToken cancellationToken);
}
