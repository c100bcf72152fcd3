using System.ComponentModel.DataAnnotations;

namespace ErPipeline.Ingestion;

/// <summary>Blob containers of the pipeline. Fixed names: the blob trigger's path and the Bicep use them too.</summary>
public static class BlobContainers
{
    public const string Uploads = "er-uploads";
    public const string Quarantine = "er-quarantine";
}

/// <summary>Settings of section <c>Ingestion</c> (environment: <c>Ingestion__InboxPath</c>, ...).</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Local inbox folder that <c>er up</c> watches.</summary>
    [Required(AllowEmptyStrings = false)]
    public string InboxPath { get; set; } = Path.Combine(".er", "inbox");

    /// <summary>Local folder for refused files and rows when no blob storage is used.</summary>
    [Required(AllowEmptyStrings = false)]
    public string QuarantinePath { get; set; } = Path.Combine(".er", "quarantine");
}
