using ErPipeline.Alerts;
using ErPipeline.Vitals;

namespace ErPipeline.Warehouse.DuckDb;

/// <summary>Recording the vitals stream: scored readings and sent alerts, one transaction per batch; single statements.</summary>
public sealed partial class DuckDbWarehouse
{
    public async Task RecordVitalsAsync(IReadOnlyList<ScoredReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return;
        }

        var template = SqlTemplate.Get("vitals/insert_vital.sql");
        var recordedAt = Now();
        await InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var (reading, score) in readings)
            {
                var statement = template.Bind(new Dictionary<string, SqlBinding>(StringComparer.Ordinal)
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
                });
                await ExecuteAsync(connection, transaction, statement.Text, statement.Bindings.Select(b => b.Value).ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task RecordAlertsAsync(IReadOnlyList<AlertMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count == 0)
        {
            return;
        }

        var insert = SqlTemplate.Get("alerts/insert_event.sql");
        var merge = SqlTemplate.Get("alerts/merge_alert.sql");
        await InTransactionAsync(async (connection, transaction) =>
        {
            foreach (var message in messages)
            {
                var values = new Dictionary<string, SqlBinding>(StringComparer.Ordinal)
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
                var inserted = insert.Bind(values);
                await using var command = Command(connection, transaction, inserted.Text, inserted.Bindings.Select(b => b.Value).ToArray());
                if (await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1)
                {
                    var merged = merge.Bind(values);
                    await ExecuteAsync(connection, transaction, merged.Text, merged.Bindings.Select(b => b.Value).ToArray(), cancellationToken).ConfigureAwait(false);
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<int> ExecuteAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statement);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = Command(Open(), null, statement.Text, statement.Bindings.Select(b => b.Value).ToArray());
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task InTransactionAsync(Func<DuckDB.NET.Data.DuckDBConnection, System.Data.Common.DbTransaction, Task> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var connection = Open();
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await work(connection, transaction).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }
}
