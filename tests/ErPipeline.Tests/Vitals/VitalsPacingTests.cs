using ErPipeline.Vitals;
using ErPipeline.Vitals.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace ErPipeline.Tests.Vitals;

public sealed class VitalsPacingTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task PaceAsync_AtSixtyTimesRealTime_ReleasesEachReadingOnlyOnceItsTimeHasComeOnTheClock()
    {
        var simulator = new VitalsSimulator(Enumerable.Range(1, 4).Select(MonitoredPatient.Synthetic), 3, Start, TimeSpan.FromMinutes(10));
        var clock = new FakeTimeProvider(Start);
        var released = new List<(VitalReading Reading, TimeSpan At)>();

        await using var paced = VitalsPacing.PaceAsync(simulator.Readings(), simulator.Start, 60, clock, CancellationToken.None).GetAsyncEnumerator();
        var next = paced.MoveNextAsync().AsTask();
        for (var step = 0; step < 200; step++)
        {
            while (next.IsCompleted && await next)
            {
                released.AddRange(paced.Current.Select(r => (r, clock.GetUtcNow() - Start)));
                next = paced.MoveNextAsync().AsTask();
            }

            if (next.IsCompleted)
            {
                break;
            }

            // The clock only moves here: 50 ms of real time is 3 s of simulated time.
            clock.Advance(TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        Assert.Equal(simulator.Readings().Select(VitalsJson.ToLine), released.Select(r => VitalsJson.ToLine(r.Reading)));   // all of them, in order
        Assert.All(released, r => Assert.True(r.At >= (r.Reading.ObservedAt - Start) / 60,
            $"{r.Reading.PatientId} at {r.Reading.ObservedAt:HH:mm:ss} released after {r.At.TotalSeconds:F2} s, before its time"));
        Assert.True(released.Select(r => r.At).Distinct().Count() > 10, "readings are spread over the run, not all at once");
    }

    [Fact]
    public async Task PaceAsync_Cancelled_StopsWhileWaiting()
    {
        var simulator = new VitalsSimulator([MonitoredPatient.Synthetic(1)], 3, Start, TimeSpan.FromHours(1));
        var clock = new FakeTimeProvider(Start);
        using var cancel = new CancellationTokenSource();
        var batches = 0;

        var run = Task.Run(async () =>
        {
            await foreach (var _ in VitalsPacing.PaceAsync(simulator.Readings(), simulator.Start, 1, clock, cancel.Token))
            {
                batches++;
            }
        });
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(batches <= 1, "at real time, at most the first reading can be due before the clock moves");
    }
}
