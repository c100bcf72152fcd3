namespace ErPipeline.Ingestion;

/// <summary>Where refused files and refused rows are kept for people to look at: a local folder, or the er-quarantine container.</summary>
public interface IQuarantineStore
{
    /// <summary>Keeps a copy of a file refused whole, with the reason.</summary>
    Task SaveRejectedFileAsync(UploadSource source, string sha256, string reason, CancellationToken cancellationToken);

    /// <summary>Keeps the quarantined rows of a file as CSV (file, line, reason, raw).</summary>
    Task SaveRowsAsync(string fileName, string sha256, Stream rowsCsv, CancellationToken cancellationToken);
}
