using ErPipeline.Alerts;
using ErPipeline.Vitals;
using ErPipeline.Warehouse;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace ErFunctions.Tests.Vitals;

/// <summary>
/// The Functions app's services (<see cref="ServiceRegistration.AddErFunctions"/>) on a temporary DuckDB file, with
/// the storage-backed parts of the vitals stream swapped for their local equivalents (dead-letter folder, JSONL
/// alerts, alert state in memory), so the vitals functions run without Azurite or Event Hubs.
/// </summary>
public sealed class LocalVitalsApp : IAsyncDisposable
{
    private LocalVitalsApp(string folder, ServiceProvider services, FakeTimeProvider time)
    {
        Folder = folder;
        Services = services;
        Time = time;
    }

    public string Folder { get; }

    public ServiceProvider Services { get; }

    public FakeTimeProvider Time { get; }

    public string DeadLetters => Path.Combine(Folder, "deadletter");

    public string AlertsFile => Path.Combine(Folder, "alerts.jsonl");

    public static async Task<LocalVitalsApp> StartAsync(DateTimeOffset now, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? replace = null)
    {
        var folder = Directory.CreateTempSubdirectory("er-func-vitals-").FullName;
        var values = new Dictionary<string, string?>
        {
            ["ErStorage"] = "UseDevelopmentStorage=true",   // registered as in Azure, then replaced below: never reached
            ["Warehouse:DuckDbPath"] = Path.Combine(folder, "er.duckdb"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var time = new FakeTimeProvider(now);
        time.SetLocalTimeZone(TimeZoneInfo.Utc);
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddSingleton<TimeProvider>(time);
        services.AddErFunctions(configuration);
        services.Replace(ServiceDescriptor.Singleton<IDeadLetterStore>(new LocalDeadLetterStore(Path.Combine(folder, "deadletter"), time)));
        services.Replace(ServiceDescriptor.Singleton<IAlertSink>(new JsonlAlertSink(Path.Combine(folder, "alerts.jsonl"))));
        services.Replace(ServiceDescriptor.Singleton<IAlertStateStore, InMemoryAlertStateStore>());
        replace?.Invoke(services);
        services.AddTransient<GenerateVitals>().AddTransient<ScoreVitals>().AddTransient<SendAlertReminders>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await provider.GetRequiredService<IWarehouse>().MigrateAsync(default);
        return new LocalVitalsApp(folder, provider, time);
    }

    public async Task<long> CountAsync(string sql)
    {
        var result = await Services.GetRequiredService<IWarehouse>().ReadAsync(new SqlStatement(sql, []), default);
        return Convert.ToInt64(result.Rows[0][0], System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        Directory.Delete(Folder, recursive: true);
    }
}
