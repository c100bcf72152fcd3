using System.CommandLine;
using ErPipeline.Access;

namespace ErCli.Commands;

/// <summary><c>er keys new --role R [--name N]</c>: makes an API key and prints the settings that admit it.</summary>
internal static class KeysCommand
{
    public static Command Create()
    {
        var role = new Option<string>("--role") { Description = "admin, analyst or clinician", Required = true };
        var name = new Option<string>("--name") { Description = "Who holds the key (a settings name: letters, digits, - and _)", DefaultValueFactory = _ => "default" };
        var create = new Command("new", "Make an API key: prints the key once and the settings that store its hash") { role, name };
        create.SetAction(async parse =>
        {
            var roleName = parse.GetValue(role)!;
            var holder = parse.GetValue(name)!;
            if (!Roles.TryParse(roleName, out var parsed))
            {
                await Console.Error.WriteLineAsync($"er keys new: --role '{roleName}' is not a role: use admin, analyst or clinician.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            if (holder.Length == 0 || !holder.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                await Console.Error.WriteLineAsync($"er keys new: --name '{holder}' may hold only letters, digits, - and _.").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var key = ApiKeys.New();
            Console.WriteLine($"API key for {holder} ({Roles.Name(parsed)}), shown once; give it to its holder, keep it out of settings and source control:");
            Console.WriteLine($"  {key}");
            Console.WriteLine("Settings that admit it (environment variables, app settings or local.settings.json):");
            Console.WriteLine($"  Access__Keys__{holder}__Sha256={ApiKeys.Hash(key)}");
            Console.WriteLine($"  Access__Keys__{holder}__Role={Roles.Name(parsed)}");
            return ExitCodes.Ok;
        });
        return new Command("keys", "API keys for the KPI feed") { create };
    }
}
