using System.CommandLine;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.Snowflake;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ErCli.Commands;

/// <summary>
/// <c>er snowflake check</c>: verifies the Snowflake settings before anything depends on them: the key and its
/// fingerprint, the connection and the session's role, warehouse, database and schema, the schema's migrations,
/// write grants on the tables a load writes (in a transaction rolled back), and the external stage. Changes nothing.
/// </summary>
internal static class SnowflakeCommand
{
    public static Command Create(GlobalFlags global)
    {
        var check = new Command("check", "Check the Snowflake settings (Snowflake__*): key, connection, role, warehouse, grants, stage; changes nothing");
        check.SetAction(async (parse, cancellationToken) =>
        {
            var flags = global.Read(parse) with { Warehouse = "snowflake" };
            using var host = ErHost.Build(flags);
            var services = host.Services;
            var options = services.GetRequiredService<IOptions<SnowflakeOptions>>().Value;
            var report = new CheckReport();

            KeyPairJwt jwt;
            try
            {
                jwt = services.GetRequiredService<KeyPairJwt>();
                report.Pass("key", $"private key read; public key fingerprint {jwt.PublicKeyFingerprint} (compare with RSA_PUBLIC_KEY_FP of DESC USER {options.User})");
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.Security.Cryptography.CryptographicException or IOException)
            {
                report.Fail("key", ex.Message);
                return report.Finish();
            }

            var api = services.GetRequiredService<SnowflakeSqlApi>();
            SnowflakeResult session;
            try
            {
                session = await api.ExecuteAsync(new SqlStatement(SqlScripts.Statement("warehouse/snowflake_session.sql"), []), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is WarehouseUnavailableException or SnowflakeSqlException or HttpRequestException or TimeoutException or InvalidOperationException)
            {
                report.Fail("connection", $"{options.Host} as {options.User}: {ex.Message}");
                return report.Finish();
            }

            var row = session.Rows[0];
            report.Pass("connection", $"{options.Host}: account {row[0]}, user {row[1]}, Snowflake {row[6]}");
            report.Expect("role", row[2], options.Role, "grant the role to the user (GRANT ROLE … TO USER …) or fix Snowflake__Role");
            report.Expect("warehouse", row[3], options.Warehouse, "the role needs USAGE on the warehouse (sql/snowflake/03_security.sql) or fix Snowflake__Warehouse");
            report.Expect("database", row[4], options.Database, "the role needs USAGE on the database or fix Snowflake__Database");
            report.Expect("schema", row[5], options.Schema, "the role needs USAGE on the schema or fix Snowflake__Schema");

            var pending = Migration.All().Select(m => m.Version).ToHashSet();
            try
            {
                var applied = await api.ExecuteAsync(new SqlStatement(SqlScripts.Statement("warehouse/applied_migrations.sql"), []), cancellationToken).ConfigureAwait(false);
                pending.ExceptWith(applied.Rows.Select(r => Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture)));
                report.Pass("schema", pending.Count == 0
                    ? $"all {Migration.All().Count} migrations applied"
                    : $"{pending.Count} migration(s) to apply on first use; the role needs CREATE TABLE on the schema");
            }
            catch (SnowflakeSqlException)
            {
                report.Pass("schema", "not migrated yet: the first load or er command applies the migrations; the role needs CREATE TABLE on the schema");
            }

            if (pending.Count < Migration.All().Count)
            {
                try
                {
                    var probe = SqlTemplate.Get("warehouse/snowflake_write_probe.sql")
                        .Bind(new Dictionary<string, SqlBinding> { ["load_id"] = SqlBinding.Text($"er-check-{Guid.NewGuid():N}") });
                    await api.ExecuteBatchAsync(["BEGIN", SqlLiterals.Inline(probe), "ROLLBACK"], cancellationToken).ConfigureAwait(false);
                    report.Pass("grants", "the role may write load_audit (probe rolled back)");
                }
                catch (SnowflakeSqlException ex)
                {
                    report.Fail("grants", $"writing load_audit failed ({ex.Code}): {ex.Message}; grant INSERT, UPDATE, DELETE on the schema's tables to {options.Role}");
                }
            }

            try
            {
                var files = await api.ExecuteAsync(new SqlStatement(((SnowflakeWarehouse)services.GetRequiredService<IWarehouse>()).StageStatement("stage/list_stage.sql"), []), cancellationToken).ConfigureAwait(false);
                report.Pass("stage", $"@{options.Stage} readable ({files.Rows.Count} files)");
            }
            catch (SnowflakeSqlException ex)
            {
                report.Fail("stage", $"LIST @{options.Stage} failed ({ex.Code}): {ex.Message}; run sql/snowflake/02_stage.sql and grant the storage integration's app Storage Blob Data Reader on er-curated");
            }

            // Loads put their cleaned batches where the stage reads them; a local folder only works for a stage on this machine.
            if (services.GetRequiredService<ICuratedStore>() is LocalCuratedStore local)
            {
                if (api.BaseUri.IsLoopback)
                {
                    report.Pass("curated", $"local folder {local.Root} (a stage on this machine)");
                }
                else
                {
                    report.Fail("curated", $"loads would write their files to the local folder {local.Root}, which Snowflake cannot read: " +
                        "set ErStorage__blobServiceUri to the storage account of the stage (and sign in with az login) or pass --storage");
                }
            }
            else
            {
                report.Pass("curated", "blob container er-curated");
            }

            return report.Finish();
        });

        return new Command("snowflake", "Snowflake warehouse tools (settings Snowflake__*)") { check };
    }

    private sealed class CheckReport
    {
        private int _passed;
        private int _failed;

        public void Pass(string what, string detail)
        {
            _passed++;
            Console.WriteLine($"ok    {what,-10} {detail}");
        }

        public void Fail(string what, string detail)
        {
            _failed++;
            Console.WriteLine($"FAIL  {what,-10} {detail}");
        }

        public void Expect(string what, object? actual, string expected, string hint)
        {
            if (actual is string value && string.Equals(value, expected, StringComparison.OrdinalIgnoreCase))
            {
                Pass(what, value);
            }
            else
            {
                Fail(what, $"session has {actual ?? "none"}, settings say {expected}: {hint}");
            }
        }

        public int Finish()
        {
            Console.WriteLine(_failed == 0 ? $"Snowflake is ready: {_passed} checks passed." : $"{_failed} check(s) failed, {_passed} passed.");
            return _failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
        }
    }
}
