using System.CommandLine;

namespace ErCli.Commands;

/// <summary>Options every command accepts: where the warehouse is, which storage, how much to log.</summary>
internal sealed class GlobalFlags
{
    public Option<string?> Warehouse { get; } = new("--warehouse")
    {
        Description = "DuckDB warehouse file (default .er/er.duckdb; setting Warehouse__DuckDbPath), or \"snowflake\" for Snowflake with the Snowflake__* settings (Warehouse__Provider)",
        Recursive = true,
    };

    public Option<string?> Storage { get; } = new("--storage")
    {
        Description = "Blob storage connection string, e.g. \"UseDevelopmentStorage=true\" for Azurite (setting ErStorage); default: local folders",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Log what the pipeline does (to stderr)",
        Recursive = true,
    };

    public void AddTo(RootCommand root)
    {
        root.Options.Add(Warehouse);
        root.Options.Add(Storage);
        root.Options.Add(Verbose);
    }

    public HostFlags Read(ParseResult parse) => new(parse.GetValue(Warehouse), parse.GetValue(Storage), parse.GetValue(Verbose));
}

/// <summary>Exit codes of <c>er</c>.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int FileRejected = 1;
    public const int Usage = 2;
    public const int Failure = 3;
}
