using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.Snowflake;
using ErTests.FakeSnowflake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ErPipeline.Tests.Warehouse.Snowflake;

/// <summary>The SQL API client against the fake SQL API server on loopback: protocol, faults and value formats.</summary>
public sealed class SnowflakeSqlApiTests(OpensslKeys keys) : IClassFixture<OpensslKeys>, IAsyncLifetime
{
    private static readonly FakeSqlColumn Id = new("ID", "fixed");
    private readonly ScriptedBackend _backend = new();
    private readonly List<IDisposable> _disposables = [];
    private RSA _publicKey = null!;
    private FakeSnowflakeServer _server = null!;

    public async Task InitializeAsync()
    {
        _publicKey = keys.PublicKey();
        _server = await FakeSnowflakeServer.StartAsync(_backend, _publicKey, "MYORG-MYACCOUNT", "ER_LOADER");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _publicKey.Dispose();
        _disposables.ForEach(d => d.Dispose());
    }

    [Fact]
    public async Task Execute_Answered202ThenPolled_ReturnsTheSameResultAsAnImmediateAnswer()
    {
        _backend.Answer = _ => new FakeSqlOutcome([Id, new("NAME", "text")], [[1L, "Ada"], [2L, null]]);
        var api = Client();
        var immediate = await api.ExecuteAsync(new SqlStatement("SELECT id, name FROM t", []), CancellationToken.None);

        _server.PendingPolls = 3;
        var polled = await api.ExecuteAsync(new SqlStatement("SELECT id, name FROM t", []), CancellationToken.None);

        Assert.Equal(immediate.Rows, polled.Rows);
        Assert.Equal(immediate.Columns, polled.Columns);
        var polls = _server.Requests.Where(r => r.Method == "GET" && r.Path == $"/api/v2/statements/{polled.StatementHandle}").ToList();
        Assert.Equal(4, polls.Count); // three answered 202, the fourth 200
        Assert.Equal(2, _server.Executions);
    }

    [Theory]
    [InlineData(true)] // the handler decompresses (as registered)
    [InlineData(false)] // no automatic decompression: the client undoes the gzip itself
    public async Task Execute_SeveralPartitions_FetchesEachGzippedPartitionInOrderOneAtATime(bool handlerDecompresses)
    {
        _backend.Answer = _ => new FakeSqlOutcome([Id], [.. Enumerable.Range(1, 10).Select(i => new object?[] { (long)i })]);
        _server.PartitionRows = 3;

        var result = await Client(decompress: handlerDecompresses).ExecuteAsync(new SqlStatement("SELECT id FROM t ORDER BY id", []), CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 10).Select(i => (object?)(long)i), result.Rows.Select(r => r[0]));
        var partitions = _server.Requests.Where(r => r.QueryValue("partition") is not null).Select(r => r.QueryValue("partition")).ToList();
        Assert.Equal(["1", "2", "3"], partitions);
        Assert.Equal(1, _server.MaxConcurrentRequests);
    }

    [Fact]
    public async Task Execute_SqlError_ThrowsSnowflakeSqlExceptionWithCodeStateAndMessage()
    {
        _backend.Answer = _ => throw new FakeSqlError("002003", "42S02", "SQL compilation error:\nObject 'NOPE' does not exist or not authorized.");

        var error = await Assert.ThrowsAsync<SnowflakeSqlException>(() => Client().ExecuteAsync(new SqlStatement("SELECT * FROM nope", []), CancellationToken.None));

        Assert.Equal("002003", error.Code);
        Assert.Equal("42S02", error.SqlState);
        Assert.Equal("SQL compilation error:\nObject 'NOPE' does not exist or not authorized.", error.Message);
        Assert.False(string.IsNullOrEmpty(error.StatementHandle));
    }

    [Fact]
    public async Task Execute_429Then503_ResendsWithTheSameRequestIdAndRetryTrue_AndRunsOnce()
    {
        _backend.Answer = _ => new FakeSqlOutcome([], [], RowsAffected: 1);
        _server.EnqueueStatus(429);
        _server.EnqueueStatus(503);

        var result = await Client().ExecuteAsync(new SqlStatement("INSERT INTO t VALUES (1)", []), CancellationToken.None);

        var posts = _server.Requests.Where(r => r.Method == "POST").ToList();
        Assert.Equal(3, posts.Count);
        Assert.Single(posts.Select(p => p.QueryValue("requestId")).Distinct());
        Assert.True(Guid.TryParse(posts[0].QueryValue("requestId"), out _));
        Assert.Equal([null, "true", "true"], posts.Select(p => p.QueryValue("retry")));
        Assert.Equal(1, _server.Executions);
        Assert.Equal(1, result.RowsAffected);
    }

    [Fact]
    public async Task Execute_ResentAfterItRan_IsAnsweredFromTheStoredResultNotRunTwice()
    {
        _backend.Answer = _ => new FakeSqlOutcome([], [], RowsAffected: 1);
        using var http = new HttpClient(new DropFirstAnswer(new SocketsHttpHandler()));
        var api = Client(http: http);

        var result = await api.ExecuteAsync(new SqlStatement("INSERT INTO t VALUES (1)", []), CancellationToken.None);

        Assert.Equal(2, _server.Requests.Count(r => r.Method == "POST"));
        Assert.Equal(1, _server.Executions);
        Assert.Equal(1, result.RowsAffected);
    }

    [Fact]
    public async Task Execute_AlwaysBusy_GivesUpAfterMaxRetriesNamingHostAndStatus()
    {
        for (var i = 0; i < 3; i++)
        {
            _server.EnqueueStatus(503);
        }

        var error = await Assert.ThrowsAsync<WarehouseUnavailableException>(() =>
            Client(o => o.MaxRetries = 2).ExecuteAsync(new SqlStatement("SELECT 1", []), CancellationToken.None));

        Assert.Contains("127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("503", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 attempts", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Executions);
    }

    [Fact]
    public async Task Execute_401Once_SignsANewTokenAndSucceeds()
    {
        _backend.Answer = _ => new FakeSqlOutcome([Id], [[7L]]);
        _server.EnqueueStatus(401);

        var result = await Client().ExecuteAsync(new SqlStatement("SELECT 7", []), CancellationToken.None);

        var tokens = _server.Requests.Where(r => r.Method == "POST").Select(r => r.Header("Authorization")).ToList();
        Assert.Equal(2, tokens.Count);
        Assert.NotEqual(tokens[0], tokens[1]);
        Assert.Equal(7L, result.Rows[0][0]);
    }

    [Fact]
    public async Task Execute_401Twice_FailsSayingKeyPairAuthenticationFailedWithTheFingerprint()
    {
        _server.EnqueueStatus(401);
        _server.EnqueueStatus(401);

        var error = await Assert.ThrowsAsync<WarehouseUnavailableException>(() => Client().ExecuteAsync(new SqlStatement("SELECT 1", []), CancellationToken.None));

        Assert.Contains("key-pair authentication", error.Message, StringComparison.Ordinal);
        Assert.Contains("Snowflake__User", error.Message, StringComparison.Ordinal);
        Assert.Contains("Snowflake__Account", error.Message, StringComparison.Ordinal);
        Assert.Contains(keys.Fingerprint, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task Execute_TokenForAnotherUser_IsRejectedByTheFakeAsSnowflakeWould()
    {
        var error = await Assert.ThrowsAsync<WarehouseUnavailableException>(() =>
            Client(o => o.User = "someone_else").ExecuteAsync(new SqlStatement("SELECT 1", []), CancellationToken.None));

        Assert.Contains("key-pair authentication", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _server.Executions);
    }

    [Fact]
    public async Task Execute_DeadlinePassesWhileRunning_CancelsTheStatementByItsHandle()
    {
        _server.PendingPolls = int.MaxValue;

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Client(o => o.ClientDeadline = TimeSpan.FromMilliseconds(600)).ExecuteAsync(new SqlStatement("SELECT slow()", []), CancellationToken.None));

        var handle = _server.Requests.First(r => r.Method == "GET").Path.Split('/')[^1];
        Assert.Equal([handle], _server.CancelledHandles);
        Assert.Contains(handle, error.Message, StringComparison.Ordinal);
        Assert.Contains("Snowflake__ClientDeadline", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_CallerCancelsWhileRunning_CancelsTheStatementAndThrowsOperationCanceled()
    {
        _server.PendingPolls = int.MaxValue;
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(400));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client().ExecuteAsync(new SqlStatement("SELECT slow()", []), caller.Token));

        Assert.Single(_server.CancelledHandles);
    }

    [Fact]
    public async Task Execute_NoAnswerBeforeTheDeadline_TimesOutWithNothingToCancel()
    {
        _server.Delay = TimeSpan.FromSeconds(30);

        var error = await Assert.ThrowsAsync<TimeoutException>(() =>
            Client(o => o.ClientDeadline = TimeSpan.FromMilliseconds(300)).ExecuteAsync(new SqlStatement("SELECT 1", []), CancellationToken.None));

        Assert.Contains("nothing was running to cancel", error.Message, StringComparison.Ordinal);
        Assert.Empty(_server.CancelledHandles);
    }

    [Fact]
    public async Task Execute_StatementTimeout408_ThrowsTimeoutNamingTheSetting()
    {
        _server.EnqueueStatus(408);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Client().ExecuteAsync(new SqlStatement("SELECT 1", []), CancellationToken.None));

        Assert.Contains("Snowflake__StatementTimeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_Request_CarriesHeadersContextTimeoutAndUtcSession()
    {
        await Client().ExecuteAsync(new SqlStatement("SELECT 1", []), CancellationToken.None);

        var post = Assert.Single(_server.Requests);
        Assert.Equal("/api/v2/statements", post.Path);
        Assert.Equal("true", post.QueryValue("nullable"));
        Assert.StartsWith("Bearer ", post.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("KEYPAIR_JWT", post.Header("X-Snowflake-Authorization-Token-Type"));
        Assert.Equal("application/json", post.Header("Accept"));
        Assert.StartsWith("ErFunctions/", post.Header("User-Agent"), StringComparison.Ordinal);
        var body = post.Json()!;
        Assert.Equal(10, (int)body["timeout"]!);
        Assert.Equal("ER_DB", (string?)body["database"]);
        Assert.Equal("ER", (string?)body["schema"]);
        Assert.Equal("ER_WH", (string?)body["warehouse"]);
        Assert.Equal("ER_LOADER", (string?)body["role"]);
        Assert.Equal("UTC", (string?)body["parameters"]!["TIMEZONE"]);
        Assert.Null(body["bindings"]);
    }

    [Fact]
    public async Task Execute_Bindings_AreTypedStringsInInvariantCultureWithNulls()
    {
        var when = new DateTime(2026, 3, 1, 14, 5, 6, DateTimeKind.Unspecified).AddTicks(1234567);
        var bindings = new[]
        {
            SqlBinding.Text("Zoë; DROP TABLE x"),
            SqlBinding.Fixed(-42),
            new SqlBinding(SqlType.Fixed, 12.50m),
            new SqlBinding(SqlType.Real, 36.6),
            new SqlBinding(SqlType.Boolean, true),
            new SqlBinding(SqlType.Date, new DateOnly(2026, 3, 1)),
            SqlBinding.Timestamp(when),
            SqlBinding.Text(null),
            SqlBinding.Fixed(null),
            SqlBinding.Timestamp(null),
        };
        var sql = "SELECT " + string.Join(", ", bindings.Select(_ => "?"));
        // The projects run with InvariantGlobalization, so no other culture can be set here; the code formats with
        // CultureInfo.InvariantCulture explicitly all the same.
        await Client().ExecuteAsync(new SqlStatement(sql, bindings), CancellationToken.None);

        var sent = _server.Requests.Single().Json()!["bindings"]!.AsObject();
        Assert.Equal(
            [
                ("1", "TEXT", "Zoë; DROP TABLE x"),
                ("2", "FIXED", "-42"),
                ("3", "FIXED", "12.50"),
                ("4", "REAL", "36.6"),
                ("5", "BOOLEAN", "true"),
                ("6", "DATE", "1772323200000"),
                ("7", "TIMESTAMP_NTZ", "1772373906123456700"),
                ("8", "TEXT", null),
                ("9", "FIXED", null),
                ("10", "TIMESTAMP_NTZ", null),
            ],
            sent.Select(b => (b.Key, (string)b.Value!["type"]!, (string?)b.Value!["value"])).ToList());
        Assert.True(sent["8"]!.AsObject().ContainsKey("value")); // null is sent as a JSON null value, not left out
        var ran = Assert.Single(_backend.Ran);
        Assert.Equal<object?>(["Zoë; DROP TABLE x", -42L, 12.50m, 36.6, true, new DateOnly(2026, 3, 1), when, null, null, null], ran.Bindings);
    }

    [Fact]
    public async Task Execute_Values_AreParsedPerRowType()
    {
        var when = new DateTime(2026, 3, 1, 14, 5, 6, DateTimeKind.Unspecified).AddTicks(1234567);
        _backend.Answer = _ => new FakeSqlOutcome(
            [Id, new("SCORE", "fixed", 10, 2), new("BIG", "fixed"), new("TEMP", "real"), new("HOT", "real"), new("ODD", "real"), new("FLAG", "boolean"),
             new("DAY", "date"), new("OLD_DAY", "date"), new("AT", "timestamp_ntz"), new("NAME", "text"), new("NOTHING", "text")],
            [[3L, 19.99m, decimal.MaxValue, 36.6, double.PositiveInfinity, double.NaN, false,
              new DateOnly(2026, 3, 1), new DateOnly(1969, 12, 31), when, "Zoë", null]]);

        var result = await Client().ExecuteAsync(new SqlStatement("SELECT ...", []), CancellationToken.None);

        Assert.Equal(["ID", "SCORE", "BIG", "TEMP", "HOT", "ODD", "FLAG", "DAY", "OLD_DAY", "AT", "NAME", "NOTHING"], result.Columns.Select(c => c.Name));
        Assert.Equal(new SnowflakeColumn("SCORE", "fixed", 10, 2, true), result.Columns[1]);
        Assert.Equal<object?>(
            [3L, 19.99m, decimal.MaxValue, 36.6, double.PositiveInfinity, double.NaN, false, new DateOnly(2026, 3, 1), new DateOnly(1969, 12, 31), when, "Zoë", null],
            result.Rows.Single());
        Assert.Equal(DateTimeKind.Unspecified, ((DateTime)result.Rows[0][9]!).Kind);
        var wire = JsonNode.Parse(await RawAsync(result.StatementHandle))!["data"]![0]!;
        Assert.Equal("1772373906.123456700", (string?)wire[9]); // seconds.nanoseconds, 9 digits
        Assert.Equal("20513", (string?)wire[7]); // days since 1970-01-01
        Assert.Equal("19.99", (string?)wire[1]);
    }

    [Fact]
    public async Task Execute_Insert_ReportsRowsAffectedFromStats()
    {
        _backend.Answer = _ => new FakeSqlOutcome([], [], RowsAffected: 12);

        var result = await Client().ExecuteAsync(new SqlStatement("INSERT INTO t SELECT * FROM s", []), CancellationToken.None);

        Assert.Equal(12, result.RowsAffected);
        Assert.Equal("number of rows inserted", Assert.Single(result.Columns).Name);
        Assert.Equal(12L, result.Rows.Single()[0]);
    }

    [Fact]
    public async Task ExecuteBatch_SendsMultiStatementCount_AndReturnsEachResultInOrder()
    {
        _backend.Answer = s => s.Text.StartsWith("SELECT", StringComparison.Ordinal)
            ? new FakeSqlOutcome([Id], [[(long)s.Text.Length]])
            : new FakeSqlOutcome([], [], RowsAffected: 2);
        var statements = new[] { "BEGIN", "DELETE FROM t WHERE note = 'a;b'", "SELECT 1;", "COMMIT" };

        var results = await Client().ExecuteBatchAsync(statements, CancellationToken.None);

        var post = _server.Requests.First(r => r.Method == "POST");
        var body = post.Json()!;
        Assert.Equal("4", (string?)body["parameters"]!["MULTI_STATEMENT_COUNT"]);
        Assert.Equal("BEGIN;\nDELETE FROM t WHERE note = 'a;b';\nSELECT 1;\nCOMMIT", (string?)body["statement"]);
        Assert.Equal(["BEGIN", "DELETE FROM t WHERE note = 'a;b'", "SELECT 1", "COMMIT"], _backend.Ran.Select(s => s.Text));
        Assert.Equal(4, results.Count);
        Assert.Equal(2, results[1].RowsAffected);
        Assert.Equal(8L, results[2].Rows.Single()[0]);
        var fetched = _server.Requests.Where(r => r.Method == "GET").Select(r => r.Path.Split('/')[^1]).ToList();
        Assert.Equal(results.Select(r => r.StatementHandle), fetched);
    }

    [Fact]
    public async Task FakeServer_MultiStatementWithBindings_IsRejectedAsSnowflakeDoes()
    {
        var (status, body) = await PostAsync("""{"statement":"SELECT ?; SELECT 2","parameters":{"MULTI_STATEMENT_COUNT":"2"},"bindings":{"1":{"type":"FIXED","value":"1"}}}""");

        Assert.Equal(422, status);
        Assert.Contains("Bind variables are not supported in multi-statement requests", (string?)body["message"], StringComparison.Ordinal);
        Assert.Equal(0, _server.Executions);
    }

    [Theory]
    [InlineData("""{"statement":"SELECT 1; SELECT 2"}""", "Actual statement count 2 did not match the desired statement count 1.")] // no MULTI_STATEMENT_COUNT
    [InlineData("""{"statement":"SELECT 1; SELECT 2","parameters":{"MULTI_STATEMENT_COUNT":"3"}}""", "Actual statement count 2 did not match the desired statement count 3.")] // wrong count
    [InlineData("""{"statement":"SELECT ?","bindings":{"1":{"type":"DATE","value":"yesterday"}}}""", "Bind variable 1 of type DATE: 'yesterday' is not recognized.")] // malformed binding
    [InlineData("""{"statement":"SELECT ?, ?","bindings":{"1":{"type":"TEXT","value":"a"}}}""", "Bind variable 2 not set.")] // missing binding
    public async Task FakeServer_MalformedRequest_Answers422WithSnowflakesMessage(string request, string message)
    {
        var (status, body) = await PostAsync(request);

        Assert.Equal(422, status);
        Assert.Equal(message, (string?)body["message"]);
    }

    [Theory]
    [InlineData("SELECT 1; SELECT 2", new[] { "SELECT 1", "SELECT 2" })] // plain
    [InlineData("SELECT 'a;b'; SELECT 2;", new[] { "SELECT 'a;b'", "SELECT 2" })] // semicolon in a string, trailing semicolon
    [InlineData("SELECT 'it''s; \\'x;'; SELECT 2", new[] { "SELECT 'it''s; \\'x;'", "SELECT 2" })] // '' and backslash escapes
    [InlineData("SELECT \"a;b\" FROM t; SELECT 2", new[] { "SELECT \"a;b\" FROM t", "SELECT 2" })] // quoted identifier
    [InlineData("CREATE FUNCTION f() AS $$ a; b $$; SELECT 2", new[] { "CREATE FUNCTION f() AS $$ a; b $$", "SELECT 2" })] // dollar-quoted body
    [InlineData("SELECT 1; -- done; really\n/* c; */ SELECT 2 // x;", new[] { "SELECT 1", "-- done; really\n/* c; */ SELECT 2 // x;" })] // comments
    [InlineData("SELECT 1; -- only a comment", new[] { "SELECT 1" })] // a comment-only tail is no statement
    public void FakeSqlText_Split_CountsSemicolonsOnlyOutsideQuotesAndComments(string text, string[] expected)
    {
        Assert.Equal(expected, FakeSqlText.Split(text));
    }

    [Fact]
    public async Task AddSnowflakeSqlApi_FromConfiguration_RunsAgainstTheFake()
    {
        _backend.Answer = _ => new FakeSqlOutcome([Id], [[1L]]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Warehouse:Provider"] = "Snowflake",
            ["Snowflake:Account"] = "myorg.myaccount",
            ["Snowflake:Host"] = _server.BaseUri.ToString(),
            ["Snowflake:User"] = "er_loader",
            ["Snowflake:PrivateKeyPath"] = keys.Path("encrypted.p8"),
            ["Snowflake:PrivateKeyPassphrase"] = OpensslKeys.Passphrase,
        }).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddOptions<WarehouseOptions>().Bind(configuration.GetSection(WarehouseOptions.Section));
        services.AddSnowflakeSqlApi();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var result = await provider.GetRequiredService<SnowflakeSqlApi>().ExecuteAsync(new SqlStatement("SELECT 1", []), CancellationToken.None);

        Assert.Equal(1L, result.Rows.Single()[0]);
    }

    private SnowflakeSqlApi Client(Action<SnowflakeOptions>? configure = null, bool decompress = true, HttpClient? http = null)
    {
        var options = new SnowflakeOptions
        {
            Account = "myorg.myaccount",
            Host = _server.BaseUri.ToString(),
            User = "er_loader",
            PrivateKey = keys.Pem("plain.p8"),
            StatementTimeout = TimeSpan.FromSeconds(10),
            ClientDeadline = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        var jwt = new KeyPairJwt(options, TimeProvider.System);
        _disposables.Add(jwt);
        if (http is null)
        {
            http = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = decompress ? DecompressionMethods.GZip : DecompressionMethods.None });
            _disposables.Add(http);
        }

        return new SnowflakeSqlApi(http, Microsoft.Extensions.Options.Options.Create(options), jwt, TimeProvider.System, NullLogger<SnowflakeSqlApi>.Instance);
    }

    private async Task<(int Status, JsonNode Body)> PostAsync(string json)
    {
        using var jwt = new KeyPairJwt(new SnowflakeOptions { Account = "MYORG-MYACCOUNT", User = "ER_LOADER", PrivateKey = keys.Pem("plain.p8") }, TimeProvider.System);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server.BaseUri, $"api/v2/statements?requestId={Guid.NewGuid()}"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", jwt.Token());
        request.Headers.Add("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT");
        request.Headers.UserAgent.ParseAdd("tests/1.0");
        using var response = await http.SendAsync(request);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private async Task<string> RawAsync(string handle)
    {
        using var jwt = new KeyPairJwt(new SnowflakeOptions { Account = "MYORG-MYACCOUNT", User = "ER_LOADER", PrivateKey = keys.Pem("plain.p8") }, TimeProvider.System);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.BaseUri, $"api/v2/statements/{handle}"));
        request.Headers.Authorization = new("Bearer", jwt.Token());
        request.Headers.Add("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT");
        request.Headers.UserAgent.ParseAdd("tests/1.0");
        using var response = await http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Loses the first answer on the way back (the connection drops after Snowflake ran the statement).</summary>
    private sealed class DropFirstAnswer(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private int _calls;

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (Interlocked.Increment(ref _calls) == 1)
            {
                response.Dispose();
                throw new HttpRequestException("The connection was reset.", null, HttpStatusCode.BadGateway);
            }

            return response;
        }
    }
}
