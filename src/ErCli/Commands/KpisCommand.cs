using System.CommandLine;
using ErPipeline.Access;
using ErPipeline.Kpis;
using ErPipeline.Warehouse;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;

namespace ErCli.Commands;

/// <summary><c>er kpis [--section S] [filters] [--format json|csv] [--role R]</c>: the KPI feed on stdout, no server.</summary>
internal static class KpisCommand
{
    public static Command Create(GlobalFlags global)
    {
        var section = new Option<string?>("--section") { Description = $"One section: {string.Join(", ", KpiCatalog.Sections.Select(s => s.Name))} (default: the whole document)" };
        var from = new Option<string?>("--from") { Description = "Arrivals on or after this date (yyyy-MM-dd)" };
        var to = new Option<string?>("--to") { Description = "Arrivals before this date (yyyy-MM-dd): [from, to)" };
        var department = new Option<string[]>("--department") { Description = "Only this department (repeatable)", AllowMultipleArgumentsPerToken = false };
        var triage = new Option<string?>("--triage") { Description = "Only these triage levels, comma-separated (1,2)" };
        var format = new Option<string?>("--format") { Description = "json (default) or csv (with --section)" };
        var role = new Option<string>("--role") { Description = "Answer as admin (default) or analyst (suppressed)", DefaultValueFactory = _ => "admin" };
        var command = new Command("kpis", "Print the KPI feed (docs/kpi-feed.md) without a server") { section, from, to, department, triage, format, role };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var query = new List<KeyValuePair<string, StringValues>>();
            Add(query, "from", parse.GetValue(from));
            Add(query, "to", parse.GetValue(to));
            foreach (var each in parse.GetValue(department) ?? [])
            {
                Add(query, "department", each);
            }

            Add(query, "triage", parse.GetValue(triage));
            Add(query, "format", parse.GetValue(format));

            KpiSection? chosen = null;
            var sectionName = parse.GetValue(section);
            if (sectionName is not null && (chosen = KpiCatalog.Find(sectionName)) is null)
            {
                return await UsageAsync($"--section '{sectionName}' is not a section: {string.Join(", ", KpiCatalog.Sections.Select(s => s.Name))}.").ConfigureAwait(false);
            }

            if (!Roles.TryParse(parse.GetValue(role), out var asRole) || !Roles.MayRead(asRole, FeedEndpoint.Kpis))
            {
                return await UsageAsync($"--role '{parse.GetValue(role)}' cannot read the feed: use admin or analyst.").ConfigureAwait(false);
            }

            FeedRequest request;
            try
            {
                request = FeedRequest.ForKpis(query);
                if (chosen is null && request.Format == FeedFormat.Csv)
                {
                    throw new FeedRequestException("format", "--format csv needs --section.");
                }
            }
            catch (FeedRequestException ex)
            {
                return await UsageAsync(ex.Message.StartsWith(ex.Parameter + " ", StringComparison.Ordinal) ? "--" + ex.Message : ex.Message).ConfigureAwait(false);
            }

            using var host = ErHost.Build(global.Read(parse));
            await host.Services.GetRequiredService<IWarehouse>().MigrateAsync(cancellationToken).ConfigureAwait(false);
            var answer = await host.Services.GetRequiredService<KpiFeed>().AnswerAsync(chosen, request, asRole, cancellationToken).ConfigureAwait(false);
            await using var stdout = Console.OpenStandardOutput();
            await stdout.WriteAsync(answer.Body, cancellationToken).ConfigureAwait(false);
            if (answer.ContentType == KpiFeed.JsonType)
            {
                stdout.WriteByte((byte)'\n');
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Add(List<KeyValuePair<string, StringValues>> query, string name, string? value)
    {
        if (value is not null)
        {
            query.Add(new(name, value));
        }
    }

    private static async Task<int> UsageAsync(string message)
    {
        await Console.Error.WriteLineAsync($"er kpis: {message}").ConfigureAwait(false);
        return ExitCodes.Usage;
    }
}
