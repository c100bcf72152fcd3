using ErPipeline.Alerts;
using ErPipeline.Vitals;

namespace ErPipeline.Warehouse.DuckDb;

/// <summary>Recording the vitals stream: scored readings and sent alerts, one transaction per batch.</summary>
public sealed partial class DuckDbWarehouse
{
    /// <summary>The batch is appended to <c>stg_vital</c>, merged by one statement and cleared, in one transaction.</summary>
    public async Task RecordVitalsAsync(IReadOnlyList<ScoredReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        if (readings.Count == 0)
        {
            return;
        }

        var loadId = SqlBinding.Text(Guid.NewGuid().ToString("N"));
        var values = new Dictionary<string, SqlBinding>(StringComparer.Ordinal) { ["load_id"] = loadId };
        var merge = SqlTemplate.Get("vitals/merge_vitals.sql").Bind(values);
        var clear = SqlTemplate.Get("vitals/clear_staged_vitals.sql").Bind(values);
        await InTransactionAsync(async (connection, transaction) =>
        {
            using (var appender = connection.CreateAppender("stg_vital"))
            {
                foreach (var row in VitalRows.Of((string)loadId.Value!, readings, Now()))
                {
                    var appended = appender.CreateRow();
                    foreach (var value in row)
                    {
                        appended = Append(appended, value);
                    }

                    appended.EndRow();
                }
            }

            await ExecuteAsync(connection, transaction, merge.Text, merge.Bindings.Select(b => b.Value).ToArray(), cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, clear.Text, clear.Bindings.Select(b => b.Value).ToArray(), cancellationToken).ConfigureAwait(false);
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
                var values = AlertBindings.Of(message);
                // The fold first: it and the insert both skip a message recorded before.
                var merged = merge.Bind(values);
                await ExecuteAsync(connection, transaction, merged.Text, merged.Bindings.Select(b => b.Value).ToArray(), cancellationToken).ConfigureAwait(false);
                var inserted = insert.Bind(values);
                await ExecuteAsync(connection, transaction, inserted.Text, inserted.Bindings.Select(b => b.Value).ToArray(), cancellationToken).ConfigureAwait(false);
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

    private static DuckDB.NET.Data.IDuckDBAppenderRow Append(DuckDB.NET.Data.IDuckDBAppenderRow row, object? value) => value switch
    {
        null => row.AppendNullValue(),
        string text => row.AppendValue(text),
        long number => row.AppendValue(number),
        int number => row.AppendValue(number),
        double number => row.AppendValue(number),
        bool flag => row.AppendValue(flag),
        DateTime time => row.AppendValue(time),
        _ => throw new ArgumentException($"Cannot append a {value.GetType().Name}.", nameof(value)),
    };

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
