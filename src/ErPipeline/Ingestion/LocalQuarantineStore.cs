using Microsoft.Extensions.Options;

namespace ErPipeline.Ingestion;

/// <summary>Quarantine in a local folder: <c>files/</c> for refused files (with a <c>.reason.txt</c>), <c>rows/</c> for refused rows.</summary>
public sealed class LocalQuarantineStore(IOptions<IngestionOptions> options) : IQuarantineStore
{
    public string Root => Path.GetFullPath(options.Value.QuarantinePath);

    public async Task SaveRejectedFileAsync(UploadSource source, string sha256, string reason, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, "files")).FullName;
        var target = Path.Combine(folder, QuarantineNames.RejectedFile(source.Name, sha256));
        await using (var input = await source.OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var output = File.Create(target))
        {
            await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
        }

        await File.WriteAllTextAsync(target + ".reason.txt", reason + Environment.NewLine, cancellationToken).ConfigureAwait(false);
    }

    public async Task SaveRowsAsync(string fileName, string sha256, Stream rowsCsv, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateDirectory(Path.Combine(Root, "rows")).FullName;
        await using var output = File.Create(Path.Combine(folder, QuarantineNames.Rows(fileName, sha256)));
        await rowsCsv.CopyToAsync(output, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Names of quarantine entries, the same in a folder and in the er-quarantine container.</summary>
public static class QuarantineNames
{
    /// <summary>The content hash prefix keeps two different files of the same name apart.</summary>
    public static string RejectedFile(string fileName, string sha256) => $"{sha256[..12]}_{Safe(fileName)}";

    public static string Rows(string fileName, string sha256) => $"{sha256[..12]}_{Path.GetFileNameWithoutExtension(Safe(fileName))}.rows.csv";

    private static string Safe(string fileName)
    {
        var name = Path.GetFileName(fileName.Replace('\\', '/'));
        foreach (var c in Path.GetInvalidFileNameChars())
        {
            name = name.Replace(c, '_');
        }

        return name.Length == 0 ? "unnamed" : name;
    }
}
