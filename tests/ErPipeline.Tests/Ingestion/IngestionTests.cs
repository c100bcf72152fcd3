using System.Text;
using ErPipeline.Ingestion;

namespace ErPipeline.Tests.Ingestion;

public sealed class IngestionTests : PipelineTest
{
    [Fact]
    public async Task Ingest_CleanPatientsAndVisits_LandsEveryRowCleaned()
    {
        var patients = await Pipeline.IngestAsync("patients.csv", Csv.Patients("p00001, 48.0 ,f,o pos,  Asthma ", "P00002,91,Male,AB-,"));
        var visits = await Pipeline.IngestAsync("er_visits.csv", Csv.Visits(Csv.Visit(), Csv.Visit(id: "v000002", patient: "P00002", department: "cardiology")));

        Assert.Equal((FileLoadReport.Loaded, "patients", 2L, 2L), (patients.Status, patients.Kind, patients.RowsRead, patients.RowsAccepted));
        Assert.Equal((FileLoadReport.Loaded, "visits", 2L, 2L), (visits.Status, visits.Kind, visits.RowsRead, visits.RowsAccepted));
        var patient = (await Pipeline.QueryAsync("SELECT patient_id, age, gender, blood_group, pre_existing_condition, is_inferred FROM dim_patient ORDER BY patient_id"))[0];
        Assert.Equal(["P00001", 48, "Female", "O+", "Asthma", false], patient);
        var visit = (await Pipeline.QueryAsync("SELECT visit_id, patient_id, doctor_id, arrival_time, triage_level, wait_time_minutes, department FROM fact_er_visit ORDER BY visit_id"))[1];
        Assert.Equal(["V000002", "P00002", "D001", new DateTime(2025, 1, 15, 9, 13, 0), 3, 30, "Cardiology"], visit);
    }

    [Fact]
    public async Task Ingest_DirtyRows_KeepsTheInvariantAndEveryQuarantinedRowsOrigin()
    {
        var csv = Csv.Visits(
            Csv.Visit(id: "V1"),
            Csv.Visit(id: ""),                                  // line 3: no visit id
            Csv.Visit(id: "V3", triage: "7"),                   // line 4: triage out of range
            "V4,P00001,D001,2025-01-15 09:13:00,3,30",          // line 5: a field short
            Csv.Visit(id: "V5", arrival: "2099-01-01 00:00"),   // line 6: in the future
            Csv.Visit(id: "V6"));

        var report = await Pipeline.IngestAsync("visits.csv", csv);

        Assert.Equal(6, report.RowsRead);
        Assert.Equal(report.RowsRead, report.RowsAccepted + report.RowsQuarantined);
        Assert.Equal(2, report.RowsAccepted);
        Assert.Equal(2, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_er_visit"));
        var quarantined = await Pipeline.QueryAsync("SELECT file_name, line_number, reason, raw_text FROM quarantine_row ORDER BY line_number");
        Assert.Equal(
        [
            ["visits.csv", 3L, "visit_id: missing", ",P00001,D001,2025-01-15 09:13:00,3,30,Trauma"],
            ["visits.csv", 4L, "triage_level: not an integer 1-5", "V3,P00001,D001,2025-01-15 09:13:00,7,30,Trauma"],
            ["visits.csv", 5L, "row: expected 7 fields, found 6", "V4,P00001,D001,2025-01-15 09:13:00,3,30"],
            ["visits.csv", 6L, "arrival_time: more than one day after the load", "V5,P00001,D001,2099-01-01 00:00,3,30,Trauma"],
        ], quarantined);
        Assert.Equal(4, report.Reasons.Values.Sum());
    }

    [Fact]
    public async Task Ingest_QuarantinedRows_AreAlsoWrittenToTheQuarantineFolderAsCsv()
    {
        var report = await Pipeline.IngestAsync("visits.csv", Csv.Visits(Csv.Visit(id: "V1"), Csv.Visit(id: "V2", wait: "-5")));

        var file = Path.Combine(Pipeline.Quarantine.Root, "rows", QuarantineNames.Rows("visits.csv", report.Sha256));
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal("file,line,reason,raw", lines[0]);
        Assert.Equal("visits.csv,3,wait_time_minutes: not an integer 0-1440,\"V2,P00001,D001,2025-01-15 09:13:00,3,-5,Trauma\"", lines[1]);
    }

    [Fact]
    public async Task Ingest_SameFileTwice_IsSkippedTheSecondTimeAndChangesNothing()
    {
        var csv = Csv.Visits(Csv.Visit(id: "V1"), Csv.Visit(id: "V2"));
        var first = await Pipeline.IngestAsync("a.csv", csv);
        var before = await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_er_visit");
        var loadedAt = await Pipeline.QueryAsync("SELECT visit_id, load_id FROM fact_er_visit ORDER BY visit_id");

        var second = await Pipeline.IngestAsync("renamed-copy.csv", csv);

        Assert.Equal(FileLoadReport.Loaded, first.Status);
        Assert.Equal(FileLoadReport.AlreadyLoaded, second.Status);
        Assert.Equal("visits", second.Kind);
        Assert.Equal(first.Sha256, second.Sha256);
        Assert.Equal(before, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_er_visit"));
        Assert.Equal(loadedAt, await Pipeline.QueryAsync("SELECT visit_id, load_id FROM fact_er_visit ORDER BY visit_id"));
        Assert.Equal([FileLoadReport.Loaded, FileLoadReport.AlreadyLoaded],
            (await Pipeline.QueryAsync("SELECT status FROM load_audit ORDER BY started_at, status DESC")).Select(r => (string)r[0]!).ToArray());
    }

    [Fact]
    public async Task Ingest_DuplicateVisitIds_KeepsTheLastRowAndCountsTheDuplicate()
    {
        var report = await Pipeline.IngestAsync("v.csv", Csv.Visits(Csv.Visit(id: "V1", wait: "10"), Csv.Visit(id: "V2"), Csv.Visit(id: "v1", wait: "99")));

        Assert.Equal(1, report.DuplicateKeys);
        Assert.Equal(3, report.RowsAccepted);
        Assert.Equal(99L, await Pipeline.CountAsync("SELECT wait_time_minutes FROM fact_er_visit WHERE visit_id = 'V1'"));
        Assert.Equal(2, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_er_visit"));
    }

    [Fact]
    public async Task Ingest_LaterFile_UpdatesRowsOfAnEarlierOne()
    {
        await Pipeline.IngestAsync("monday.csv", Csv.Visits(Csv.Visit(id: "V1", triage: "4", wait: "50")));
        await Pipeline.IngestAsync("tuesday.csv", Csv.Visits(Csv.Visit(id: "V1", triage: "2", wait: "5"), Csv.Visit(id: "V2")));

        Assert.Equal([[2, 5]], await Pipeline.QueryAsync("SELECT triage_level, wait_time_minutes FROM fact_er_visit WHERE visit_id = 'V1'"));
        Assert.Equal(2, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_er_visit"));
    }

    [Fact]
    public async Task Ingest_VisitOfUnknownPatient_InfersThePatientUntilTheirRowArrives()
    {
        var visits = await Pipeline.IngestAsync("v.csv", Csv.Visits(Csv.Visit(id: "V1", patient: "P00042"), Csv.Visit(id: "V2", patient: "P00042")));

        Assert.Equal(1, visits.InferredPatients);
        Assert.Equal([["P00042", null, "Unknown", "Unknown", true]], await Pipeline.QueryAsync("SELECT patient_id, age, gender, blood_group, is_inferred FROM dim_patient"));

        await Pipeline.IngestAsync("p.csv", Csv.Patients("P00042,67,M,B-,COPD"));

        Assert.Equal([["P00042", 67, "Male", "B-", false]], await Pipeline.QueryAsync("SELECT patient_id, age, gender, blood_group, is_inferred FROM dim_patient"));
    }

    [Fact]
    public async Task Ingest_HeaderOnlyFile_LoadsZeroRows()
    {
        var report = await Pipeline.IngestAsync("empty-batch.csv", Csv.PatientHeader + "\r\n");

        Assert.Equal((FileLoadReport.Loaded, "patients", 0L), (report.Status, report.Kind, report.RowsRead));
    }

    [Theory]
    [InlineData("", "empty file")]                                              // zero bytes
    [InlineData("\n\n", "empty file (no header row)")]                          // blank lines only
    [InlineData("name,city\nAda,London\n", "header is neither patients")]       // another kind of CSV
    [InlineData("patient_id,age,gender\nP1,4,M\n", "missing required column(s) for patients")] // columns missing
    public async Task Ingest_FileThatIsNotABatch_IsRejectedWholeAndCopiedToQuarantine(string content, string expected)
    {
        var report = await Pipeline.IngestAsync("upload.csv", content);

        Assert.Equal(FileLoadReport.Rejected, report.Status);
        Assert.Contains(expected, Assert.Single(report.Reasons).Key);
        var copy = Path.Combine(Pipeline.Quarantine.Root, "files", QuarantineNames.RejectedFile("upload.csv", report.Sha256));
        Assert.Equal(content, await File.ReadAllTextAsync(copy));
        Assert.Contains(expected, await File.ReadAllTextAsync(copy + ".reason.txt"));
        Assert.Equal(1, await Pipeline.CountAsync("SELECT COUNT(*) FROM load_audit WHERE status = 'rejected'"));
    }

    [Fact]
    public async Task Ingest_FileThatIsNotUtf8_IsRejectedNamingTheLine()
    {
        var latin1 = Encoding.Latin1.GetBytes(Csv.Patients("P00001,30,F,A+,Diabète"));

        var report = await Pipeline.Ingestion.IngestAsync(UploadSource.FromBytes("latin1.csv", latin1), null, CancellationToken.None);

        Assert.Equal(FileLoadReport.Rejected, report.Status);
        Assert.Equal("not valid UTF-8 (first invalid byte on line 2, byte offset 76)", Assert.Single(report.Reasons).Key);
        Assert.Equal(0, await Pipeline.CountAsync("SELECT COUNT(*) FROM dim_patient"));
    }

    [Fact]
    public async Task Ingest_Utf8WithBomAndCrlf_IsRead()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Csv.Patients("P00001,30,F,A+,Diabète").Replace("\n", "\r\n"))).ToArray();

        var report = await Pipeline.Ingestion.IngestAsync(UploadSource.FromBytes("bom.csv", bytes), null, CancellationToken.None);

        Assert.Equal(1, report.RowsAccepted);
        Assert.Equal("Diabète", (await Pipeline.QueryAsync("SELECT pre_existing_condition FROM dim_patient"))[0][0]);
    }

    [Fact]
    public async Task Ingest_FailureMidFile_LeavesTheWarehouseAsItWas()
    {
        await Pipeline.IngestAsync("first.csv", Csv.Visits(Csv.Visit(id: "V1")));
        var before = await Pipeline.SnapshotAsync();
        var rows = Enumerable.Range(2, 20_000).Select(i => Csv.Visit(id: $"V{i}", wait: i % 2 == 0 ? "10" : "-1")).ToArray();
        var content = Encoding.UTF8.GetBytes(Csv.Visits(rows));
        // The first read (fingerprint) succeeds; the second (the load) breaks off halfway, as a dropped connection does.
        var opened = 0;
        var source = new UploadSource("broken.csv", _ => Task.FromResult<Stream>(
            Interlocked.Increment(ref opened) == 1 ? new MemoryStream(content) : new FailingStream(content, failAfter: content.Length / 2)));

        await Assert.ThrowsAsync<IOException>(() => Pipeline.Ingestion.IngestAsync(source, null, CancellationToken.None));

        Assert.Equal(before, await Pipeline.SnapshotAsync());
        var retry = await Pipeline.IngestAsync("broken.csv", Csv.Visits(rows));
        Assert.Equal(FileLoadReport.Loaded, retry.Status);
    }

    [Fact]
    public async Task Ingest_ConcurrentUploads_AllLandAndEachIsAuditedOnce()
    {
        var files = Enumerable.Range(0, 6).Select(f => (Name: $"batch{f}.csv",
            Csv: Csv.Visits(Enumerable.Range(0, 500).Select(i => Csv.Visit(id: $"V{f}{i:D4}", patient: $"P{i % 50:D5}")).ToArray()))).ToArray();

        var reports = await Task.WhenAll(files.Select(f => Task.Run(() => Pipeline.IngestAsync(f.Name, f.Csv))));

        Assert.All(reports, r => Assert.Equal(FileLoadReport.Loaded, r.Status));
        Assert.Equal(3_000, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_er_visit"));
        Assert.Equal(50, await Pipeline.CountAsync("SELECT COUNT(*) FROM dim_patient"));
        Assert.Equal(50, reports.Sum(r => r.InferredPatients));
        Assert.Equal(6, await Pipeline.CountAsync("SELECT COUNT(DISTINCT sha256) FROM load_audit WHERE status = 'loaded'"));
        Assert.Equal(0, await Pipeline.CountAsync("SELECT COUNT(*) FROM stg_visit"));
    }

    [Fact]
    public async Task Ingest_ReportIsStoredInTheLoadAudit()
    {
        var report = await Pipeline.IngestAsync("v.csv", Csv.Visits(Csv.Visit(id: "V1"), Csv.Visit(id: "V1"), Csv.Visit(id: "")));

        var audit = Assert.Single(await Pipeline.Warehouse.RecentLoadsAsync(10, CancellationToken.None));
        Assert.Equal(
            (report.LoadId, report.File, report.Sha256, report.Kind, report.Status, report.RowsRead, report.RowsAccepted, report.RowsQuarantined, report.DuplicateKeys, report.InferredPatients),
            (audit.LoadId, audit.File, audit.Sha256, audit.Kind, audit.Status, 3L, 2L, 1L, 1L, 1L));
        Assert.Equal(new Dictionary<string, long> { ["visit_id: missing"] = 1 }, audit.Reasons);
        Assert.Equal(report.Warnings, audit.Warnings);
    }

    /// <summary>Hands out the first bytes of a file, then fails like a dropped connection.</summary>
    private sealed class FailingStream(byte[] content, int failAfter) : Stream
    {
        private readonly MemoryStream _inner = new(content);

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => content.Length;
        public override long Position { get => _inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            _inner.Position >= failAfter ? throw new IOException("connection reset") : _inner.Read(buffer, offset, Math.Min(count, 4096));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var chunk = new byte[Math.Min(buffer.Length, 4096)];
            var read = Read(chunk, 0, chunk.Length);
            chunk.AsSpan(0, read).CopyTo(buffer.Span);
            return ValueTask.FromResult(read);
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
