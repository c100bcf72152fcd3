using System.Text.Json.Serialization;

namespace ErPipeline.Vitals;

/// <summary>NEWS2 clinical risk bands (RCP 2017, chart 3), in order of severity.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<News2Band>))]
public enum News2Band
{
    Low,
    LowMedium,
    Medium,
    High,
}

/// <summary>One parameter's contribution: its name (camelCase, as in the reading), the value scored (rounded), the points.</summary>
public sealed record ParameterScore(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("points")] int Points);

/// <summary>
/// The NEWS2 of one reading. <see cref="Missing"/> lists parameters the reading lacks and <see cref="Implausible"/>
/// those with physiologically impossible values; either makes the score incomplete: the total then covers only the
/// parameters present, and the alert engine raises a technical alert rather than a clinical one.
/// </summary>
public sealed record News2Score(
    int Total,
    News2Band Band,
    bool RedScore,
    IReadOnlyList<ParameterScore> Parameters,
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Implausible)
{
    public bool IsComplete => Missing.Count == 0 && Implausible.Count == 0;
}
