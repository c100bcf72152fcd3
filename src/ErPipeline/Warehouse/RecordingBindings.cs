using ErPipeline.Alerts;
using ErPipeline.Vitals;

namespace ErPipeline.Warehouse;

/// <summary>The values of <c>sql/vitals/insert_vital.sql</c> for one scored reading; the same for every warehouse.</summary>
internal static class VitalBindings
{
    public static Dictionary<string, SqlBinding> Of(ScoredReading scored, DateTime recordedAt)
    {
        var (reading, score) = scored;
        return new Dictionary<string, SqlBinding>(StringComparer.Ordinal)
        {
            ["patient_id"] = SqlBinding.Text(reading.PatientId),
            ["device_id"] = SqlBinding.Text(reading.DeviceId),
            ["observed_at"] = SqlBinding.Timestamp(reading.ObservedAt.UtcDateTime),
            ["respiration_rate"] = new(SqlType.Real, reading.RespirationRate),
            ["spo2"] = new(SqlType.Real, reading.Spo2),
            ["spo2_scale"] = SqlBinding.Fixed(reading.Spo2Scale),
            ["on_oxygen"] = new(SqlType.Boolean, reading.OnOxygen),
            ["systolic_bp"] = new(SqlType.Real, reading.SystolicBp),
            ["heart_rate"] = new(SqlType.Real, reading.HeartRate),
            ["consciousness"] = SqlBinding.Text(reading.Consciousness?.ToString()),
            ["temperature_c"] = new(SqlType.Real, reading.TemperatureC),
            ["news2"] = SqlBinding.Fixed(score.Total),
            ["band"] = SqlBinding.Text(score.Band.ToString()),
            ["red_score"] = new(SqlType.Boolean, score.RedScore),
            ["complete"] = new(SqlType.Boolean, score.IsComplete),
            ["recorded_at"] = SqlBinding.Timestamp(recordedAt),
        };
    }
}

/// <summary>A batch of scored readings as rows of <c>stg_vital</c>, in its column order (Snowflake copies them in from a curated file).</summary>
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
