using System.Reflection;
using ErPipeline.Vitals;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace ErFunctions.Tests.Vitals;

/// <summary>
/// ScoreVitals as compiled here against the stand-in Event Hubs trigger attribute (or, with
/// -p:EventHubsTrigger=true, the real one): its wiring, and a batch through the app's own services.
/// </summary>
public sealed class ScoreVitalsTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static MethodInfo Run => typeof(ScoreVitals).GetMethod(nameof(ScoreVitals.RunAsync))!;

    [Fact]
    public void Trigger_ListensToTheVitalsHubInItsOwnConsumerGroupInBatchesOfEventBodies()
    {
        var events = Run.GetParameters()[0];
        var trigger = events.GetCustomAttribute<EventHubTriggerAttribute>()!;

        Assert.Equal(nameof(ScoreVitals), Run.GetCustomAttribute<FunctionAttribute>()!.Name);
        Assert.Equal(("vitals", "ErEventHubs", "scorevitals", true), (trigger.EventHubName, trigger.Connection, trigger.ConsumerGroup, trigger.IsBatched));
        Assert.Equal(typeof(string[]), events.ParameterType);
    }

    [Fact]
    public void TheApp_NeverCarriesAnEventHubsTriggerAttributeOfItsOwn()
    {
        Assert.DoesNotContain(typeof(GetKpis).Assembly.GetTypes(), t => t.Name == nameof(EventHubTriggerAttribute));
        Assert.NotEqual(typeof(GetKpis).Assembly, typeof(EventHubTriggerAttribute).Assembly);
    }

    [Fact]
    public void Trigger_RetriesTransientFaultsWithBoundedExponentialBackoff()
    {
        var retry = Run.GetCustomAttribute<ExponentialBackoffRetryAttribute>()!;

        Assert.Equal((5, "00:00:04", "00:01:00"), (retry.MaxRetryCount, retry.MinimumInterval, retry.MaximumInterval));
    }

    [Fact]
    public async Task Run_AGoodAndAMalformedEvent_RecordsTheReadingAndDeadLettersTheOther()
    {
        await using var app = await LocalVitalsApp.StartAsync(Now);
        var good = VitalsJson.ToLine(new VitalReading
        {
            PatientId = "P00001",
            DeviceId = "MON-P00001",
            ObservedAt = Now.AddMinutes(-1),
            RespirationRate = 16,
            Spo2 = 97,
            OnOxygen = false,
            SystolicBp = 122,
            HeartRate = 76,
            Consciousness = Consciousness.A,
            TemperatureC = 36.8,
        });
        const string malformed = "{\"patientId\": \"P00002\", \"observedAt\": \"yesterday\"}";   // not an ISO 8601 time

        await app.Services.GetRequiredService<ScoreVitals>().RunAsync([good, malformed], new InvocationContext(retryCount: 0), CancellationToken.None);

        Assert.Equal(1, await app.CountAsync("SELECT COUNT(*) FROM fact_vital WHERE patient_id = 'P00001' AND news2 = 0"));
        var deadLetter = await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(app.DeadLetters)));
        Assert.Contains("not a vital reading", deadLetter, StringComparison.Ordinal);
        Assert.Contains("yesterday", deadLetter, StringComparison.Ordinal);
    }

    /// <summary>The invocation as the host describes it: only the retry context matters to ScoreVitals.</summary>
    private sealed class InvocationContext(int retryCount) : FunctionContext
    {
        public override string InvocationId => "test-invocation";

        public override string FunctionId => nameof(ScoreVitals);

        public override TraceContext TraceContext => throw new NotSupportedException();

        public override BindingContext BindingContext => throw new NotSupportedException();

        public override RetryContext RetryContext { get; } = new Retry(retryCount, 5);

        public override IServiceProvider InstanceServices { get; set; } = null!;

        public override FunctionDefinition FunctionDefinition => throw new NotSupportedException();

        public override IDictionary<object, object> Items { get; set; } = new Dictionary<object, object>();

        public override IInvocationFeatures Features => throw new NotSupportedException();

        private sealed class Retry(int count, int max) : RetryContext
        {
            public override int RetryCount => count;

            public override int MaxRetryCount => max;
        }
    }
}
