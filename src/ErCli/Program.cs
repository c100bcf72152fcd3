using System.CommandLine;
using ErCli;
using ErCli.Commands;
using ErPipeline.Warehouse;
using Microsoft.Extensions.Options;

if (Console.IsOutputRedirected)
{
    // Spectre assumes 80 columns when it cannot ask a terminal; reports read better wider in logs and files.
    Spectre.Console.AnsiConsole.Profile.Width = 140;
}

var global = new GlobalFlags();
var root = new RootCommand("er: the ED operations pipeline on one machine (DuckDB warehouse, local folders or Azurite; Snowflake with --warehouse snowflake)")
{
    IngestCommand.Create(global),
    GenerateCommand.Create(),
    SimulateCommand.Create(global),
    UpCommand.Create(global),
    KpisCommand.Create(global),
    ServeCommand.Create(global),
    KeysCommand.Create(),
    ScoreCommand.Create(),
    AlertsCommand.Create(global),
    BenchCommand.Create(),
    SnowflakeCommand.Create(global),
};
global.AddTo(root);

try
{
    var parse = root.Parse(args);
    if (parse.Errors.Count > 0 && parse.Action is not System.CommandLine.Help.HelpAction)
    {
        // Bad usage is exit code 2; System.CommandLine's own 1 means "a file was rejected" here.
        foreach (var error in parse.Errors)
        {
            await Console.Error.WriteLineAsync($"er: {error.Message}");
        }

        await Console.Error.WriteLineAsync("Run er --help (or er <command> --help) for the usage.");
        return ExitCodes.Usage;
    }

    // Exceptions come here rather than to System.CommandLine's handler, whose exit code 1 means "a file was rejected".
    // Ctrl+C cancels the command, which then finishes the batch in hand and stops its servers: give it time to, rather than
    // System.CommandLine's default of 2 seconds before it kills the process.
    return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
}
catch (Exception ex) when (ex is WarehouseUnavailableException or OptionsValidationException or ErPipeline.Warehouse.Snowflake.SnowflakeSqlException or TimeoutException)
{
    await Console.Error.WriteLineAsync($"er: {ex.Message}");
    return ExitCodes.Failure;
}
catch (Exception ex)
{
    await Console.Error.WriteLineAsync($"er: failed: {ex}");
    return ExitCodes.Failure;
}
