using ErPipeline.Azure.Vitals;
using ErPipeline.Vitals;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ErFunctions.Tests.Vitals;

/// <summary>The timer-triggered vitals functions and the Event Hubs publisher, composed as the app composes them.</summary>
public sealed class VitalsFunctionsTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // The Event Hubs emulator's documented connection string: a client is built from it without any network.
    private const string EmulatorConnection = "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;UseDevelopmentEmulator=true;";

    [Theory]
    [InlineData("ErEventHubs", EmulatorConnection)]
    [InlineData("ErEventHubs:fullyQualifiedNamespace", "er-test.servicebus.windows.net")]
    public async Task Publisher_FromTheErEventHubsConnection_IsTheEventHubsPublisherOfTheVitalsHub(string setting, string value)
    {
        await using var app = await LocalVitalsApp.StartAsync(Noon, new Dictionary<string, string?> { [setting] = value });

        var publisher = app.Services.GetRequiredService<IVitalsPublisher>();

        Assert.IsType<EventHubVitalsPublisher>(publisher);
        Assert.NotNull(app.Services.GetRequiredService<GenerateVitals>());
    }

    [Fact]
    public async Task NoEventHubsSettings_TheOtherFunctionsStillResolveAndThePublisherNamesTheSettingItLacks()
    {
        await using var app = await LocalVitalsApp.StartAsync(Noon);

        Assert.NotNull(app.Services.GetRequiredService<SendAlertReminders>());
        Assert.NotNull(app.Services.GetRequiredService<ScoreVitals>());
        var error = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<IVitalsPublisher>());
        Assert.Contains("ErEventHubs__fullyQualifiedNamespace", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateVitals_TwoScheduledRuns_PublishTheMinuteSinceEachPreviousRunOncePerPatient()
    {
        var published = new RecordingPublisher();
        await using var app = await LocalVitalsApp.StartAsync(
            Noon.AddMinutes(1).AddMilliseconds(15),
            new Dictionary<string, string?> { ["Vitals:SimulatedPatients"] = "3" },
            services => services.Replace(ServiceDescriptor.Singleton<IVitalsPublisher>(published)));
        var function = app.Services.GetRequiredService<GenerateVitals>();

        // As the host reports them: its local times (UTC here), Last = when the previous run fired, Next = this run.
        await function.RunAsync(Timer(last: Noon.AddMilliseconds(20), next: Noon.AddMinutes(1)), CancellationToken.None);
        app.Time.Advance(TimeSpan.FromMinutes(1));
        await function.RunAsync(Timer(last: Noon.AddMinutes(1).AddMilliseconds(15), next: Noon.AddMinutes(2)), CancellationToken.None);

        Assert.Equal(2, published.Batches.Count);
        Assert.All(published.Batches[0], r => Assert.InRange(r.ObservedAt, Noon, Noon.AddMinutes(1).AddTicks(-1)));
        Assert.All(published.Batches[1], r => Assert.InRange(r.ObservedAt, Noon.AddMinutes(1), Noon.AddMinutes(2).AddTicks(-1)));
        Assert.All(published.Batches, batch => Assert.Equal(["SIM-0001", "SIM-0002", "SIM-0003"], batch.Select(r => r.PatientId).Order(StringComparer.Ordinal)));
    }

    private static TimerInfo Timer(DateTimeOffset last, DateTimeOffset next) => new()
    {
        ScheduleStatus = new ScheduleStatus
        {
            Last = DateTime.SpecifyKind(last.UtcDateTime, DateTimeKind.Unspecified),
            Next = DateTime.SpecifyKind(next.UtcDateTime, DateTimeKind.Unspecified),
            LastUpdated = DateTime.SpecifyKind(last.UtcDateTime, DateTimeKind.Unspecified),
        },
    };

    private sealed class RecordingPublisher : IVitalsPublisher
    {
        public List<IReadOnlyList<VitalReading>> Batches { get; } = [];

        public Task PublishAsync(IReadOnlyList<VitalReading> readings, CancellationToken cancellationToken)
        {
            Batches.Add(readings);
            return Task.CompletedTask;
        }
    }
}
