using ErPipeline.Warehouse;
using Microsoft.Extensions.Options;

namespace ErPipeline.Kpis;

/// <summary>The state of the data the feed describes: the end of the last load, how many loads there were, how many alert events.</summary>
public sealed record DataWatermark(DateTimeOffset? LastLoadAt, long Loads, long AlertEvents);

/// <summary>Computes KPI sections in the warehouse: one SQL text per section, the filter bound as values.</summary>
public sealed class KpiService(IWarehouse warehouse, IOptions<KpiOptions> options)
{
    private readonly KpiOptions _options = options.Value;

    /// <summary>A section's rows, unsuppressed.</summary>
    public async Task<KpiTable> SectionAsync(KpiSection section, KpiFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(section);
        ArgumentNullException.ThrowIfNull(filter);
        if (section.SqlPath is null)
        {
            return new KpiTable(section, []);
        }

        var template = SqlTemplate.Get(section.SqlPath);
        var bindings = new Dictionary<string, SqlBinding>(StringComparer.Ordinal);
        filter.AddBindings(bindings, _options);
        var result = await warehouse.ReadAsync(template.Bind(bindings), cancellationToken).ConfigureAwait(false);
        CheckColumns(section, result.Columns);

        var rows = new object?[result.Rows.Count][];
        for (var r = 0; r < rows.Length; r++)
        {
            var raw = result.Rows[r];
            var row = new object?[section.Columns.Count];
            for (var c = 0; c < row.Length; c++)
            {
                row[c] = KpiTable.Normalize(raw[c], section.Columns[c].Type);
            }

            rows[r] = row;
        }

        return new KpiTable(section, rows);
    }

    /// <summary>When the data last changed: the end of the last load that merged rows (UTC, null before any) and the number of such loads.</summary>
    public async Task<DataWatermark> DataWatermarkAsync(CancellationToken cancellationToken)
    {
        var result = await warehouse.ReadAsync(SqlTemplate.Get("kpis/data_watermark.sql").Bind(new Dictionary<string, SqlBinding>()), cancellationToken).ConfigureAwait(false);
        var row = result.Rows[0];
        var lastLoad = row[0] is null
            ? (DateTimeOffset?)null
            : new DateTimeOffset(DateTime.SpecifyKind(Convert.ToDateTime(row[0], System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc));
        return new DataWatermark(lastLoad, (long)KpiTable.Normalize(row[1], KpiType.WholeNumber)!, (long)KpiTable.Normalize(row[2], KpiType.WholeNumber)!);
    }

    private static void CheckColumns(KpiSection section, IReadOnlyList<string> columns)
    {
        var expected = section.Columns.Select(c => c.SqlName).ToArray();
        if (!expected.SequenceEqual(columns, StringComparer.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"sql/{section.SqlPath} returns columns ({string.Join(", ", columns)}) but section {section.Name} expects ({string.Join(", ", expected)}).");
        }
    }
}
