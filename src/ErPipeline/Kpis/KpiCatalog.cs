using System.Text;

namespace ErPipeline.Kpis;

/// <summary>How a field is written: JSON and CSV spell each the same way (docs/kpi-feed.md).</summary>
public enum KpiType
{
    Text,

    /// <summary>A 64-bit integer (the contract's <c>int</c>).</summary>
    WholeNumber,

    /// <summary>A double, unrounded (the contract's <c>double</c>).</summary>
    Number,

    /// <summary>true or false (the contract's <c>bool</c>).</summary>
    Flag,

    /// <summary>A day, written <c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary>A month, written <c>yyyy-MM</c>.</summary>
    Month,
}

/// <summary>What a field is, for small-cell suppression: a count of people or visits, a statistic, or neither.</summary>
public enum KpiRole
{
    Dimension,
    Count,
    Statistic,
}

/// <summary>One field of a section: its name in the feed, its column in the SQL result, its type and role.</summary>
public sealed record KpiColumn(string Name, string SqlName, KpiType Type, KpiRole Role)
{
    public static KpiColumn Dimension(string name, KpiType type, string? sqlName = null) => new(name, sqlName ?? SnakeCase(name), type, KpiRole.Dimension);

    public static KpiColumn Count(string name, string? sqlName = null) => new(name, sqlName ?? SnakeCase(name), KpiType.WholeNumber, KpiRole.Count);

    public static KpiColumn Statistic(string name, KpiType type = KpiType.Number, string? sqlName = null) => new(name, sqlName ?? SnakeCase(name), type, KpiRole.Statistic);

    private static string SnakeCase(string name)
    {
        var snake = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                snake.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                snake.Append(c);
            }
        }

        return snake.ToString();
    }
}

/// <summary>A section of the feed: its name, the SQL that computes it and its fields (the trailing <c>suppressed</c> flag is added by the feed).</summary>
public sealed record KpiSection(string Name, string? SqlPath, IReadOnlyList<KpiColumn> Columns, bool IsSingleRow = false)
{
    /// <summary>The flag every row ends with: whether suppression nulled a value of the row.</summary>
    public const string SuppressedField = "suppressed";

    /// <summary>The field names as the feed writes them, <c>suppressed</c> last.</summary>
    public IEnumerable<string> FieldNames => Columns.Select(c => c.Name).Append(SuppressedField);
}

/// <summary>The sections of the KPI feed, in document order. The contract is docs/kpi-feed.md.</summary>
public static class KpiCatalog
{
    public const int SchemaVersion = 1;

    public static readonly KpiSection Summary = new("summary", "kpis/summary.sql",
    [
        KpiColumn.Count("totalVisits"),
        KpiColumn.Count("distinctPatients"),
        KpiColumn.Count("patients"),
        KpiColumn.Statistic("avgWaitMinutes"),
        KpiColumn.Statistic("medianWaitMinutes"),
        KpiColumn.Statistic("p90WaitMinutes"),
        KpiColumn.Statistic("maxWaitMinutes", KpiType.WholeNumber),
        KpiColumn.Count("criticalVisits"),
        KpiColumn.Count("activeDoctors"),
        KpiColumn.Statistic("withinTargetPct"),
    ], IsSingleRow: true);

    public static readonly KpiSection Departments = new("departments", "kpis/departments.sql",
    [
        KpiColumn.Dimension("department", KpiType.Text),
        KpiColumn.Count("visits"),
        KpiColumn.Statistic("avgWaitMinutes"),
        KpiColumn.Statistic("medianWaitMinutes"),
        KpiColumn.Statistic("p90WaitMinutes"),
        KpiColumn.Statistic("maxWaitMinutes", KpiType.WholeNumber),
        KpiColumn.Count("criticalVisits"),
    ]);

    public static readonly KpiSection Triage = new("triage", "kpis/triage.sql",
    [
        KpiColumn.Dimension("triageLevel", KpiType.WholeNumber),
        KpiColumn.Count("visits"),
        KpiColumn.Statistic("avgWaitMinutes"),
        KpiColumn.Statistic("medianWaitMinutes"),
        KpiColumn.Statistic("p90WaitMinutes"),
        KpiColumn.Dimension("targetMinutes", KpiType.WholeNumber),
        KpiColumn.Statistic("withinTargetPct"),
    ]);

    public static readonly KpiSection DepartmentTriage = new("departmentTriage", "kpis/department_triage.sql",
    [
        KpiColumn.Dimension("department", KpiType.Text),
        KpiColumn.Dimension("triageLevel", KpiType.WholeNumber),
        KpiColumn.Count("visits"),
        KpiColumn.Statistic("avgWaitMinutes"),
    ]);

    public static readonly KpiSection Doctors = new("doctors", "kpis/doctors.sql",
    [
        KpiColumn.Dimension("doctorId", KpiType.Text),
        KpiColumn.Count("visits"),
        KpiColumn.Count("criticalVisits"),
        KpiColumn.Statistic("avgWaitMinutes"),
        KpiColumn.Dimension("workloadRank", KpiType.WholeNumber),
    ]);

    public static readonly KpiSection Monthly = new("monthly", "kpis/monthly.sql",
    [
        KpiColumn.Dimension("month", KpiType.Month, "month_start"),
        KpiColumn.Count("visits"),
        KpiColumn.Count("cumulativeVisits"),
        KpiColumn.Statistic("avgWaitMinutes"),
    ]);

    public static readonly KpiSection BloodGroups = new("bloodGroups", "kpis/blood_groups.sql",
    [
        KpiColumn.Dimension("bloodGroup", KpiType.Text),
        KpiColumn.Count("visits"),
    ]);

    public static readonly KpiSection Genders = new("genders", "kpis/genders.sql",
    [
        KpiColumn.Dimension("gender", KpiType.Text),
        KpiColumn.Count("patients"),
        KpiColumn.Statistic("share"),
    ]);

    public static readonly KpiSection ArrivalsByHour = new("arrivalsByHour", "kpis/arrivals_by_hour.sql",
    [
        KpiColumn.Dimension("weekday", KpiType.WholeNumber),
        KpiColumn.Dimension("hour", KpiType.WholeNumber, "hour_of_day"),
        KpiColumn.Count("visits"),
        KpiColumn.Statistic("avgWaitMinutes"),
    ]);

    public static readonly KpiSection RollingWait = new("rollingWait", "kpis/rolling_wait.sql",
    [
        KpiColumn.Dimension("department", KpiType.Text),
        KpiColumn.Dimension("date", KpiType.Date, "arrival_date"),
        KpiColumn.Count("visits7d", "visits_7d"),
        KpiColumn.Statistic("avgWaitMinutes7d", sqlName: "avg_wait_minutes_7d"),
    ]);

    /// <summary>Alert events by the alert's band and event, with the median minutes from raise to escalation.</summary>
    public static readonly KpiSection Alerts = new("alerts", "kpis/alerts.sql",
    [
        KpiColumn.Dimension("band", KpiType.Text),
        KpiColumn.Dimension("event", KpiType.Text),
        KpiColumn.Count("alerts"),
        KpiColumn.Statistic("medianMinutesToEscalation"),
    ]);

    public static readonly IReadOnlyList<KpiSection> Sections =
        [Summary, Departments, Triage, DepartmentTriage, Doctors, Monthly, BloodGroups, Genders, ArrivalsByHour, RollingWait, Alerts];

    /// <summary>The section of this name (case-insensitive), or null.</summary>
    public static KpiSection? Find(string name) =>
        Sections.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}
