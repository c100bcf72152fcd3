using System.Net.Http.Headers;
using ErPipeline.Access;
using ErPipeline.Http;
using ErPipeline.Warehouse;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ErPipeline.Tests.Kpis;

/// <summary>The feed's handlers in a real Kestrel on a free loopback port, over a test's warehouse.</summary>
public sealed class FeedServer : IAsyncDisposable
{
    public const string AdminKey = "er_test-admin-key";
    public const string AnalystKey = "er_test-analyst-key";
    public const string ClinicianKey = "er_test-clinician-key";

    private readonly WebApplication _app;

    private FeedServer(WebApplication app, Uri address)
    {
        _app = app;
        Client = new HttpClient { BaseAddress = address };
    }

    public HttpClient Client { get; }

    /// <summary>Starts a server with three keys (admin, analyst, clinician) unless <paramref name="withKeys"/> is false.</summary>
    public static async Task<FeedServer> StartAsync(PipelineFixture pipeline, bool withKeys = true, bool anonymousOnLoopback = false,
        IDictionary<string, string?>? settings = null, bool trustPrincipal = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var values = new Dictionary<string, string?> { ["Access:TrustAppServicePrincipal"] = trustPrincipal ? "true" : "false" };
        if (withKeys)
        {
            foreach (var (name, key) in new[] { ("admin", AdminKey), ("analyst", AnalystKey), ("clinician", ClinicianKey) })
            {
                values[$"Access:Keys:{name}:Sha256"] = ApiKeys.Hash(key);
                values[$"Access:Keys:{name}:Role"] = name;
            }
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddSingleton<IWarehouse>(pipeline.Warehouse);
        builder.Services.AddSingleton(pipeline.Changes);
        builder.Services.AddSingleton<TimeProvider>(pipeline.Time);
        builder.Services.AddSingleton(new FeedHosting(anonymousOnLoopback));
        builder.Services.AddErPipeline(builder.Configuration);
        var app = builder.Build();
        app.MapErFeed();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FeedServer(app, new Uri(address));
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? key = AdminKey, string? ifNoneMatch = null, string? principal = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add(AccessControl.ApiKeyHeader, key);
        }

        if (ifNoneMatch is not null)
        {
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(ifNoneMatch));
        }

        if (principal is not null)
        {
            request.Headers.Add(AccessControl.PrincipalHeader, principal);
        }

        return Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
