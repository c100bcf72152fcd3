namespace ErPipeline.Vitals.Simulation;

/// <summary>
/// A stretch of simulated time, <c>[From, To)</c>: what one run of a scheduled generator covers. Runs that follow
/// one another cover windows that join end to start, so no reading is sent twice or skipped.
/// </summary>
public readonly record struct SimulationWindow(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>
    /// Most simulated time one run makes up for after missed runs (host down, a deployment). A longer outage leaves
    /// a gap, as a monitor network outage would: a backlog of old readings would only reach the alert engine late.
    /// </summary>
    public static readonly TimeSpan MaxCatchUp = TimeSpan.FromMinutes(15);

    public TimeSpan Length => To - From;

    public bool IsEmpty => To <= From;

    /// <summary>Whether <paramref name="time"/> falls in the window (its start included, its end not).</summary>
    public bool Contains(DateTimeOffset time) => time >= From && time < To;

    /// <summary>
    /// The window of a timer run: from the previous run to this run's scheduled time, both floored to
    /// <paramref name="grid"/> (the reading interval) so that the next run starts exactly where this one ends even
    /// though the host records the time a run actually fired, a little after the schedule.
    /// </summary>
    /// <param name="previousRun">When the previous run fired; null if there is none on record (first run, or no schedule monitor).</param>
    /// <param name="scheduledRun">When this run was scheduled; null if unknown.</param>
    /// <param name="isPastDue">This run makes up for a missed one (it fires now rather than at <paramref name="scheduledRun"/>).</param>
    /// <param name="now">The current time.</param>
    /// <param name="grid">Reading interval: windows start and end on its multiples (counted from the Unix epoch).</param>
    /// <param name="maxCatchUp">Longest window; <see cref="MaxCatchUp"/> when null.</param>
    public static SimulationWindow ForTimerRun(
        DateTimeOffset? previousRun,
        DateTimeOffset? scheduledRun,
        bool isPastDue,
        DateTimeOffset now,
        TimeSpan grid,
        TimeSpan? maxCatchUp = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(grid, TimeSpan.Zero);
        var limit = Floor(maxCatchUp ?? MaxCatchUp, grid);
        limit = limit < grid ? grid : limit;

        // A past-due run fires late, at start-up; its scheduled time lies before it, so it covers up to now. A
        // scheduled time ahead of the clock (beyond the skew a timer may fire early by) is not this run's.
        var end = !isPastDue && scheduledRun is { } scheduled && scheduled <= now + grid ? scheduled : now;
        var to = Floor(end, grid);
        var from = previousRun is { } previous ? Floor(previous, grid) : to - grid;
        if (from > to)
        {
            from = to;
        }

        if (to - from > limit)
        {
            from = to - limit;
        }

        return new SimulationWindow(from, to);
    }

    /// <summary>
    /// A time the Functions host reports for a timer (<c>ScheduleStatus.Last</c>, <c>Next</c>) as an instant. The host
    /// keeps them in its local time (UTC in Azure unless <c>WEBSITE_TIME_ZONE</c> says otherwise): a value without
    /// a zone is read in <paramref name="hostZone"/>. The never-run default (year 1) is null.
    /// </summary>
    public static DateTimeOffset? HostTime(DateTime? value, TimeZoneInfo hostZone)
    {
        ArgumentNullException.ThrowIfNull(hostZone);
        if (value is not { } time || time.Year <= 1)
        {
            return null;
        }

        return time.Kind switch
        {
            DateTimeKind.Utc => new DateTimeOffset(time, TimeSpan.Zero),
            DateTimeKind.Local => new DateTimeOffset(time.ToUniversalTime(), TimeSpan.Zero),
            _ => new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(time, hostZone), TimeSpan.Zero),
        };
    }

    /// <summary>The latest multiple of <paramref name="grid"/> since the Unix epoch at or before <paramref name="time"/>, in UTC.</summary>
    public static DateTimeOffset Floor(DateTimeOffset time, TimeSpan grid)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(grid, TimeSpan.Zero);
        var ticks = (time - DateTimeOffset.UnixEpoch).Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(FloorDiv(ticks, grid.Ticks) * grid.Ticks);
    }

    private static TimeSpan Floor(TimeSpan span, TimeSpan grid) => TimeSpan.FromTicks(FloorDiv(span.Ticks, grid.Ticks) * grid.Ticks);

    internal static long FloorDiv(long value, long divisor)
    {
        var quotient = Math.DivRem(value, divisor, out var remainder);
        return remainder < 0 ? quotient - 1 : quotient;
    }
}
