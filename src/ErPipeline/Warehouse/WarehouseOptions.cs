using System.ComponentModel.DataAnnotations;

namespace ErPipeline.Warehouse;

/// <summary>Settings of section <c>Warehouse</c> (environment: <c>Warehouse__DuckDbPath</c>, ...).</summary>
public sealed class WarehouseOptions
{
    public const string Section = "Warehouse";

    /// <summary>Which warehouse: <c>DuckDb</c> (embedded, the default) or <c>Snowflake</c> (settings in section <c>Snowflake</c>).</summary>
    [Required]
    [RegularExpression("^(DuckDb|Snowflake)$", ErrorMessage = "Warehouse:Provider must be DuckDb or Snowflake.")]
    public string Provider { get; set; } = "DuckDb";

    /// <summary>The DuckDB file, relative to the working directory unless rooted.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DuckDbPath { get; set; } = Path.Combine(".er", "er.duckdb");

    /// <summary>DuckDB's memory limit for queries and loads, e.g. <c>512MB</c>; empty leaves DuckDB's default (80% of RAM).</summary>
    [RegularExpression(@"^(\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB))?$", ErrorMessage = "Warehouse:DuckDbMemoryLimit must look like 512MB or 2GB.")]
    public string? DuckDbMemoryLimit { get; set; }
}
