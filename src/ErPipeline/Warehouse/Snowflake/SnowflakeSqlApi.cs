using System.Diagnostics;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ErPipeline.Warehouse.Snowflake;

/// <summary>
/// A client of Snowflake's SQL API v2 (<c>POST /api/v2/statements</c>) over plain HTTPS with a key-pair JWT: runs one
/// statement with typed bindings, or a batch in one multi-statement request, and returns every row of every partition.
/// </summary>
/// <remarks>
/// The retry loop is written here rather than taken from Microsoft.Extensions.Http.Resilience because its rules belong
/// to this protocol: a resend must carry the same <c>requestId</c> plus <c>retry=true</c> (so Snowflake does not run
/// the statement twice), a 401 calls for a newly signed token before the one retry, a 202 is not a failure but a
/// statement handle to poll, and on the client deadline the statement must be cancelled server-side by its handle.
/// A generic pipeline would resend the same message blindly and could not cancel.
/// </remarks>
public sealed partial class SnowflakeSqlApi
{
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LongestPoll = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(10);
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly ProductInfoHeaderValue Agent = new("ErFunctions", Version());

    private readonly HttpClient _http;
    private readonly SnowflakeOptions _options;
    private readonly KeyPairJwt _jwt;
    private readonly TimeProvider _time;
    private readonly ILogger<SnowflakeSqlApi> _logger;
    private readonly Uri _base;

    public SnowflakeSqlApi(HttpClient http, IOptions<SnowflakeOptions> options, KeyPairJwt jwt, TimeProvider time, ILogger<SnowflakeSqlApi> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _http = http ?? throw new ArgumentNullException(nameof(http));
        _options = options.Value;
        _jwt = jwt ?? throw new ArgumentNullException(nameof(jwt));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _base = _options.BaseUri();
    }

    /// <summary>The base URL requests go to (<c>https://{Snowflake__Host}/</c>).</summary>
    public Uri BaseUri => _base;

    /// <summary>Runs one statement with its bindings and returns its whole result.</summary>
    /// <exception cref="SnowflakeSqlException">The SQL failed (HTTP 422).</exception>
    /// <exception cref="TimeoutException">Snowflake's statement timeout (408) or the client deadline passed.</exception>
    /// <exception cref="WarehouseUnavailableException">Snowflake could not be reached, kept refusing, or rejected the key pair.</exception>
    public Task<SnowflakeResult> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        var body = Body(statement.Text, statement.Bindings, multiStatementCount: null);
        return WithDeadlineAsync(async call =>
        {
            using var response = await SubmitAsync(call, body);
            var result = await ReadResultAsync(call, response.RootElement);
            return result;
        }, cancellationToken);
    }

    /// <summary>
    /// Runs statements in one multi-statement request (one session, in order; no bindings, which Snowflake does not
    /// support there) and returns each statement's result, in order.
    /// </summary>
    public Task<IReadOnlyList<SnowflakeResult>> ExecuteBatchAsync(IReadOnlyList<string> statements, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statements);
        if (statements.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SnowflakeResult>>([]);
        }

        var texts = statements.Select(s => s.Trim().TrimEnd(';').TrimEnd()).ToArray();
        if (texts.Any(string.IsNullOrEmpty))
        {
            throw new ArgumentException("A batch cannot hold an empty statement.", nameof(statements));
        }

        var body = Body(string.Join(";\n", texts), [], texts.Length);
        return WithDeadlineAsync<IReadOnlyList<SnowflakeResult>>(async call =>
        {
            using var response = await SubmitAsync(call, body);
            var root = response.RootElement;
            if (!root.TryGetProperty("statementHandles", out var handles) || handles.ValueKind != JsonValueKind.Array)
            {
                // A batch of one is an ordinary request: its response holds the result itself.
                return texts.Length == 1
                    ? [await ReadResultAsync(call, root)]
                    : throw new InvalidOperationException($"Snowflake answered a batch of {texts.Length} statements without statementHandles.");
            }

            var handleList = handles.EnumerateArray().Select(h => h.GetString() ?? "").ToArray();
            if (handleList.Length != texts.Length)
            {
                throw new InvalidOperationException($"Snowflake answered a batch of {texts.Length} statements with {handleList.Length} statement handles.");
            }

            var results = new List<SnowflakeResult>(handleList.Length);
            foreach (var handle in handleList)
            {
                var url = new Uri(_base, $"api/v2/statements/{Uri.EscapeDataString(handle)}");
                using var document = await FollowAsync(call, await SendAsync(call, _ => new HttpRequestMessage(HttpMethod.Get, url), "GET statement result"));
                results.Add(await ReadResultAsync(call, document.RootElement));
            }

            return results;
        }, cancellationToken);
    }

    private async Task<T> WithDeadlineAsync<T>(Func<Call, Task<T>> work, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(_options.ClientDeadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var call = new Call(_time.GetTimestamp(), linked.Token);
        try
        {
            return await work(call);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            var reason = cancellationToken.IsCancellationRequested ? "the caller cancelled" : "the client deadline (Snowflake__ClientDeadline) passed";
            if (call.Handle is not null)
            {
                await CancelAsync(call, reason);
            }

            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException(
                $"Snowflake statement {call.Handle ?? "(no handle yet)"} did not finish within Snowflake__ClientDeadline ({_options.ClientDeadline}); " +
                (call.Handle is null ? "nothing was running to cancel." : "it was cancelled."));
        }
    }

    /// <summary>POSTs the statement (resending on 429/503/504 with the same requestId) and follows it to its 200 response.</summary>
    private async Task<JsonDocument> SubmitAsync(Call call, byte[] body)
    {
        var requestId = Guid.NewGuid();
        var response = await SendAsync(call, resend =>
        {
            var query = $"api/v2/statements?requestId={requestId}&nullable=true{(resend ? "&retry=true" : "")}";
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = Json;
            return new HttpRequestMessage(HttpMethod.Post, new Uri(_base, query)) { Content = content };
        }, "POST /api/v2/statements");
        return await FollowAsync(call, response);
    }

    /// <summary>Reads an answer; on 202 polls <c>statementStatusUrl</c> with capped exponential backoff until the statement ends.</summary>
    private async Task<JsonDocument> FollowAsync(Call call, HttpResponseMessage first)
    {
        var response = first;
        var wait = FirstPoll;
        while (true)
        {
            var status = (int)response.StatusCode;
            JsonDocument? document;
            using (response)
            {
                document = await ReadJsonAsync(response, call.Token);
            }

            if (status == 200 && document is not null)
            {
                return document;
            }

            using (document)
            {
                var root = document?.RootElement;
                var handle = Text(root, "statementHandle");
                switch (status)
                {
                    case 202:
                        call.Handle = handle ?? call.Handle;
                        var statusUrl = Text(root, "statementStatusUrl");
                        var next = statusUrl is not null
                            ? new Uri(_base, statusUrl)
                            : new Uri(_base, $"api/v2/statements/{Uri.EscapeDataString(handle ?? throw new InvalidOperationException("Snowflake answered 202 without a statement handle."))}");
                        var running = Elapsed(call);
                        LogStillRunning(call.Handle, running);
                        await Task.Delay(Jittered(wait), _time, call.Token);
                        wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestPoll.Ticks));
                        response = await SendAsync(call, _ => new HttpRequestMessage(HttpMethod.Get, next), "GET statement status");
                        continue;
                    case 422:
                        var code = Text(root, "code") ?? "";
                        var sqlState = Text(root, "sqlState") ?? "";
                        LogStatementFailed(handle ?? call.Handle, code, sqlState);
                        throw new SnowflakeSqlException(Text(root, "message") ?? "Snowflake reported a failed statement without a message.", code, sqlState, handle ?? call.Handle);
                    case 408:
                        throw new TimeoutException(
                            $"Snowflake cancelled statement {handle ?? call.Handle} after Snowflake__StatementTimeout ({_options.StatementTimeout}).");
                    default:
                        var message = Text(root, "message");
                        throw new WarehouseUnavailableException(
                            $"Snowflake at {_base.Host} answered {status} ({(System.Net.HttpStatusCode)status})" +
                            (message is null ? "." : $": {message}") + (Text(root, "code") is { } c ? $" (code {c})" : ""));
                }
            }
        }
    }

    /// <summary>
    /// Sends one request, resending it on 429/503/504 or a connection failure with jittered exponential backoff up to
    /// <see cref="SnowflakeOptions.MaxRetries"/> times, and once with a new token after a 401. Other answers are returned.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(Call call, Func<bool, HttpRequestMessage> build, string operation)
    {
        var renewedToken = false;
        var resend = false;
        for (var attempt = 0; ; attempt++)
        {
            string last;
            Exception? failure = null;
            using (var request = build(resend))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _jwt.Token());
                request.Headers.Add("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT");
                request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
                request.Headers.UserAgent.Add(Agent);
                resend = true;
                try
                {
                    var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, call.Token);
                    var status = (int)response.StatusCode;
                    if (status == 401)
                    {
                        response.Dispose();
                        if (renewedToken)
                        {
                            throw new WarehouseUnavailableException(
                                $"Snowflake at {_base.Host} rejected the key-pair authentication twice (401). Check Snowflake__User and Snowflake__Account " +
                                $"(the JWT names {_jwt.Subject}), and that the user's RSA_PUBLIC_KEY_FP (DESCRIBE USER) is {_jwt.PublicKeyFingerprint}.");
                        }

                        renewedToken = true;
                        LogTokenRejected(_base.Host);
                        _jwt.Invalidate();
                        attempt--;
                        continue;
                    }

                    if (status is not (429 or 503 or 504))
                    {
                        return response;
                    }

                    response.Dispose();
                    last = $"{status} ({response.StatusCode})";
                }
                catch (HttpRequestException ex)
                {
                    failure = ex;
                    last = $"no answer ({ex.HttpRequestError})";
                }
                catch (TaskCanceledException ex) when (!call.Token.IsCancellationRequested)
                {
                    failure = ex; // HttpClient.Timeout, not ours
                    last = "no answer (HTTP timeout)";
                }
            }

            if (attempt >= _options.MaxRetries)
            {
                throw new WarehouseUnavailableException(
                    $"Snowflake at {_base.Host} did not accept {operation} after {attempt + 1} attempts (last: {last}). Retry later; Snowflake__MaxRetries is {_options.MaxRetries}.",
                    failure);
            }

            var delay = Jittered(TimeSpan.FromTicks(Math.Min(FirstRetry.Ticks << Math.Min(attempt, 16), LongestRetry.Ticks)));
            call.Retries++;
            LogRetrying(_base.Host, last, operation, attempt + 1, _options.MaxRetries, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _time, call.Token);
        }
    }

    private async Task<SnowflakeResult> ReadResultAsync(Call call, JsonElement root)
    {
        var handle = Text(root, "statementHandle") ?? call.Handle ?? "";
        var columns = new List<SnowflakeColumn>();
        var partitions = 1;
        long? numRows = null;
        if (root.TryGetProperty("resultSetMetaData", out var meta) && meta.ValueKind == JsonValueKind.Object)
        {
            if (meta.TryGetProperty("rowType", out var rowType) && rowType.ValueKind == JsonValueKind.Array)
            {
                foreach (var column in rowType.EnumerateArray())
                {
                    columns.Add(new SnowflakeColumn(
                        Text(column, "name") ?? "",
                        (Text(column, "type") ?? "text").ToLowerInvariant(),
                        Int(column, "precision"),
                        Int(column, "scale"),
                        !column.TryGetProperty("nullable", out var nullable) || nullable.ValueKind != JsonValueKind.False));
                }
            }

            if (meta.TryGetProperty("partitionInfo", out var info) && info.ValueKind == JsonValueKind.Array)
            {
                partitions = Math.Max(1, info.GetArrayLength());
            }

            if (meta.TryGetProperty("numRows", out var n) && n.ValueKind == JsonValueKind.Number)
            {
                numRows = n.GetInt64();
            }
        }

        var rows = new List<object?[]>();
        AddRows(rows, root, columns);
        for (var partition = 1; partition < partitions; partition++)
        {
            // One partition at a time, in order: the rows keep their order and memory holds one partition's JSON.
            var url = new Uri(_base, $"api/v2/statements/{Uri.EscapeDataString(handle)}?partition={partition}");
            using var response = await SendAsync(call, _ => new HttpRequestMessage(HttpMethod.Get, url), "GET result partition");
            if (response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                throw new WarehouseUnavailableException($"Snowflake at {_base.Host} answered {(int)response.StatusCode} to partition {partition} of statement {handle}.");
            }

            using var document = await ReadJsonAsync(response, call.Token)
                ?? throw new WarehouseUnavailableException($"Snowflake at {_base.Host} sent an empty partition {partition} of statement {handle}.");
            AddRows(rows, document.RootElement, columns);
        }

        if (numRows is { } expected && expected != rows.Count)
        {
            throw new InvalidOperationException($"Snowflake statement {handle} announced {expected} rows but its {partitions} partitions held {rows.Count}.");
        }

        long affected = 0;
        if (root.TryGetProperty("stats", out var stats) && stats.ValueKind == JsonValueKind.Object)
        {
            affected = (Long(stats, "numRowsInserted") ?? 0) + (Long(stats, "numRowsUpdated") ?? 0) + (Long(stats, "numRowsDeleted") ?? 0);
        }

        var elapsed = Elapsed(call);
        LogStatementDone(handle, elapsed, rows.Count, partitions, affected, call.Retries);
        return new SnowflakeResult(handle, columns, rows, affected);
    }

    private static void AddRows(List<object?[]> rows, JsonElement root, List<SnowflakeColumn> columns)
    {
        // Partition 0 comes inside the response object; later partitions are an object with "data" or a bare array.
        var data = root.ValueKind == JsonValueKind.Array ? root : root.TryGetProperty("data", out var d) ? d : default;
        if (data.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var row in data.EnumerateArray())
        {
            var values = new object?[columns.Count];
            var i = 0;
            foreach (var cell in row.EnumerateArray())
            {
                if (i < values.Length)
                {
                    values[i] = SnowflakeValues.Parse(cell, columns[i]);
                }

                i++;
            }

            if (i != columns.Count)
            {
                throw new InvalidOperationException($"Snowflake sent a row of {i} values for {columns.Count} columns.");
            }

            rows.Add(values);
        }
    }

    private async Task CancelAsync(Call call, string reason)
    {
        var handle = call.Handle!;
        var elapsed = Elapsed(call);
        LogCancelling(handle, elapsed, reason);
        using var timeout = new CancellationTokenSource(CancelTimeout, _time);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_base, $"api/v2/statements/{Uri.EscapeDataString(handle)}/cancel?requestId={Guid.NewGuid()}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _jwt.Token());
            request.Headers.Add("X-Snowflake-Authorization-Token-Type", "KEYPAIR_JWT");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.UserAgent.Add(Agent);
            using var response = await _http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                LogCancelFailed(handle, (int)response.StatusCode, null);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
        {
            // Best effort: Snowflake's own statement timeout still stops it.
            LogCancelFailed(handle, 0, ex);
        }
    }

    private byte[] Body(string text, IReadOnlyList<SqlBinding> bindings, int? multiStatementCount)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("statement", text);
            json.WriteNumber("timeout", (long)Math.Ceiling(_options.StatementTimeout.TotalSeconds));
            json.WriteString("database", _options.Database);
            json.WriteString("schema", _options.Schema);
            json.WriteString("warehouse", _options.Warehouse);
            json.WriteString("role", _options.Role);
            if (bindings.Count > 0)
            {
                json.WriteStartObject("bindings");
                for (var i = 0; i < bindings.Count; i++)
                {
                    json.WriteStartObject((i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    json.WriteString("type", SnowflakeValues.BindingType(bindings[i].Type));
                    json.WriteString("value", SnowflakeValues.BindingValue(bindings[i], i + 1));
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteStartObject("parameters");
            // Session time zone UTC: TIMESTAMP_LTZ values and CURRENT_TIMESTAMP read the same in every region.
            json.WriteString("TIMEZONE", "UTC");
            if (multiStatementCount is { } count)
            {
                json.WriteString("MULTI_STATEMENT_COUNT", count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    /// <summary>The body as JSON; gzip is undone here too, for partitions whose Content-Encoding the handler did not decode.</summary>
    private static async Task<JsonDocument?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b)
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            await gzip.CopyToAsync(plain, cancellationToken);
            bytes = plain.ToArray();
        }

        if (bytes.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException) when (!response.IsSuccessStatusCode)
        {
            return null; // an error page from a proxy: the status says enough
        }
    }

    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? n : null;

    // Jitter only spreads concurrent clients apart; no outcome depends on it, so the shared generator is enough.
    private static TimeSpan Jittered(TimeSpan delay) => TimeSpan.FromTicks(delay.Ticks / 2 + Random.Shared.NextInt64(delay.Ticks / 2 + 1));

    private long Elapsed(Call call) => (long)_time.GetElapsedTime(call.Started).TotalMilliseconds;

    private static string Version()
    {
        var assembly = typeof(SnowflakeSqlApi).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        return string.IsNullOrWhiteSpace(version) ? "1.0.0" : version;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Snowflake statement {StatementHandle} finished in {ElapsedMs} ms: {Rows} rows in {Partitions} partitions, {RowsAffected} rows affected, {Retries} retries")]
    private partial void LogStatementDone(string statementHandle, long elapsedMs, int rows, int partitions, long rowsAffected, int retries);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Snowflake statement {StatementHandle} still running after {ElapsedMs} ms")]
    private partial void LogStillRunning(string? statementHandle, long elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Snowflake at {Host} answered {Status} to {Operation}; retry {Attempt} of {MaxRetries} in {DelayMs} ms")]
    private partial void LogRetrying(string host, string status, string operation, int attempt, int maxRetries, long delayMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snowflake at {Host} rejected the key-pair JWT (401); signing a new one and retrying once")]
    private partial void LogTokenRejected(string host);

    // Snowflake's message can quote values of the statement (patient data): the exception carries it, the log does not.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Snowflake statement {StatementHandle} failed: code {Code}, SQLSTATE {SqlState}")]
    private partial void LogStatementFailed(string? statementHandle, string code, string sqlState);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cancelling Snowflake statement {StatementHandle} after {ElapsedMs} ms: {Reason}")]
    private partial void LogCancelling(string statementHandle, long elapsedMs, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not cancel Snowflake statement {StatementHandle} (status {Status})")]
    private partial void LogCancelFailed(string statementHandle, int status, Exception? exception);

    /// <summary>One call's state: its token (caller + deadline), the handle once known, and its retries.</summary>
    private sealed class Call(long started, CancellationToken token)
    {
        public CancellationToken Token { get; } = token;

        public long Started { get; } = started;

        public string? Handle { get; set; }

        public int Retries { get; set; }
    }
}
