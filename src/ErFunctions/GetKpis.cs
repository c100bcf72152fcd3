using ErPipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ErFunctions;

/// <summary>
/// The KPI feed for Power BI: <c>GET /api/kpis</c> and <c>GET /api/kpis/{section}</c> (docs/kpi-feed.md). The
/// Functions key admits the caller to the app; the role comes from an API key or the App Service principal.
/// </summary>
public sealed class GetKpis(FeedHttp feed)
{
    [Function(nameof(GetKpis))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "kpis/{section?}")] HttpRequest request,
        string? section)
    {
        ArgumentNullException.ThrowIfNull(request);
        await feed.KpisAsync(request.HttpContext, section).ConfigureAwait(false);
        return new EmptyResult();
    }
}
