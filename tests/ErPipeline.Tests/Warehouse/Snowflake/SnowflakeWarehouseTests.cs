using System.Security.Cryptography;
using System.Text;
using ErPipeline.Access;
using ErPipeline.Alerts;
using ErPipeline.Kpis;
using ErPipeline.Vitals;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.Snowflake;
using ErTests.Support;
using Microsoft.Extensions.Primitives;

namespace ErPipeline.Tests.Warehouse.Snowflake;

/// <summary>
/// The Snowflake adapter end to end over the SQL API (a loopback server running the statements on DuckDB), compared
/// with the DuckDB adapter on the same data: what a user sees must not depend on the warehouse.
/// </summary>
public sealed class SnowflakeWarehouseTests : IAsyncLifetime
{
    private SnowflakeFixture _snowflake = null!;
    private PipelineFixture _duckDb = null!;

    public async Task InitializeAsync()
    {
        _snowflake = await SnowflakeFixture.CreateAsync();
        _duckDb = await PipelineFixture.CreateAsync();
    }

    public async Task DisposeAsync()
    {
        await _snowflake.DisposeAsync();
        await _duckDb.DisposeAsync();
    }

    [Fact]
    public async Task KpiFeed_OfTheSampleData_IsIdenticalThroughSnowflakeAndDuckDb()
    {
        await LoadSampleDataIntoBothAsync();
        await RecordAlertsIntoBothAsync();

        foreach (var query in new[] { "", "from=2024-03-01&to=2024-06-01", "department=Cardiology&department=Trauma&triage=1,2" })
        {
            foreach (var role in new[] { Role.Admin, Role.Analyst })
            {
                var request = FeedRequest.ForKpis(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query));
                var viaSnowflake = await _snowflake.NewFeed(new KpiOptions()).AnswerAsync(null, request, role, CancellationToken.None);
                var viaDuckDb = await NewDuckDbFeed().AnswerAsync(null, request, role, CancellationToken.None);
                Assert.Equal(Encoding.UTF8.GetString(viaDuckDb.Body), Encoding.UTF8.GetString(viaSnowflake.Body));
            }
        }
    }

    [Fact]
    public async Task KpiFeed_SendsEachSectionAsOneConstantTextWithFiltersBound()
    {
        await LoadSampleDataIntoBothAsync();
        var feed = _snowflake.NewFeed(new KpiOptions());
        var start = _snowflake.Server.Requests.Count;
        await feed.AnswerAsync(null, FeedRequest.ForKpis([new("department", new StringValues("Trauma"))]), Role.Admin, CancellationToken.None);
        var first = _snowflake.SentStatements(start).Where(text => text.Contains("fact_er_visit", StringComparison.Ordinal)).ToHashSet();
        var sent = _snowflake.Server.Requests.Count;

        await _snowflake.NewFeed(new KpiOptions()).AnswerAsync(null, FeedRequest.ForKpis([new("department", new StringValues("Cardiology"))]), Role.Admin, CancellationToken.None);
        var second = _snowflake.SentStatements(sent).Where(text => text.Contains("fact_er_visit", StringComparison.Ordinal)).ToHashSet();

        Assert.NotEmpty(first);
        Assert.Equal(first, second);
        Assert.DoesNotContain(first, text => text.Contains("Trauma", StringComparison.Ordinal) || text.Contains("Cardiology", StringComparison.Ordinal));
    }

    [Fact]
    public async Task VisitPages_ThroughSnowflake_MatchDuckDbForAdminAndMaskedAnalyst()
    {
        await LoadSampleDataIntoBothAsync();
        foreach (var role in new[] { Role.Admin, Role.Analyst })
        {
            var request = FeedRequest.ForVisits(Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery("pageSize=50&department=Trauma"));
            var viaSnowflake = await new VisitFeed(_snowflake.Warehouse, Microsoft.Extensions.Options.Options.Create(new KpiOptions())).PageAsync(request, role, CancellationToken.None);
            var viaDuckDb = await new VisitFeed(_duckDb.Warehouse, Microsoft.Extensions.Options.Options.Create(new KpiOptions())).PageAsync(request, role, CancellationToken.None);

            Assert.Equal(50, viaSnowflake.Rows.Count);
            Assert.Equal(viaDuckDb.NextAfter, viaSnowflake.NextAfter);
            // Surrogate keys are random per warehouse; everything else must agree.
            Assert.Equal(viaDuckDb.Rows.Select(r => r with { PatientKey = Mask(r.PatientKey, role) }),
                         viaSnowflake.Rows.Select(r => r with { PatientKey = Mask(r.PatientKey, role) }));
        }

        static string? Mask(string? id, Role role) => role == Role.Analyst ? (id is null ? null : "S-") : id;
    }

    [Fact]
    public async Task Load_OfTheSameFileTwice_MergesOnceAndAuditsTheSecondAsAlreadyLoaded()
    {
        var csv = await File.ReadAllTextAsync(RepositoryPaths.Data("patients.csv"));
        var first = await _snowflake.IngestAsync("patients.csv", csv);
        var staged = Directory.GetFiles(Path.Combine(_snowflake.StagePath, "patients"));
        var second = await _snowflake.IngestAsync("patients-again.csv", csv);

        Assert.Equal("loaded", first.Status);
        Assert.Equal("already-loaded", second.Status);
        Assert.Equal(first.RowsAccepted, await _snowflake.CountAsync("SELECT COUNT(*) FROM dim_patient"));
        Assert.Equal(0, await _snowflake.CountAsync("SELECT COUNT(*) FROM stg_patient"));
        Assert.Equal(2, await _snowflake.CountAsync("SELECT COUNT(*) FROM load_audit"));
        Assert.Equal(staged, Directory.GetFiles(Path.Combine(_snowflake.StagePath, "patients")));
    }

    [Fact]
    public async Task Load_StagesGzipCsvUnderItsHashThenMergesInOneTransaction()
    {
        await _snowflake.IngestAsync("patients.csv", Csv.Patients("P1,40,Female,A+,", "P1,41,Female,A+,Asthma", "P2,50,Male,O-,"));

        var file = Assert.Single(Directory.GetFiles(Path.Combine(_snowflake.StagePath, "patients")));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(file))) + ".csv.gz", Path.GetFileName(file));

        var requests = _snowflake.SentStatements();
        var copy = Assert.Single(requests, text => text.Contains("COPY INTO stg_patient", StringComparison.Ordinal));
        Assert.Contains($"FILES = ('{Path.GetFileName(file)}')", copy, StringComparison.Ordinal);
        var merge = Assert.Single(requests, text => text.Contains("MERGE INTO dim_patient", StringComparison.Ordinal));
        Assert.StartsWith("BEGIN;", merge, StringComparison.Ordinal);
        Assert.EndsWith("COMMIT", merge.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains("QUALIFY ROW_NUMBER() OVER (PARTITION BY patient_id ORDER BY line_number DESC) = 1", merge, StringComparison.Ordinal);
        Assert.Contains("INSERT INTO load_audit", merge, StringComparison.Ordinal);
        Assert.True(merge.IndexOf("MERGE INTO dim_patient", StringComparison.Ordinal) < merge.IndexOf("INSERT INTO load_audit", StringComparison.Ordinal));

        // Within the file the last row of a key wins, as in DuckDB.
        var rows = await _snowflake.QueryAsync("SELECT patient_id, age, pre_existing_condition FROM dim_patient ORDER BY patient_id");
        Assert.Equal([["P1", 41L, "Asthma"], ["P2", 50L, null]], rows);
    }

    [Fact]
    public async Task Load_WhoseCommitFails_LeavesNothingVisibleAndLoadsCompletelyOnRetry()
    {
        await _snowflake.Warehouse.MigrateAsync(CancellationToken.None);
        var csv = Csv.Visits("V1,P1,D1,2025-01-06 08:00:00,2,15,Trauma", "V2,P2,D1,2025-01-06 09:00:00,3,25,Trauma");
        _snowflake.Backend.FailOnce = text => text.Contains("MERGE INTO fact_er_visit", StringComparison.Ordinal);

        await Assert.ThrowsAnyAsync<Exception>(() => _snowflake.IngestAsync("er_visits.csv", csv));
        Assert.Equal(0, await _snowflake.CountAsync("SELECT COUNT(*) FROM fact_er_visit"));
        Assert.Equal(0, await _snowflake.CountAsync("SELECT COUNT(*) FROM dim_patient"));
        Assert.Equal(0, await _snowflake.CountAsync("SELECT COUNT(*) FROM load_audit"));
        Assert.Equal(0, await _snowflake.CountAsync("SELECT COUNT(*) FROM stg_visit"));

        var retry = await _snowflake.IngestAsync("er_visits.csv", csv);
        Assert.Equal("loaded", retry.Status);
        Assert.Equal(2, await _snowflake.CountAsync("SELECT COUNT(*) FROM fact_er_visit"));
        Assert.Equal(2, retry.InferredPatients);
    }

    [Fact]
    public async Task Quarantine_KeepsRawLinesWithQuotesBackslashesAndCommasExactlyAsDuckDbDoes()
    {
        // Line 3: a field too many, with quotes, a comma and a backslash inside; line 4: no patient id, a Windows path.
        var csv = Csv.Patients("P1,40,Female,A+,", "P2,50,Male,\"O\\'-\",\"x, \"\"y\"\"\",extra", ",60,Male,B+,C:\\temp\\");
        var viaSnowflake = await _snowflake.IngestAsync("patients.csv", csv);
        var viaDuckDb = await _duckDb.IngestAsync("patients.csv", csv);

        Assert.Equal(2, viaDuckDb.RowsQuarantined);
        Assert.Equal(2, viaSnowflake.RowsQuarantined);
        var sql = "SELECT line_number, reason, raw_text FROM quarantine_row ORDER BY line_number";
        Assert.Equal(Normalized(await _duckDb.QueryAsync(sql)), Normalized(await _snowflake.QueryAsync(sql)));
        Assert.Contains(await _snowflake.QueryAsync(sql), row => ((string)row[2]!).Contains("C:\\temp\\", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FileNames_WithQuotesAndBackslashes_ReachTheAuditUnchanged()
    {
        const string name = "o'brien\\ward's \"list\".csv";
        await _snowflake.IngestAsync(name, Csv.Patients("P1,40,Female,A+,"));

        var loads = await _snowflake.Warehouse.RecentLoadsAsync(5, CancellationToken.None);
        Assert.Equal(name, Assert.Single(loads).File);
        Assert.Equal(PipelineFixture.LoadTime, loads[0].FinishedAt);
    }

    [Fact]
    public async Task Migrations_OnAFreshAccount_AreAppliedOnFirstUseOnceAndRecorded()
    {
        Assert.False(await _snowflake.Warehouse.HasLoadedAsync(new string('0', 64), CancellationToken.None));

        Assert.Empty(await _snowflake.Warehouse.MigrateAsync(CancellationToken.None));
        var recorded = await _snowflake.QueryAsync("SELECT version, name FROM schema_migration ORDER BY version");
        Assert.Equal(Migration.All().Select(m => new object?[] { (long)m.Version, m.Name }), recorded);
    }

    [Fact]
    public async Task Migrations_ChangedAfterTheyWereApplied_StopWithAClearError()
    {
        await _snowflake.Warehouse.MigrateAsync(CancellationToken.None);
        await _snowflake.Api.ExecuteAsync(new SqlStatement("UPDATE schema_migration SET checksum = 'deadbeefdeadbeef' WHERE version = 1", []), CancellationToken.None);
        await using var fresh = new SnowflakeWarehouse(_snowflake.Api, new LocalCuratedStore(Microsoft.Extensions.Options.Options.Create(_snowflake.Options)),
            Microsoft.Extensions.Options.Options.Create(_snowflake.Options), _snowflake.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<SnowflakeWarehouse>.Instance);

        var error = await Assert.ThrowsAsync<WarehouseUnavailableException>(() => fresh.MigrateAsync(CancellationToken.None));
        Assert.Contains("0001_core_schema was changed after it was applied", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vitals_RecordedTwice_AreKeptOnceWithTheirValues()
    {
        var readings = Readings();
        // A reading delivered twice within one batch, too.
        readings.Add(readings[2]);
        await _snowflake.Warehouse.RecordVitalsAsync(readings, CancellationToken.None);
        await _snowflake.Warehouse.RecordVitalsAsync(readings, CancellationToken.None);
        await _duckDb.Warehouse.RecordVitalsAsync(readings, CancellationToken.None);

        var sql = "SELECT patient_id, device_id, observed_at, respiration_rate, spo2, on_oxygen, consciousness, news2, band, red_score, complete FROM fact_vital ORDER BY patient_id, observed_at";
        Assert.Equal(readings.Count - 1, (await _snowflake.QueryAsync(sql)).Count);
        Assert.Equal(0, await _snowflake.CountAsync("SELECT COUNT(*) FROM stg_vital"));
        Assert.Equal(Normalized(await _duckDb.QueryAsync(sql)), Normalized(await _snowflake.QueryAsync(sql)));
    }

    [Fact]
    public async Task Alerts_RedeliveredInABatch_AreFoldedOnceLikeDuckDb()
    {
        await RecordAlertsIntoBothAsync();
        await _snowflake.Warehouse.RecordAlertsAsync(Alerts(), CancellationToken.None);

        var sql = "SELECT alert_id, band, raised_at, escalated_at, cleared_at, reminders, last_event FROM fact_alert ORDER BY alert_id";
        var rows = await _snowflake.QueryAsync(sql);
        Assert.Equal(Normalized(await _duckDb.QueryAsync(sql)), Normalized(rows));
        Assert.Equal(1L, rows.Single(r => (string)r[0]! == "A1")[5]);
        Assert.Equal(Alerts().DistinctBy(a => a.DedupeKey).Count(), await _snowflake.CountAsync("SELECT COUNT(*) FROM fact_alert_event"));
    }

    /// <summary>Snowflake answers every integer as NUMBER (long here); DuckDB keeps INTEGER as int. The values must agree.</summary>
    private static List<object?[]> Normalized(List<object?[]> rows) =>
        [.. rows.Select(row => row.Select(v => v is int or short ? Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture) : v).ToArray())];

    private async Task LoadSampleDataIntoBothAsync()
    {
        foreach (var file in new[] { "patients.csv", "er_visits.csv", "er_visits_dirty.csv" })
        {
            var csv = await File.ReadAllTextAsync(RepositoryPaths.Data(file));
            var viaSnowflake = await _snowflake.IngestAsync(file, csv);
            var viaDuckDb = await _duckDb.IngestAsync(file, csv);
            Assert.Equal(Summary(viaDuckDb), Summary(viaSnowflake));
        }

        static string Summary(ErPipeline.Ingestion.FileLoadReport report) =>
            $"{report.File} {report.Status} read {report.RowsRead} accepted {report.RowsAccepted} quarantined {report.RowsQuarantined} " +
            $"duplicates {report.DuplicateKeys} inferred {report.InferredPatients} reasons {string.Join(",", report.Reasons.OrderBy(r => r.Key).Select(r => $"{r.Key}={r.Value}"))}";
    }

    private async Task RecordAlertsIntoBothAsync()
    {
        await _snowflake.Warehouse.RecordAlertsAsync(Alerts(), CancellationToken.None);
        await _duckDb.Warehouse.RecordAlertsAsync(Alerts(), CancellationToken.None);
    }

    private KpiFeed NewDuckDbFeed() =>
        new(new KpiService(_duckDb.Warehouse, Microsoft.Extensions.Options.Options.Create(new KpiOptions())), Microsoft.Extensions.Options.Options.Create(new KpiOptions()), _duckDb.Changes, _duckDb.Time);

    private static List<ScoredReading> Readings()
    {
        var start = new DateTimeOffset(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);
        return
        [
            .. Enumerable.Range(0, 5).Select(i => new VitalReading
            {
                PatientId = $"P0000{i % 2 + 1}",
                DeviceId = "bed-3",
                ObservedAt = start.AddMinutes(i).AddTicks(1234560),
                RespirationRate = 18 + i,
                Spo2 = i == 3 ? null : 95.5,
                OnOxygen = i % 2 == 0,
                SystolicBp = 120,
                HeartRate = 80 + (7 * i),
                Consciousness = i == 4 ? Consciousness.V : Consciousness.A,
                TemperatureC = 37.1,
            }).Select(r => new ScoredReading(r, News2Scorer.Score(r))),
        ];
    }

    private static List<AlertMessage> Alerts()
    {
        var raised = new DateTimeOffset(2025, 1, 6, 8, 0, 0, TimeSpan.Zero);
        AlertMessage Message(string alert, AlertEvent what, int minutes, News2Band? band) => new()
        {
            AlertId = alert,
            Kind = AlertKind.Clinical,
            Event = what,
            PatientId = "P00001",
            Band = band,
            News2 = 6,
            Parameters = [],
            ObservedAt = raised.AddMinutes(minutes),
            RaisedAt = raised,
            SentAt = raised.AddMinutes(minutes),
            Response = "urgent review",
            DedupeKey = $"{alert}:{what}:{minutes}",
        };

        return
        [
            Message("A1", AlertEvent.Raised, 0, News2Band.Medium),
            Message("A1", AlertEvent.Reminder, 15, News2Band.Medium),
            Message("A1", AlertEvent.Reminder, 15, News2Band.Medium),
            Message("A1", AlertEvent.Escalated, 30, News2Band.Medium),
            Message("A2", AlertEvent.Raised, 5, News2Band.High),
            Message("A2", AlertEvent.Cleared, 50, News2Band.Low),
        ];
    }
}
