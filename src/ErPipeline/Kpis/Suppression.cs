namespace ErPipeline.Kpis;

/// <summary>
/// Small-cell suppression for analysts (shared/DOMAIN.md §5): a count from 1 to <c>minimum - 1</c> becomes null; when
/// a row's first count is suppressed, its statistics (averages, percentiles, maxima, shares) become null too, since
/// a statistic of a handful of visits describes those visits. Zero stays: it reveals no one.
/// </summary>
public static class Suppression
{
    public static KpiTable Apply(KpiTable table, int minimumCount)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = table.Section.Columns;
        var firstCount = columns.ToList().FindIndex(c => c.Role == KpiRole.Count);
        var rows = new object?[table.Rows.Count][];
        var suppressed = new bool[table.Rows.Count];
        for (var r = 0; r < rows.Length; r++)
        {
            var row = (object?[])table.Rows[r].Clone();
            var baseIsSmall = firstCount >= 0 && IsSmall(row[firstCount], minimumCount);
            for (var c = 0; c < columns.Count; c++)
            {
                var small = columns[c].Role switch
                {
                    KpiRole.Count => IsSmall(row[c], minimumCount),
                    KpiRole.Statistic => baseIsSmall,
                    _ => false,
                };

                if (small && row[c] is not null)
                {
                    row[c] = null;
                    suppressed[r] = true;
                }
            }

            rows[r] = row;
        }

        return new KpiTable(table.Section, rows, suppressed);
    }

    private static bool IsSmall(object? count, int minimum) => count is long n && n > 0 && n < minimum;
}
