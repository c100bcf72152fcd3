namespace ErPipeline.Warehouse;

/// <summary>
/// Tells readers in this process that the warehouse's data changed (a load committed), so answers computed before
/// are stale at once. Changes made by other processes are seen when the data watermark is next read.
/// </summary>
public sealed class WarehouseChanges
{
    private long _version;

    /// <summary>Increases by one at each change.</summary>
    public long Version => Interlocked.Read(ref _version);

    public void Notify() => Interlocked.Increment(ref _version);
}
