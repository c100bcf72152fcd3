using ErPipeline;
using ErPipeline.Azure.Alerts;
using ErPipeline.Azure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ErFunctions;

/// <summary>The Functions app's composition: the pipeline, with quarantine in the er-quarantine container and alert state in the eralertstate table.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddErFunctions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddBlobStorage(configuration).AddTableAlertState(configuration).AddErPipeline(configuration);
}
