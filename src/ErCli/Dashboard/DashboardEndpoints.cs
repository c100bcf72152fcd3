using System.Collections.Frozen;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ErCli.Dashboard;

/// <summary>
/// Serves the dashboard page (index.html, app.js, app.css embedded in er) at <c>/</c>. The page reads the KPI feed
/// of the same origin; nothing comes from elsewhere, and the Content-Security-Policy says so to the browser.
/// </summary>
internal static class DashboardEndpoints
{
    private const string Policy = "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly FrozenDictionary<string, (byte[] Body, string ContentType)> Assets = new Dictionary<string, (byte[], string)>
    {
        ["/"] = (Load("index.html"), "text/html; charset=utf-8"),
        ["/app.js"] = (Load("app.js"), "text/javascript; charset=utf-8"),
        ["/app.css"] = (Load("app.css"), "text/css; charset=utf-8"),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, asset) in Assets)
        {
            endpoints.MapGet(path, async context =>
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = Policy;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.CacheControl = "no-cache";
                context.Response.ContentType = asset.ContentType;
                context.Response.ContentLength = asset.Body.Length;
                await context.Response.Body.WriteAsync(asset.Body, context.RequestAborted).ConfigureAwait(false);
            });
        }

        return endpoints;
    }

    private static byte[] Load(string name)
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream($"dashboard/{name}")
            ?? throw new InvalidOperationException($"The dashboard file {name} is not embedded in er.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
