using System.Security.Cryptography;
using System.Text;
using ErPipeline.Ingestion;
using ErPipeline.Kpis;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.Snowflake;
using ErTests.FakeSnowflake;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ErPipeline.Tests.Warehouse.Snowflake;

/// <summary>
/// The Snowflake adapter against the fake SQL API on loopback, whose statements run on a real DuckDB file: real
/// HTTP, a real key pair checked by the server, real gzip CSV in a stage folder. Per test, in a fresh folder.
/// </summary>
public sealed class SnowflakeFixture : IAsyncDisposable
{
    public const string Account = "FAKE-ACCOUNT";
    public const string User = "ER_FUNCTION";

    private readonly RSA _key;
    private readonly HttpClient _http = new();

    private SnowflakeFixture(string root, RSA key, FakeSnowflakeServer server, DuckDbSqlBackend backend)
    {
        Root = root;
        _key = key;
        Server = server;
        Backend = backend;
        Options = new SnowflakeOptions
        {
            Account = Account,
            User = User,
            Host = server.BaseUri.ToString(),
            PrivateKey = key.ExportPkcs8PrivateKeyPem(),
            CuratedPath = StagePath,
            ClientDeadline = TimeSpan.FromMinutes(2),
            StatementTimeout = TimeSpan.FromMinutes(1),
        };
        Jwt = new KeyPairJwt(Options, TimeProvider.System);
        Api = new SnowflakeSqlApi(_http, Microsoft.Extensions.Options.Options.Create(Options), Jwt, TimeProvider.System, NullLogger<SnowflakeSqlApi>.Instance);
        Warehouse = new SnowflakeWarehouse(Api, new LocalCuratedStore(Microsoft.Extensions.Options.Options.Create(Options)),
            Microsoft.Extensions.Options.Options.Create(Options), Time, NullLogger<SnowflakeWarehouse>.Instance);
        Quarantine = new LocalQuarantineStore(Microsoft.Extensions.Options.Options.Create(new IngestionOptions { QuarantinePath = Path.Combine(root, "quarantine") }));
        Ingestion = new IngestionService(Warehouse, Quarantine, Time, Changes, NullLogger<IngestionService>.Instance);
    }

    public string Root { get; }

    public string StagePath => Path.Combine(Root, "stage");

    /// <summary>The same clock as <see cref="PipelineFixture"/>, so both warehouses record the same times.</summary>
    public FakeTimeProvider Time { get; } = new(PipelineFixture.LoadTime);

    public FakeSnowflakeServer Server { get; }

    public DuckDbSqlBackend Backend { get; }

    public SnowflakeOptions Options { get; }

    public KeyPairJwt Jwt { get; }

    public SnowflakeSqlApi Api { get; }

    public SnowflakeWarehouse Warehouse { get; }

    public LocalQuarantineStore Quarantine { get; }

    public IngestionService Ingestion { get; }

    public WarehouseChanges Changes { get; } = new();

    public static async Task<SnowflakeFixture> CreateAsync()
    {
        var root = Directory.CreateTempSubdirectory("er-snowflake-").FullName;
        var key = RSA.Create(2048);
        var backend = new DuckDbSqlBackend(Path.Combine(root, "snowflake.duckdb"), Path.Combine(root, "stage"));
        var server = await FakeSnowflakeServer.StartAsync(backend, key, Account, User);
        return new SnowflakeFixture(root, key, server, backend);
    }

    public Task<FileLoadReport> IngestAsync(string name, string csv) =>
        Ingestion.IngestAsync(UploadSource.FromBytes(name, Encoding.UTF8.GetBytes(csv)), null, CancellationToken.None);

    /// <summary>Reads straight from the DuckDB file behind the fake, around the adapter.</summary>
    public async Task<List<object?[]>> QueryAsync(string sql)
    {
        var result = await Api.ExecuteAsync(new SqlStatement(sql, []), CancellationToken.None);
        return [.. result.Rows];
    }

    /// <summary>The statement texts the adapter sent, one per request (a multi-statement request as one text), from request <paramref name="from"/> on.</summary>
    public List<string> SentStatements(int from = 0) =>
        [.. Server.Requests.Skip(from).Where(r => r.Method == "POST" && r.Path.EndsWith("/statements", StringComparison.Ordinal))
            .Select(r => r.Json()?["statement"]?.GetValue<string>() ?? string.Empty)];

    public async Task<long> CountAsync(string sql) => Convert.ToInt64((await QueryAsync(sql))[0][0], System.Globalization.CultureInfo.InvariantCulture);

    public KpiFeed NewFeed(KpiOptions options) =>
        new(new KpiService(Warehouse, Microsoft.Extensions.Options.Options.Create(options)), Microsoft.Extensions.Options.Options.Create(options), Changes, Time);

    public async ValueTask DisposeAsync()
    {
        await Warehouse.DisposeAsync();
        await Server.DisposeAsync();
        Jwt.Dispose();
        _http.Dispose();
        _key.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
