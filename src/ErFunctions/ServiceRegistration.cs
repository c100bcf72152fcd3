using ErPipeline;
using ErPipeline.Azure;
using ErPipeline.Azure.Alerts;
using ErPipeline.Azure.Storage;
using ErPipeline.Azure.Vitals;
using ErPipeline.Vitals;
using ErPipeline.Vitals.Simulation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ErFunctions;

/// <summary>
/// The Functions app's composition: the pipeline, with quarantine in the er-quarantine container, alert state in the
/// eralertstate table and simulated vitals published to the Event Hub <c>vitals</c>.
/// </summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddErFunctions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddBlobStorage(configuration).AddTableAlertState(configuration).AddVitalsPublishing(configuration).AddErPipeline(configuration);

    /// <summary>
    /// The Event Hubs producer of the <c>ErEventHubs</c> connection (<c>ErEventHubs__fullyQualifiedNamespace</c> with
    /// managed identity in Azure, a connection string locally) and the generator that feeds it. Built on first use,
    /// so an app without Event Hubs settings still starts and runs its other functions.
    /// </summary>
    public static IServiceCollection AddVitalsPublishing(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddSingleton<IVitalsPublisher>(_ => new EventHubVitalsPublisher(EventHubVitalsPublisher.Connect(
            configuration[EventHubVitalsPublisher.ConnectionName],
            configuration[$"{EventHubVitalsPublisher.ConnectionName}:fullyQualifiedNamespace"],
            ConnectionCredential.For(configuration, EventHubVitalsPublisher.ConnectionName))));
        services.AddSingleton<RecentPatients>();
        services.AddSingleton<VitalsGenerator>();
        return services;
    }
}
