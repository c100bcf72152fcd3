namespace ErPipeline.Ingestion;

/// <summary>
/// A file to ingest: its name and a way to open it, as often as needed (once to hash, once to read, once more to copy
/// it to quarantine). A local file, a blob, or bytes in a test.
/// </summary>
public sealed record UploadSource(string Name, Func<CancellationToken, Task<Stream>> OpenAsync, long? Length = null)
{
    public static UploadSource FromFile(string path) =>
        new(Path.GetFileName(path), _ => Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true)),
            new FileInfo(path).Length);

    public static UploadSource FromBytes(string name, byte[] content) =>
        new(name, _ => Task.FromResult<Stream>(new MemoryStream(content, writable: false)), content.Length);
}
