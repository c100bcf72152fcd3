using System.Text.Json;
using System.Text.Json.Serialization;
using ErPipeline.Vitals;

namespace ErPipeline.Alerts;

/// <summary>Whether an alert is about the patient (NEWS2 band) or about the monitoring (missing or impossible values).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertKind>))]
public enum AlertKind
{
    [JsonStringEnumMemberName("clinical")] Clinical,
    [JsonStringEnumMemberName("technical")] Technical,
}

/// <summary>What happened to an alert: one queue message per event.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AlertEvent>))]
public enum AlertEvent
{
    /// <summary>A new alert, or an open one whose band worsened (then <see cref="AlertMessage.PreviousBand"/> says from what).</summary>
    [JsonStringEnumMemberName("raised")] Raised,

    /// <summary>Unacknowledged after the configured number of reminders: meant for the next tier.</summary>
    [JsonStringEnumMemberName("escalated")] Escalated,

    /// <summary>Unacknowledged: the same alert again, at the band's reminder interval.</summary>
    [JsonStringEnumMemberName("reminder")] Reminder,

    /// <summary>The alert is over: readings stayed below its band (or complete, for technical) for the cooling period.</summary>
    [JsonStringEnumMemberName("cleared")] Cleared,
}

/// <summary>
/// One alert event on the queue <c>er-alerts</c>: a JSON object, camelCase names, UTF-8 (<see cref="AlertsJson"/>).
/// Consumers drop a message whose <see cref="DedupeKey"/> they have seen: delivery is at least once.
/// </summary>
public sealed record AlertMessage
{
    /// <summary>Version of this contract; a change that breaks consumers gets a new number.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>The same for every event of one alert, from its raise to its clearing.</summary>
    public required string AlertId { get; init; }

    public required AlertKind Kind { get; init; }

    public required AlertEvent Event { get; init; }

    public required string PatientId { get; init; }

    /// <summary>
    /// Clinical: the alert's band for raised, reminder and escalated; for cleared, the patient's band now.
    /// Null for technical alerts.
    /// </summary>
    public News2Band? Band { get; init; }

    /// <summary>On a raise that worsens an open alert, the band it worsened from; on cleared, the band that cleared; otherwise null.</summary>
    public News2Band? PreviousBand { get; init; }

    /// <summary>NEWS2 total of the latest complete reading; null for technical alerts (their score is partial).</summary>
    public int? News2 { get; init; }

    /// <summary>Whether that reading has a red score (one parameter scoring 3); null for technical alerts.</summary>
    public bool? RedScore { get; init; }

    /// <summary>The reading's parameters as scored: name, value, points.</summary>
    public required IReadOnlyList<ParameterScore> Parameters { get; init; }

    /// <summary>Technical alerts: parameters the reading lacks (probe off). Empty otherwise.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    /// <summary>Technical alerts: parameters with physiologically impossible values. Empty otherwise.</summary>
    public IReadOnlyList<string> Implausible { get; init; } = [];

    /// <summary>When the device measured the reading this message reports (UTC).</summary>
    [JsonConverter(typeof(UtcTimestampConverter))]
    public required DateTimeOffset ObservedAt { get; init; }

    /// <summary>When the engine first raised this alert (UTC); the same on every event of the alert.</summary>
    [JsonConverter(typeof(UtcTimestampConverter))]
    public required DateTimeOffset RaisedAt { get; init; }

    /// <summary>When the engine emitted this event (UTC): the raise, worsening, reminder, escalation or clearing time.</summary>
    [JsonConverter(typeof(UtcTimestampConverter))]
    public required DateTimeOffset SentAt { get; init; }

    /// <summary>The response the band requires (<see cref="ClinicalResponse"/>), or what to check for a technical alert.</summary>
    public required string Response { get; init; }

    /// <summary>Unique per event and deterministic from the alert's state: a consumer that has seen it drops the message.</summary>
    public required string DedupeKey { get; init; }
}

/// <summary>
/// Source-generated JSON for the alert engine: <see cref="AlertMessage"/> (the queue contract) and <see cref="AlertState"/>
/// (what a state store keeps per patient). camelCase, nulls written, one line per object.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(AlertMessage))]
[JsonSerializable(typeof(AlertState))]
public sealed partial class AlertsJson : JsonSerializerContext
{
    /// <summary>One message as one line of JSON (no trailing newline): the queue message body, a JSONL line.</summary>
    public static string ToLine(AlertMessage message) => JsonSerializer.Serialize(message, Default.AlertMessage);

    /// <summary>Parses one message; a <see cref="JsonException"/> says what is wrong.</summary>
    public static AlertMessage FromLine(string line) =>
        JsonSerializer.Deserialize(line, Default.AlertMessage) ?? throw new JsonException("An alert message is null; expected a JSON object.");
}
