using System.Text.Json;
using ErPipeline.Access;
using ErPipeline.Alerts;
using ErPipeline.Kpis;
using ErPipeline.Warehouse;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace ErPipeline.Http;

/// <summary>How the host runs the feed. Set in code by the host, never from settings.</summary>
/// <param name="AnonymousOnLoopback">
/// Let callers without credentials in as admin when no API key is configured and the caller is on this machine:
/// the local server only. The Functions worker must not: the Functions host reaches it over loopback.
/// </param>
public sealed record FeedHosting(bool AnonymousOnLoopback);

/// <summary>
/// The HTTP face of the feed (docs/kpi-feed.md), the same for the Functions app and <c>er serve</c>: access by role,
/// query validation, ETag/304, JSON or CSV. Hosts route to <see cref="KpisAsync"/> and <see cref="VisitsAsync"/>.
/// </summary>
public sealed partial class FeedHttp(KpiFeed feed, VisitFeed visits, AlertEngine alerts, AccessControl access, FeedHosting hosting, ILogger<FeedHttp> logger)
{
    /// <summary>
    /// Answers <c>POST /api/alerts/{patientId}/ack[?alertId=…]</c>: acknowledges the patient's open alerts (or the one
    /// named), which stops their reminders and escalation until the band worsens. Clinicians and admins only.
    /// </summary>
    public async Task AcknowledgeAsync(HttpContext context, string patientId)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decision = Decide(context, FeedEndpoint.Acknowledge);
        if (!decision.Allowed)
        {
            await ErrorAsync(context, decision.Status, decision.Reason!, null).ConfigureAwait(false);
            return;
        }

        var alertId = context.Request.Query["alertId"].FirstOrDefault();
        var acknowledged = await alerts.AcknowledgeAsync(patientId.Trim(), string.IsNullOrWhiteSpace(alertId) ? null : alertId,
            Roles.Name(decision.Role!.Value), context.RequestAborted).ConfigureAwait(false);
        if (acknowledged.Count == 0)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound, $"Patient {patientId} has no open alert{(alertId is null ? "" : $" {alertId}")} to acknowledge.", null).ConfigureAwait(false);
            return;
        }

        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("patientId", patientId.Trim());
            json.WriteStartArray("acknowledged");
            foreach (var alert in acknowledged)
            {
                json.WriteStartObject();
                json.WriteString("alertId", alert.AlertId);
                json.WriteString("acknowledgedAt", alert.AcknowledgedAt?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteString("acknowledgedBy", alert.AcknowledgedBy);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        context.Response.Headers.CacheControl = "no-store";
        await WriteAsync(context, StatusCodes.Status200OK, KpiFeed.JsonType, buffer.ToArray()).ConfigureAwait(false);
    }

    /// <summary>Answers <c>GET /api/kpis</c> (section null) and <c>GET /api/kpis/{section}</c>.</summary>
    public async Task KpisAsync(HttpContext context, string? sectionName)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decision = Decide(context, FeedEndpoint.Kpis);
        if (!decision.Allowed)
        {
            await ErrorAsync(context, decision.Status, decision.Reason!, null).ConfigureAwait(false);
            return;
        }

        KpiSection? section = null;
        if (!string.IsNullOrEmpty(sectionName) && (section = KpiCatalog.Find(sectionName)) is null)
        {
            await ErrorAsync(context, StatusCodes.Status404NotFound,
                $"There is no KPI section '{sectionName}'. Sections: {string.Join(", ", KpiCatalog.Sections.Select(s => s.Name))}.", null).ConfigureAwait(false);
            return;
        }

        await GuardAsync(context, async () =>
        {
            var request = FeedRequest.ForKpis(context.Request.Query);
            if (section is null && request.Format == FeedFormat.Csv)
            {
                throw new FeedRequestException("format", "format=csv needs a section: /api/kpis/{section}?format=csv.");
            }

            var role = decision.Role!.Value;
            var lookup = await feed.LookupAsync(section, request, role, context.RequestAborted).ConfigureAwait(false);
            if (Matches(context.Request.Headers.IfNoneMatch, lookup.ETag))
            {
                SetCaching(context.Response, lookup.ETag);
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                return;
            }

            var answer = await feed.AnswerAsync(lookup, context.RequestAborted).ConfigureAwait(false);
            SetCaching(context.Response, answer.ETag);
            await WriteAsync(context, StatusCodes.Status200OK, answer.ContentType, answer.Body).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>Answers <c>GET /api/visits</c>: a page of row-level visits, masked by role.</summary>
    public async Task VisitsAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var decision = Decide(context, FeedEndpoint.Visits);
        if (!decision.Allowed)
        {
            await ErrorAsync(context, decision.Status, decision.Reason!, null).ConfigureAwait(false);
            return;
        }

        await GuardAsync(context, async () =>
        {
            var request = FeedRequest.ForVisits(context.Request.Query);
            var page = await visits.PageAsync(request, decision.Role!.Value, context.RequestAborted).ConfigureAwait(false);
            var nextLink = page.NextAfter is null ? null : NextLink(context.Request, page.NextAfter);
            context.Response.Headers.CacheControl = "private, no-store";
            await WriteAsync(context, StatusCodes.Status200OK, KpiFeed.JsonType, VisitFeed.Json(page, nextLink)).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private AccessDecision Decide(HttpContext context, FeedEndpoint endpoint)
    {
        var headers = context.Request.Headers;
        var loopback = context.Connection.RemoteIpAddress is { } address && System.Net.IPAddress.IsLoopback(address);
        var decision = access.Decide(
            new Credentials(headers[AccessControl.ApiKeyHeader].FirstOrDefault(), headers[AccessControl.PrincipalHeader].FirstOrDefault(),
                hosting.AnonymousOnLoopback && loopback),
            endpoint);
        if (!decision.Allowed)
        {
            LogRefused(logger, context.Request.Path, decision.Status, decision.Reason!);
        }

        return decision;
    }

    private async Task GuardAsync(HttpContext context, Func<Task> answer)
    {
        try
        {
            await answer().ConfigureAwait(false);
        }
        catch (FeedRequestException e)
        {
            await ErrorAsync(context, StatusCodes.Status400BadRequest, e.Message, e.Parameter).ConfigureAwait(false);
        }
        catch (WarehouseUnavailableException e)
        {
            LogWarehouseUnavailable(logger, e);
            await ErrorAsync(context, StatusCodes.Status503ServiceUnavailable, e.Message, null).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    private static bool Matches(StringValues ifNoneMatch, string tag)
    {
        foreach (var header in ifNoneMatch)
        {
            foreach (var candidate in (header ?? string.Empty).Split(','))
            {
                var value = candidate.Trim();
                if (value == "*" || Weak(value) == Weak(tag))
                {
                    return true;
                }
            }
        }

        return false;

        static string Weak(string value) => value.StartsWith("W/", StringComparison.Ordinal) ? value[2..] : value;
    }

    private static void SetCaching(HttpResponse response, string tag)
    {
        response.Headers.ETag = tag;
        response.Headers.CacheControl = "private, no-cache";
    }

    private static string NextLink(HttpRequest request, string after)
    {
        var query = request.Query
            .Where(q => !string.Equals(q.Key, "after", StringComparison.OrdinalIgnoreCase) && !string.Equals(q.Key, "code", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("after", after));
        return $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}{QueryString.Create(query)}";
    }

    private static async Task ErrorAsync(HttpContext context, int status, string message, string? parameter)
    {
        using (var buffer = new MemoryStream())
        {
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("error", message);
                if (parameter is not null)
                {
                    json.WriteString("parameter", parameter);
                }

                json.WriteEndObject();
            }

            if (status == StatusCodes.Status401Unauthorized)
            {
                context.Response.Headers.WWWAuthenticate = $"ApiKey header=\"{AccessControl.ApiKeyHeader}\"";
            }

            context.Response.Headers.CacheControl = "no-store";
            await WriteAsync(context, status, KpiFeed.JsonType, buffer.ToArray()).ConfigureAwait(false);
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, string contentType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        response.Headers.XContentTypeOptions = "nosniff";
        await response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused {Path} with {Status}: {Reason}")]
    private static partial void LogRefused(ILogger logger, PathString path, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The warehouse is unavailable")]
    private static partial void LogWarehouseUnavailable(ILogger logger, Exception exception);
}

/// <summary>Routes of the feed for hosts built on ASP.NET Core routing (<c>er serve</c>).</summary>
public static class FeedEndpoints
{
    public static IEndpointRouteBuilder MapErFeed(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/api/kpis", (HttpContext context, FeedHttp feed) => feed.KpisAsync(context, null));
        endpoints.MapGet("/api/kpis/{section}", (HttpContext context, string section, FeedHttp feed) => feed.KpisAsync(context, section));
        endpoints.MapGet("/api/visits", (HttpContext context, FeedHttp feed) => feed.VisitsAsync(context));
        endpoints.MapPost("/api/alerts/{patientId}/ack", (HttpContext context, string patientId, FeedHttp feed) => feed.AcknowledgeAsync(context, patientId));
        return endpoints;
    }
}
