namespace ErPipeline.Vitals;

/// <summary>Where simulated or real bedside readings go: Event Hubs in Azure, an in-process channel on one machine.</summary>
public interface IVitalsPublisher
{
    /// <summary>Publishes readings so that each patient's arrive in order (one partition per patient).</summary>
    Task PublishAsync(IReadOnlyList<VitalReading> readings, CancellationToken cancellationToken);
}
