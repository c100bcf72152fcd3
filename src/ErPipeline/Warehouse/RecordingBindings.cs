using ErPipeline.Alerts;
using ErPipeline.Vitals;

namespace ErPipeline.Warehouse;

/// <summary>
/// A batch of scored readings as rows of <c>stg_vital</c>, in its column order: the same for every warehouse (DuckDB
/// appends them, Snowflake copies them from a curated file).
/// </summary>
internal static class VitalRows
{
    public static readonly string[] Columns =
    [
        "load_id", "line_number", "patient_id", "device_id", "observed_at", "respiration_rate", "spo2", "spo2_scale",
        "on_oxygen", "systolic_bp", "heart_rate", "consciousness", "temperature_c", "news2", "band", "red_score",
        "complete", "recorded_at",
    ];

    public static IEnumerable<object?[]> Of(string loadId, IReadOnlyList<ScoredReading> readings, DateTime recordedAt)
    {
        for (var i = 0; i < readings.Count; i++)
        {
            var (reading, score) = readings[i];
            yield return
            [
                loadId, (long)i, reading.PatientId, reading.DeviceId, reading.ObservedAt.UtcDateTime, reading.RespirationRate,
                reading.Spo2, reading.Spo2Scale, reading.OnOxygen, reading.SystolicBp, reading.HeartRate,
                reading.Consciousness?.ToString(), reading.TemperatureC, score.Total, score.Band.ToString(), score.RedScore,
                score.IsComplete, recordedAt,
            ];
        }
    }
}

/// <summary>The values of <c>sql/alerts/merge_alert.sql</c> and <c>insert_event.sql</c> for one sent message.</summary>
internal static class AlertBindings
{
    public static Dictionary<string, SqlBinding> Of(AlertMessage message) => new(StringComparer.Ordinal)
    {
        ["dedupe_key"] = SqlBinding.Text(message.DedupeKey),
        ["alert_id"] = SqlBinding.Text(message.AlertId),
        ["kind"] = SqlBinding.Text(message.Kind == AlertKind.Clinical ? "clinical" : "technical"),
        ["event"] = SqlBinding.Text(message.Event.ToString().ToLowerInvariant()),
        ["patient_id"] = SqlBinding.Text(message.PatientId),
        ["band"] = SqlBinding.Text(message.Band?.ToString()),
        ["previous_band"] = SqlBinding.Text(message.PreviousBand?.ToString()),
        ["news2"] = SqlBinding.Fixed(message.News2),
        ["observed_at"] = SqlBinding.Timestamp(message.ObservedAt.UtcDateTime),
        ["raised_at"] = SqlBinding.Timestamp(message.RaisedAt.UtcDateTime),
        ["sent_at"] = SqlBinding.Timestamp(message.SentAt.UtcDateTime),
    };
}
