using ErPipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ErFunctions;

/// <summary>The on-call clinician acknowledges a patient's alerts: <c>POST /api/alerts/{patientId}/ack</c>.</summary>
public sealed class AcknowledgeAlert(FeedHttp feed)
{
    [Function(nameof(AcknowledgeAlert))]
    public async Task<IActionResult> RunAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = "alerts/{patientId}/ack")] HttpRequest request,
        string patientId)
    {
        ArgumentNullException.ThrowIfNull(request);
        await feed.AcknowledgeAsync(request.HttpContext, patientId).ConfigureAwait(false);
        return new EmptyResult();
    }
}
