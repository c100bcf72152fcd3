using ErPipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ErFunctions;

/// <summary>Row-level visits, masked by role: <c>GET /api/visits</c>, paged.</summary>
public sealed class GetVisits(FeedHttp feed)
{
    [Function(nameof(GetVisits))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "visits")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        await feed.VisitsAsync(request.HttpContext).ConfigureAwait(false);
        return new EmptyResult();
    }
}
