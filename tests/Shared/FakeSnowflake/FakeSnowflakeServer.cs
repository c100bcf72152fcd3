using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErTests.FakeSnowflake;

/// <summary>One request the fake received, for assertions.</summary>
public sealed record FakeSnowflakeRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonNode? Json() => Body.Length == 0 ? null : JsonNode.Parse(Body);
}

/// <summary>
/// A fake of Snowflake's SQL API v2 in a real Kestrel on 127.0.0.1 (free port): verifies the key-pair JWT as Snowflake
/// does, splits multi-statement requests and checks MULTI_STATEMENT_COUNT, decodes bindings, hands statements to a
/// backend and answers in the API's shapes (202 polling, gzip partitions, 422 errors). Faults are injected per test.
/// A requestId already executed is not run again: its stored answer is returned, as Snowflake promises.
/// </summary>
public sealed class FakeSnowflakeServer : IAsyncDisposable
{
    private const string Running = "Asynchronous execution in progress. Use provided query id to perform query monitoring and management.";

    private readonly IFakeSqlBackend _backend;
    private readonly RSA _publicKey;
    private readonly string _subject;
    private readonly string _issuer;
    private readonly Lock _gate = new();
    private readonly List<FakeSnowflakeRequest> _requests = [];
    private readonly List<string> _cancelled = [];
    private readonly ConcurrentQueue<int> _statuses = new();
    private readonly ConcurrentDictionary<string, Stored> _byRequestId = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Statement> _statements = new(StringComparer.Ordinal);
    private WebApplication? _app;
    private int _inFlight;
    private int _maxInFlight;
    private int _executions;

    private FakeSnowflakeServer(IFakeSqlBackend backend, RSA publicKey, string account, string user)
    {
        _backend = backend;
        _publicKey = publicKey;
        _subject = $"{account.ToUpperInvariant()}.{user.ToUpperInvariant()}";
        var fingerprint = Convert.ToBase64String(SHA256.HashData(publicKey.ExportSubjectPublicKeyInfo()));
        _issuer = $"{_subject}.SHA256:{fingerprint}";
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Answer the next <see cref="PendingPolls"/> status requests of each statement with 202 before its result.</summary>
    public int PendingPolls { get; set; }

    /// <summary>Rows per result partition; 0 keeps every row in partition 0. Partitions after the first are served gzip-encoded.</summary>
    public int PartitionRows { get; set; }

    /// <summary>Every request waits this long before it is answered.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>The clock that decides whether a JWT has expired.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    public IReadOnlyList<FakeSnowflakeRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The statement handles a client cancelled (POST .../cancel), in order.</summary>
    public IReadOnlyList<string> CancelledHandles
    {
        get
        {
            lock (_gate)
            {
                return [.. _cancelled];
            }
        }
    }

    /// <summary>The most requests the server was answering at one time.</summary>
    public int MaxConcurrentRequests => Volatile.Read(ref _maxInFlight);

    /// <summary>How many requests the backend ran.</summary>
    public int Executions => Volatile.Read(ref _executions);

    public static async Task<FakeSnowflakeServer> StartAsync(IFakeSqlBackend backend, RSA publicKey, string account, string user)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(publicKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        var server = new FakeSnowflakeServer(backend, publicKey, account, user);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        return server;
    }

    /// <summary>Answers the next POST of a statement with this status (and a Snowflake-like body) without running it.</summary>
    public void EnqueueStatus(int status) => _statuses.Enqueue(status);

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); now > max; max = Volatile.Read(ref _maxInFlight))
        {
            Interlocked.CompareExchange(ref _maxInFlight, now, max);
        }

        try
        {
            var request = context.Request;
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var recorded = new FakeSnowflakeRequest(
                request.Method,
                request.Path.Value ?? "",
                request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
                request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body);
            lock (_gate)
            {
                _requests.Add(recorded);
            }

            if (Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            await AnswerAsync(context, recorded);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task AnswerAsync(HttpContext context, FakeSnowflakeRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        var isSubmit = request.Method == "POST" && request.Path.TrimEnd('/') == "/api/v2/statements";
        if (isSubmit && _statuses.TryDequeue(out var injected))
        {
            await WriteAsync(context, injected, Injected(injected));
            return;
        }

        if (!Authorized(request, out var why))
        {
            await WriteAsync(context, 401, new JsonObject { ["code"] = "390144", ["message"] = $"JWT token is invalid. [{why}]" });
            return;
        }

        if (string.IsNullOrEmpty(request.Header("User-Agent")))
        {
            await WriteAsync(context, 400, new JsonObject { ["code"] = "391903", ["message"] = "User-Agent header is required." });
            return;
        }

        if (isSubmit)
        {
            await SubmitAsync(context, request);
        }
        else if (request.Method == "POST" && segments is ["api", "v2", "statements", var cancelHandle, "cancel"])
        {
            lock (_gate)
            {
                _cancelled.Add(cancelHandle);
            }

            if (_statements.TryGetValue(cancelHandle, out var cancelled))
            {
                cancelled.Cancelled = true;
            }

            await WriteAsync(context, 200, new JsonObject { ["message"] = "successfully canceled", ["statementHandle"] = cancelHandle });
        }
        else if (request.Method == "GET" && segments is ["api", "v2", "statements", var handle])
        {
            await StatusAsync(context, request, handle);
        }
        else
        {
            await WriteAsync(context, 404, new JsonObject { ["message"] = $"No endpoint {request.Method} {request.Path}." });
        }
    }

    private async Task SubmitAsync(HttpContext context, FakeSnowflakeRequest request)
    {
        var requestId = request.QueryValue("requestId");
        if (!string.IsNullOrEmpty(requestId) && _byRequestId.TryGetValue(requestId, out var stored))
        {
            await WriteAsync(context, stored.Status, stored.Body);
            return;
        }

        if (!(request.Header("Content-Type") ?? "").StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            await WriteAsync(context, 415, new JsonObject { ["message"] = "Content-Type must be application/json." });
            return;
        }

        JsonObject payload;
        try
        {
            payload = JsonNode.Parse(request.Body) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException ex)
        {
            await WriteAsync(context, 400, new JsonObject { ["message"] = $"Invalid request body: {ex.Message}" });
            return;
        }

        var handle = Guid.NewGuid().ToString();
        var (status, answer) = Execute(payload, handle, requestId ?? "");
        if (!string.IsNullOrEmpty(requestId))
        {
            _byRequestId[requestId] = new Stored(status, answer);
        }

        await WriteAsync(context, status, answer);
    }

    private (int Status, JsonObject Body) Execute(JsonObject payload, string handle, string requestId)
    {
        var text = payload["statement"]?.GetValue<string>() ?? "";
        var statements = FakeSqlText.Split(text);
        var bindings = payload["bindings"] as JsonObject;
        var parameters = payload["parameters"] as JsonObject;
        var desiredNode = parameters?.FirstOrDefault(p => string.Equals(p.Key, "MULTI_STATEMENT_COUNT", StringComparison.OrdinalIgnoreCase)).Value;
        int? desired = desiredNode is null ? null : int.Parse(desiredNode.ToString(), CultureInfo.InvariantCulture);
        if (statements.Count == 0)
        {
            return Error(handle, "000900", "42000", "Empty SQL statement.");
        }

        var multi = statements.Count > 1 || desired is not (null or 1);
        if (multi && (desired ?? 1) != 0 && (desired ?? 1) != statements.Count)
        {
            return Error(handle, "000008", "0A000", $"Actual statement count {statements.Count} did not match the desired statement count {desired ?? 1}.");
        }

        if (multi && bindings is { Count: > 0 })
        {
            return Error(handle, "000002", "0A000", "Bind variables are not supported in multi-statement requests.");
        }

        var decoded = new List<object?>();
        if (!multi)
        {
            var placeholders = FakeSqlText.Placeholders(statements[0]);
            for (var position = 1; position <= Math.Max(placeholders, bindings?.Count ?? 0); position++)
            {
                if (bindings?[position.ToString(CultureInfo.InvariantCulture)] is not JsonObject binding)
                {
                    return Error(handle, "002049", "42601", $"Bind variable {position} not set.");
                }

                if (!TryDecode(binding, position, out var value, out var problem))
                {
                    return Error(handle, "100038", "22018", problem);
                }

                decoded.Add(value);
            }
        }

        IReadOnlyList<FakeSqlOutcome> outcomes;
        try
        {
            lock (_backend)
            {
                Interlocked.Increment(ref _executions);
                outcomes = _backend.Run([.. statements.Select(s => new FakeSqlStatement(s, multi ? [] : decoded))]);
            }
        }
        catch (FakeSqlError ex)
        {
            return Error(handle, ex.Code, ex.SqlState, ex.Message);
        }

        if (outcomes.Count != statements.Count)
        {
            throw new InvalidOperationException($"The backend answered {statements.Count} statements with {outcomes.Count} outcomes.");
        }

        if (!multi)
        {
            var statement = Register(handle, requestId, statements[0], outcomes[0]);
            return statement.Pending > 0 ? (202, Pending(handle, requestId)) : (200, statement.Partitions[0]);
        }

        var handles = new JsonArray();
        for (var i = 0; i < statements.Count; i++)
        {
            var child = Guid.NewGuid().ToString();
            Register(child, requestId, statements[i], outcomes[i]);
            handles.Add(child);
        }

        var parent = Result(handle, requestId, [new FakeSqlColumn("multiple statement execution", "text")], [["Multiple statements executed successfully."]], null);
        parent["statementHandles"] = handles;
        var registered = new Statement([parent]) { Pending = PendingPolls };
        _statements[handle] = registered;
        return registered.Pending > 0 ? (202, Pending(handle, requestId)) : (200, parent);
    }

    private async Task StatusAsync(HttpContext context, FakeSnowflakeRequest request, string handle)
    {
        if (!_statements.TryGetValue(handle, out var statement))
        {
            await WriteAsync(context, 422, new JsonObject { ["code"] = "000709", ["sqlState"] = "02000", ["message"] = $"Statement {handle} not found", ["statementHandle"] = handle });
            return;
        }

        if (statement.Cancelled)
        {
            await WriteAsync(context, 422, new JsonObject { ["code"] = "000604", ["sqlState"] = "57014", ["message"] = "SQL execution canceled", ["statementHandle"] = handle });
            return;
        }

        if (Interlocked.Decrement(ref statement.Pending) >= 0)
        {
            await WriteAsync(context, 202, Pending(handle, request.QueryValue("requestId") ?? ""));
            return;
        }

        var partition = int.TryParse(request.QueryValue("partition"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 0;
        if (partition >= statement.Partitions.Count)
        {
            await WriteAsync(context, 422, new JsonObject { ["code"] = "000711", ["sqlState"] = "22023", ["message"] = $"Partition {partition} does not exist.", ["statementHandle"] = handle });
            return;
        }

        if (partition == 0)
        {
            await WriteAsync(context, 200, statement.Partitions[0]);
            return;
        }

        var gzip = Gzip(Encoding.UTF8.GetBytes(statement.Partitions[partition].ToJsonString()));
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        context.Response.Headers.ContentEncoding = "gzip";
        await context.Response.Body.WriteAsync(gzip, context.RequestAborted);
    }

    private Statement Register(string handle, string requestId, string text, FakeSqlOutcome outcome)
    {
        var columns = outcome.Columns;
        var rows = outcome.Rows;
        var verb = FakeSqlText.FirstKeyword(text);
        JsonObject? stats = null;
        var counter = verb switch
        {
            "INSERT" or "COPY" => "numRowsInserted",
            "UPDATE" or "MERGE" => "numRowsUpdated",
            "DELETE" => "numRowsDeleted",
            _ => null,
        };
        if (counter is not null)
        {
            stats = new JsonObject { [counter] = outcome.RowsAffected };
            if (columns.Count == 0)
            {
                columns = [new FakeSqlColumn(counter switch
                {
                    "numRowsInserted" => "number of rows inserted",
                    "numRowsUpdated" => "number of rows updated",
                    _ => "number of rows deleted",
                }, "fixed")];
                rows = [[outcome.RowsAffected]];
            }
        }
        else if (columns.Count == 0)
        {
            columns = [new FakeSqlColumn("status", "text")];
            rows = [["Statement executed successfully."]];
        }

        var size = PartitionRows > 0 ? PartitionRows : Math.Max(1, rows.Count);
        var chunks = rows.Chunk(size).ToList();
        if (chunks.Count == 0)
        {
            chunks.Add([]);
        }

        var encoded = chunks.Select(chunk => Data(columns, chunk)).ToList();
        var info = new JsonArray();
        foreach (var (chunk, data) in chunks.Zip(encoded))
        {
            var bytes = Encoding.UTF8.GetBytes(data.ToJsonString());
            info.Add(new JsonObject { ["rowCount"] = chunk.Length, ["uncompressedSize"] = bytes.Length, ["compressedSize"] = Gzip(bytes).Length });
        }

        var first = Result(handle, requestId, columns, [], stats);
        first["resultSetMetaData"]!["numRows"] = rows.Count;
        first["resultSetMetaData"]!["partitionInfo"] = info;
        first["data"] = encoded[0];
        var partitions = new List<JsonObject> { first };
        partitions.AddRange(encoded.Skip(1).Select(data => new JsonObject { ["data"] = data }));
        var statement = new Statement(partitions) { Pending = PendingPolls };
        _statements[handle] = statement;
        return statement;
    }

    private static JsonObject Result(string handle, string requestId, IReadOnlyList<FakeSqlColumn> columns, IReadOnlyList<object?[]> rows, JsonObject? stats)
    {
        var rowType = new JsonArray();
        foreach (var column in columns)
        {
            var type = column.Type.ToLowerInvariant();
            rowType.Add(new JsonObject
            {
                ["name"] = column.Name,
                ["database"] = "",
                ["schema"] = "",
                ["table"] = "",
                ["nullable"] = true,
                ["type"] = type,
                ["precision"] = type == "fixed" ? column.Precision : null,
                ["scale"] = type switch { "fixed" => column.Scale, "timestamp_ntz" or "time" => 9, _ => null },
                ["length"] = type == "text" ? 16777216 : null,
                ["byteLength"] = type == "text" ? 16777216 : null,
            });
        }

        var result = new JsonObject
        {
            ["resultSetMetaData"] = new JsonObject
            {
                ["numRows"] = rows.Count,
                ["format"] = "jsonv2",
                ["rowType"] = rowType,
                ["partitionInfo"] = new JsonArray(new JsonObject { ["rowCount"] = rows.Count, ["uncompressedSize"] = 64 }),
            },
            ["data"] = Data(columns, rows),
            ["code"] = "090001",
            ["statementStatusUrl"] = $"/api/v2/statements/{handle}?requestId={requestId}",
            ["requestId"] = requestId,
            ["sqlState"] = "00000",
            ["statementHandle"] = handle,
            ["message"] = "Statement executed successfully.",
            ["createdOn"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        };
        if (stats is not null)
        {
            result["stats"] = stats;
        }

        return result;
    }

    private static JsonArray Data(IReadOnlyList<FakeSqlColumn> columns, IEnumerable<object?[]> rows)
    {
        var data = new JsonArray();
        foreach (var row in rows)
        {
            var cells = new JsonArray();
            for (var i = 0; i < columns.Count; i++)
            {
                cells.Add(Encode(i < row.Length ? row[i] : null, columns[i]));
            }

            data.Add(cells);
        }

        return data;
    }

    /// <summary>A value as the SQL API sends it: always a string, or null.</summary>
    private static string? Encode(object? value, FakeSqlColumn column)
    {
        var c = CultureInfo.InvariantCulture;
        return value switch
        {
            null or DBNull => null,
            _ => column.Type.ToLowerInvariant() switch
            {
                "fixed" when column.Scale == 0 => value is BigInteger big ? big.ToString(c) : decimal.Round(Convert.ToDecimal(value, c)).ToString("0", c),
                "fixed" => Convert.ToDecimal(value, c).ToString("F" + column.Scale.ToString(c), c),
                "real" => Convert.ToDouble(value, c) switch
                {
                    double.PositiveInfinity => "inf",
                    double.NegativeInfinity => "-inf",
                    var d when double.IsNaN(d) => "NaN",
                    var d => d.ToString("R", c),
                },
                "boolean" => Convert.ToBoolean(value, c) ? "true" : "false",
                "date" => EpochDays(value switch
                {
                    DateOnly d => d,
                    DateTime t => DateOnly.FromDateTime(t),
                    _ => DateOnly.Parse(Convert.ToString(value, c)!, c),
                }),
                "timestamp_ntz" => Seconds(value switch
                {
                    DateTime t => t.Ticks - DateTime.UnixEpoch.Ticks,
                    DateTimeOffset o => o.UtcDateTime.Ticks - DateTime.UnixEpoch.Ticks,
                    _ => DateTime.Parse(Convert.ToString(value, c)!, c).Ticks - DateTime.UnixEpoch.Ticks,
                }),
                "time" => Seconds(value is TimeOnly time ? time.Ticks : ((TimeSpan)value).Ticks),
                _ => Convert.ToString(value, c),
            },
        };
    }

    private static string EpochDays(DateOnly date) => (date.DayNumber - new DateOnly(1970, 1, 1).DayNumber).ToString(CultureInfo.InvariantCulture);

    private static string Seconds(long ticks) => (ticks / (decimal)TimeSpan.TicksPerSecond).ToString("F9", CultureInfo.InvariantCulture);

    private static bool TryDecode(JsonObject binding, int position, out object? value, out string problem)
    {
        var type = binding["type"]?.GetValue<string>()?.ToUpperInvariant() ?? "";
        var node = binding["value"];
        value = null;
        problem = "";
        if (node is null)
        {
            return type is "TEXT" or "FIXED" or "REAL" or "BOOLEAN" or "DATE" or "TIMESTAMP_NTZ"
                || Fail($"Unsupported data type '{type}' for bind variable {position}.", out problem);
        }

        var text = node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
        var c = CultureInfo.InvariantCulture;
        switch (type)
        {
            case "TEXT":
                value = text;
                return true;
            case "FIXED" when text.Contains('.', StringComparison.Ordinal) && decimal.TryParse(text, NumberStyles.Number, c, out var d):
                value = d;
                return true;
            case "FIXED" when long.TryParse(text, NumberStyles.AllowLeadingSign, c, out var l):
                value = l;
                return true;
            case "REAL" when text.ToUpperInvariant() is "INF" or "-INF" or "NAN":
                value = text.ToUpperInvariant() switch { "INF" => double.PositiveInfinity, "-INF" => double.NegativeInfinity, _ => double.NaN };
                return true;
            case "REAL" when double.TryParse(text, NumberStyles.Float, c, out var r):
                value = r;
                return true;
            case "BOOLEAN" when text.ToUpperInvariant() is "TRUE" or "FALSE" or "1" or "0":
                value = text.ToUpperInvariant() is "TRUE" or "1";
                return true;
            case "DATE" when long.TryParse(text, NumberStyles.AllowLeadingSign, c, out var ms):
                value = DateOnly.FromDateTime(DateTime.UnixEpoch.AddMilliseconds(ms));
                return true;
            case "DATE" when DateOnly.TryParseExact(text, "yyyy-MM-dd", c, DateTimeStyles.None, out var date):
                value = date;
                return true;
            case "TIMESTAMP_NTZ" when BigInteger.TryParse(text, NumberStyles.AllowLeadingSign, c, out var ns):
                value = new DateTime(DateTime.UnixEpoch.Ticks + (long)(ns / 100), DateTimeKind.Unspecified);
                return true;
            case "TIMESTAMP_NTZ" when DateTime.TryParse(text, c, DateTimeStyles.None, out var timestamp):
                value = DateTime.SpecifyKind(timestamp, DateTimeKind.Unspecified);
                return true;
            case "TEXT" or "FIXED" or "REAL" or "BOOLEAN" or "DATE" or "TIMESTAMP_NTZ":
                return Fail($"Bind variable {position} of type {type}: '{text}' is not recognized.", out problem);
            default:
                return Fail($"Unsupported data type '{type}' for bind variable {position}.", out problem);
        }
    }

    private static bool Fail(string message, out string problem)
    {
        problem = message;
        return false;
    }

    /// <summary>Checks the JWT as Snowflake does: RS256 signed by the registered key, iss with its fingerprint, sub, not expired, at most an hour.</summary>
    private bool Authorized(FakeSnowflakeRequest request, out string why)
    {
        why = "";
        if (!string.Equals(request.Header("X-Snowflake-Authorization-Token-Type"), "KEYPAIR_JWT", StringComparison.Ordinal))
        {
            why = "X-Snowflake-Authorization-Token-Type is not KEYPAIR_JWT";
            return false;
        }

        var authorization = request.Header("Authorization") ?? "";
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            why = "no bearer token";
            return false;
        }

        var parts = authorization["Bearer ".Length..].Split('.');
        if (parts.Length != 3)
        {
            why = "not a JWT";
            return false;
        }

        try
        {
            var header = JsonNode.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (header?["alg"]?.GetValue<string>() != "RS256")
            {
                why = "alg is not RS256";
                return false;
            }

            var signed = Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}");
            if (!_publicKey.VerifyData(signed, Base64Url.DecodeFromChars(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                why = "signature does not match the registered public key";
                return false;
            }

            var claims = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1])) ?? new JsonObject();
            var now = Clock.GetUtcNow().ToUnixTimeSeconds();
            var iat = claims["iat"]?.GetValue<long>() ?? 0;
            var exp = claims["exp"]?.GetValue<long>() ?? 0;
            why = claims["iss"]?.GetValue<string>() != _issuer ? "iss is not ACCOUNT.USER.SHA256:<fingerprint of the registered key>"
                : claims["sub"]?.GetValue<string>() != _subject ? "sub is not ACCOUNT.USER"
                : exp <= now ? "expired"
                : iat > now + 60 ? "issued in the future"
                : exp - iat > 3600 ? "lifetime over one hour"
                : "";
            return why.Length == 0;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException or CryptographicException)
        {
            why = "malformed JWT";
            return false;
        }
    }

    private static JsonObject Injected(int status) => status switch
    {
        401 => new JsonObject { ["code"] = "390144", ["message"] = "JWT token is invalid." },
        408 => new JsonObject
        {
            ["code"] = "000630",
            ["sqlState"] = "57014",
            ["message"] = "Statement reached its statement or warehouse timeout of 120 second(s) and was canceled.",
            ["statementHandle"] = Guid.NewGuid().ToString(),
        },
        429 => new JsonObject { ["message"] = "Too many requests." },
        _ => new JsonObject { ["message"] = $"Injected status {status}." },
    };

    private static JsonObject Pending(string handle, string requestId) => new()
    {
        ["code"] = "333334",
        ["message"] = Running,
        ["statementHandle"] = handle,
        ["statementStatusUrl"] = $"/api/v2/statements/{handle}?requestId={requestId}",
        ["createdOn"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
    };

    private static (int, JsonObject) Error(string handle, string code, string sqlState, string message) => (422, new JsonObject
    {
        ["code"] = code,
        ["sqlState"] = sqlState,
        ["message"] = message,
        ["statementHandle"] = handle,
        ["createdOn"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        ["statementStatusUrl"] = $"/api/v2/statements/{handle}",
    });

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return buffer.ToArray();
    }

    private sealed record Stored(int Status, JsonObject Body);

    private sealed class Statement(IReadOnlyList<JsonObject> partitions)
    {
        public IReadOnlyList<JsonObject> Partitions { get; } = partitions;

        public int Pending;

        public volatile bool Cancelled;
    }
}
