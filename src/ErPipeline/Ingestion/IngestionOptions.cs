using System.ComponentModel.DataAnnotations;

namespace ErPipeline.Ingestion;

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

    /// <summary>Blob container that receives uploads.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Ingestion:UploadsContainer must be a valid blob container name.")]
    public string UploadsContainer { get; set; } = "er-uploads";

    /// <summary>Blob container for refused files and rows.</summary>
    [Required(AllowEmptyStrings = false)]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", ErrorMessage = "Ingestion:QuarantineContainer must be a valid blob container name.")]
    public string QuarantineContainer { get; set; } = "er-quarantine";
}
