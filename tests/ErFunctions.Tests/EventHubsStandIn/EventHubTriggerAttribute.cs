using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

/// <summary>
/// Test-only stand-in for the trigger attribute of Microsoft.Azure.Functions.Worker.Extensions.EventHubs (not in this
/// machine's registry): the same name, namespace, base types, constructor and properties, and batching by default,
/// so that src/ErFunctions/ScoreVitals.cs compiles here unchanged. The shipped app never contains it.
/// </summary>
[BindingCapabilities(KnownBindingCapabilities.FunctionLevelRetry)]
public sealed class EventHubTriggerAttribute(string eventHubName) : TriggerBindingAttribute, ISupportCardinality
{
    /// <summary>The hub to listen on.</summary>
    public string EventHubName { get; } = eventHubName;

    /// <summary>The consumer group; the host uses <c>$Default</c> when it is null.</summary>
    public string? ConsumerGroup { get; set; }

    /// <summary>The app setting (or prefix of <c>__fullyQualifiedNamespace</c>) of the Event Hubs connection.</summary>
    public string? Connection { get; set; }

    /// <summary>Whether the function receives a batch of events (an array) rather than one. Default true.</summary>
    [DefaultValue(true)]
    public bool IsBatched { get; set; } = true;

    Cardinality ISupportCardinality.Cardinality
    {
        get => IsBatched ? Cardinality.Many : Cardinality.One;
        set => IsBatched = value == Cardinality.Many;
    }
}
