using System.Runtime.CompilerServices;

namespace ErPipeline.Ingestion;

/// <summary>
/// A local folder watched by polling (portable, and not fooled by editors that write in several steps). A file is
/// handed out once its size and time stamp hold still between two looks, so half-copied files wait.
/// </summary>
public sealed class FolderInbox(string path, TimeProvider time, TimeSpan? pollInterval = null) : IInbox
{
    private readonly TimeSpan _interval = pollInterval ?? TimeSpan.FromSeconds(1);

    public string Location => Path.GetFullPath(path);

    public async IAsyncEnumerable<UploadSource> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Location);
        var handedOut = new Dictionary<string, (long Length, DateTime Written)>(StringComparer.Ordinal);
        var lastSeen = new Dictionary<string, (long Length, DateTime Written)>(StringComparer.Ordinal);
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            var ready = new List<UploadSource>();
            foreach (var file in Directory.EnumerateFiles(Location, "*.csv", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(file);
                var state = (info.Length, info.LastWriteTimeUtc);
                if (handedOut.TryGetValue(file, out var done) && done == state)
                {
                    continue;
                }

                // Files already there at start are complete; later ones must hold still for one interval.
                var settled = first || (lastSeen.TryGetValue(file, out var before) && before == state);
                lastSeen[file] = state;
                if (settled)
                {
                    handedOut[file] = state;
                    ready.Add(UploadSource.FromFile(file));
                }
            }

            foreach (var source in await IngestionService.PatientsFirstAsync(ready, cancellationToken).ConfigureAwait(false))
            {
                yield return source;
            }

            first = false;
            try
            {
                await Task.Delay(_interval, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }
}
