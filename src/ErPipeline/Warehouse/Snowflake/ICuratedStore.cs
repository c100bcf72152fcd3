namespace ErPipeline.Warehouse.Snowflake;

/// <summary>
/// Where cleaned batches go before Snowflake loads them: the blob container <c>er-curated</c> behind the external
/// stage in Azure, a local folder on one machine (tests and the fake SQL API read it as the stage).
/// </summary>
public interface ICuratedStore
{
    /// <summary>
    /// Stores a file under <paramref name="path"/> (e.g. <c>visits/3fa9….csv.gz</c>). The name is the content's hash,
    /// so a file already there is the same file and is left as it is.
    /// </summary>
    Task PutAsync(string path, Stream content, CancellationToken cancellationToken);
}

/// <summary>Curated files in a local folder (<c>Snowflake__CuratedPath</c>): for the fake SQL API and for trying loads without Azure.</summary>
public sealed class LocalCuratedStore(Microsoft.Extensions.Options.IOptions<SnowflakeOptions> options) : ICuratedStore
{
    /// <summary>The folder, made absolute.</summary>
    public string Root => Path.GetFullPath(options.Value.CuratedPath);

    public async Task PutAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var target = Path.GetFullPath(Path.Combine(Root, path));
        if (!target.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new ArgumentException($"Curated path {path} leaves the folder {Root}.", nameof(path));
        }

        if (File.Exists(target))
        {
            return;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        await using (var file = File.Create(partial))
        {
            await content.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
        }

        File.Move(partial, target, overwrite: true);
    }
}
