using System.Text.Json;
using System.Text.Json.Serialization;

namespace ErPipeline.Vitals;

/// <summary>Level of consciousness on the ACVPU scale: Alert, new Confusion, Voice, Pain, Unresponsive.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Consciousness>))]
public enum Consciousness
{
    A,
    C,
    V,
    P,
    U,
}

/// <summary>
/// One set of bedside vital signs: the Event Hubs event body (partition key = patient id) and one line of a JSONL
/// file locally. Any vital may be null: the probe was off or the device did not measure it. Values are as the device
/// sent them; the NEWS2 scorer rounds them.
/// </summary>
public sealed record VitalReading
{
    [JsonPropertyName("patientId")] public required string PatientId { get; init; }

    [JsonPropertyName("deviceId")] public required string DeviceId { get; init; }

    /// <summary>When the device measured: ISO 8601 with a zone, written in UTC (<c>2026-03-01T12:00:00Z</c>).</summary>
    [JsonPropertyName("observedAt")]
    [JsonConverter(typeof(UtcTimestampConverter))]
    public required DateTimeOffset ObservedAt { get; init; }

    /// <summary>Breaths per minute.</summary>
    [JsonPropertyName("respirationRate")] public double? RespirationRate { get; init; }

    /// <summary>Oxygen saturation, %.</summary>
    [JsonPropertyName("spo2")] public double? Spo2 { get; init; }

    /// <summary>NEWS2 SpO2 scale: 1 (the default, also when absent) or 2 (confirmed hypercapnic respiratory failure, e.g. COPD).</summary>
    /// <remarks>Settable rather than init-only so that the source-generated reader keeps the default when the field is absent.</remarks>
    [JsonPropertyName("spo2Scale")] public int Spo2Scale { get; set; } = 1;

    /// <summary>On supplemental oxygen (true) or breathing air (false).</summary>
    [JsonPropertyName("onOxygen")] public bool? OnOxygen { get; init; }

    /// <summary>Systolic blood pressure, mmHg.</summary>
    [JsonPropertyName("systolicBp")] public double? SystolicBp { get; init; }

    /// <summary>Pulse, beats per minute.</summary>
    [JsonPropertyName("heartRate")] public double? HeartRate { get; init; }

    [JsonPropertyName("consciousness")] public Consciousness? Consciousness { get; init; }

    /// <summary>Temperature, °C.</summary>
    [JsonPropertyName("temperatureC")] public double? TemperatureC { get; init; }
}

/// <summary>
/// ISO 8601 timestamps that must say their zone (a reading without one is ambiguous and refused), written in UTC
/// with a <c>Z</c>.
/// </summary>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        if (text is null
            || !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var value)
            || !(text.EndsWith('Z') || text.EndsWith('z') || System.Text.RegularExpressions.Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$")))
        {
            throw new JsonException($"'{text}' is not an ISO 8601 time with a zone, e.g. 2026-03-01T12:00:00Z.");
        }

        return value.ToUniversalTime();
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }
}

/// <summary>Source-generated JSON for readings: camelCase names as declared, nulls written (a null vital is information).</summary>
[JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(VitalReading))]
public sealed partial class VitalsJson : JsonSerializerContext
{
    /// <summary>One reading as one line of JSON (no trailing newline).</summary>
    public static string ToLine(VitalReading reading) => JsonSerializer.Serialize(reading, Default.VitalReading);

    /// <summary>Parses one JSON line; a <see cref="JsonException"/> says what is wrong and where.</summary>
    public static VitalReading FromLine(string line) =>
        JsonSerializer.Deserialize(line, Default.VitalReading) ?? throw new JsonException("A reading is null; expected a JSON object.");
}
