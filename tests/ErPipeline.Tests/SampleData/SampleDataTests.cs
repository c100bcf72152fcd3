using System.Text;
using ErPipeline.Ingestion;
using ErPipeline.SampleData;
using ErTests.Support;

namespace ErPipeline.Tests.SampleData;

public sealed class SampleDataTests : PipelineTest
{
    [Fact]
    public async Task Generator_SameSeed_WritesTheCommittedSampleFilesByteForByte()
    {
        // data/ is what `er generate --out data --dirty 30` writes with the default seed 42.
        var generator = new SampleDataGenerator(42);

        Assert.Equal(await File.ReadAllTextAsync(RepositoryPaths.Data("patients.csv")), await WriteAsync(w => generator.WritePatientsAsync(w, 1_000, default)));
        Assert.Equal(await File.ReadAllTextAsync(RepositoryPaths.Data("er_visits.csv")), await WriteAsync(w => generator.WriteVisitsAsync(w, 5_000, 1_000, default)));
        Assert.Equal(await File.ReadAllTextAsync(RepositoryPaths.Data("er_visits_dirty.csv")), await WriteAsync(w => generator.WriteDirtyVisitsAsync(w, 30, 1_000, 5_001, default)));
    }

    [Fact]
    public async Task DirtySample_QuarantinesExactlyTheRowsTheRulesName()
    {
        IReadOnlyList<InjectedDefect> defects = [];
        await WriteAsync(async w => defects = await new SampleDataGenerator(42).WriteDirtyVisitsAsync(w, 30, 1_000, 5_001, default));

        await Pipeline.Ingestion.IngestAsync(UploadSource.FromFile(RepositoryPaths.Data("patients.csv")), null, default);
        var report = await Pipeline.Ingestion.IngestAsync(UploadSource.FromFile(RepositoryPaths.Data("er_visits_dirty.csv")), null, default);

        var quarantined = (await Pipeline.QueryAsync("SELECT line_number, reason FROM quarantine_row ORDER BY line_number"))
            .Select(r => ((long)r[0]!, (string)r[1]!)).ToArray();
        Assert.Equal(defects.Select(d => (d.LineNumber, d.ExpectedReason)).ToArray(), quarantined);
        Assert.Equal(30, report.RowsRead);
        Assert.Equal(30 - defects.Count, report.RowsAccepted);
        Assert.Equal(1, report.DuplicateKeys);       // the repeated visit id
        Assert.Equal(1, report.InferredPatients);    // P99999 is not in patients.csv
        Assert.Contains("extra column(s) ignored: notes", report.Warnings);
    }

    [Fact]
    public async Task Samples_LoadCompletely()
    {
        var report = await Pipeline.Ingestion.IngestAsync(
            [UploadSource.FromFile(RepositoryPaths.Data("er_visits.csv")), UploadSource.FromFile(RepositoryPaths.Data("patients.csv"))], null, default);

        Assert.Equal(["patients.csv", "er_visits.csv"], report.Files.Select(f => f.File));   // patients first, whatever the order given
        Assert.Equal(1_000, await Pipeline.CountAsync("SELECT COUNT(*) FROM dim_patient WHERE NOT is_inferred"));
        Assert.Equal(5_000, await Pipeline.CountAsync("SELECT COUNT(*) FROM fact_er_visit"));
        Assert.All(report.Files, f => Assert.Equal(0, f.RowsQuarantined + f.InferredPatients));
    }

    private static async Task<string> WriteAsync(Func<TextWriter, Task> write)
    {
        var text = new StringWriter { NewLine = "\n" };
        await write(text);
        return text.ToString();
    }
}
