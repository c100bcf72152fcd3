using ErPipeline;
using ErPipeline.Azure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ErFunctions;

/// <summary>The Functions app's composition: the pipeline, with quarantine in the er-quarantine container.</summary>
public static class ServiceRegistration
{
    public static IServiceCollection AddErFunctions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddBlobStorage(configuration).AddErPipeline(configuration);
}
