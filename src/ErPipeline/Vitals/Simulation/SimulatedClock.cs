namespace ErPipeline.Vitals.Simulation;

/// <summary>
/// A clock that runs <c>speed</c> times faster than another from a simulated start: what the alert engine reads
/// when a simulation is played faster than real time, so that reminders fall due in simulated minutes.
/// </summary>
public sealed class SimulatedClock(TimeProvider real, DateTimeOffset simulatedStart, double speed) : TimeProvider
{
    private readonly long _started = real.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => simulatedStart + (real.GetElapsedTime(_started) * speed);
}
