using System.Text;
using Azure.Storage.Blobs;
using ErPipeline.Ingestion;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.DuckDb;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

using ErTests.Emulators;

namespace ErFunctions.Tests;

/// <summary>Uploads through the blob SDK to a real Azurite and runs the handler the blob trigger calls.</summary>
public sealed class IngestUploadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-func-").FullName;
    private ServiceProvider _services = null!;
    private BlobContainerClient _uploads = null!;
    private BlobContainerClient _quarantine = null!;

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ErStorage"] = azurite.ConnectionString,
            ["Warehouse:DuckDbPath"] = Path.Combine(_folder, "er.duckdb"),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddErFunctions(configuration);
        services.AddTransient<IngestUpload>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        await _services.GetRequiredService<IWarehouse>().MigrateAsync(default);

        var blobs = new BlobServiceClient(azurite.ConnectionString);
        _uploads = blobs.GetBlobContainerClient($"er-uploads");
        _quarantine = blobs.GetBlobContainerClient("er-quarantine");
        await _uploads.CreateIfNotExistsAsync();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _uploads.DeleteIfExistsAsync();
        await _quarantine.DeleteIfExistsAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Upload_OfABatch_LandsInTheWarehouseAndQuarantinesItsBadRows()
    {
        await UploadAndTriggerAsync("patients-2025-01.csv", "patient_id,age,gender,blood_group,pre_existing_condition\nP00001,34,F,A+,\nP00002,70,m,o neg,COPD\n");
        await UploadAndTriggerAsync("er_visits-2025-01.csv",
            "visit_id,patient_id,doctor_id,arrival_time,triage_level,wait_time_minutes,department_routed\n" +
            "V000001,P00001,D001,2025-01-15 09:13:00,3,30,Trauma\n" +
            "V000002,P00002,D002,2025-01-15 09:20:00,9,12,Cardiology\n");

        var warehouse = (DuckDbWarehouse)_services.GetRequiredService<IWarehouse>();
        Assert.Equal([["P00001", "Female"], ["P00002", "Male"]], await warehouse.QueryAsync("SELECT patient_id, gender FROM dim_patient ORDER BY patient_id"));
        Assert.Equal([["V000001"]], await warehouse.QueryAsync("SELECT visit_id FROM fact_er_visit"));
        var rows = await ReadQuarantineAsync("rows/");
        var (name, content) = Assert.Single(rows);
        Assert.EndsWith("_er_visits-2025-01.rows.csv", name);
        Assert.Contains("er_visits-2025-01.csv,3,triage_level: not an integer 1-5,", content);
        // Uploads are user data: they stay where they were put.
        Assert.Equal(2, await CountAsync(_uploads));
    }

    [Fact]
    public async Task Upload_OfSomethingElse_IsRejectedAndCopiedToQuarantineWithTheReason()
    {
        await UploadAndTriggerAsync("notes.csv", "ward,bed\n4,12\n");

        var files = await ReadQuarantineAsync("files/");
        Assert.Equal(2, files.Count);
        Assert.Equal("ward,bed\n4,12\n", files.Single(f => f.Name.EndsWith("_notes.csv", StringComparison.Ordinal)).Content);
        Assert.StartsWith("header is neither patients", files.Single(f => f.Name.EndsWith(".reason.txt", StringComparison.Ordinal)).Content);
        var audit = await _services.GetRequiredService<IWarehouse>().RecentLoadsAsync(5, default);
        Assert.Equal(FileLoadReport.Rejected, Assert.Single(audit).Status);
    }

    [Fact]
    public async Task Upload_OfTheSameContentTwice_IsLoadedOnce()
    {
        const string csv = "patient_id,age,gender,blood_group,pre_existing_condition\nP00009,50,F,B+,\n";
        await UploadAndTriggerAsync("patients-a.csv", csv);
        await UploadAndTriggerAsync("patients-a-copy.csv", csv);

        var audit = await _services.GetRequiredService<IWarehouse>().RecentLoadsAsync(5, default);
        Assert.Equal([FileLoadReport.AlreadyLoaded, FileLoadReport.Loaded], audit.Select(a => a.Status));
    }

    [Fact]
    public async Task Upload_OverwrittenAfterTheFirstPass_CannotBeReadAsTheNewVersionByLaterPasses()
    {
        const string header = "patient_id,age,gender,blood_group,pre_existing_condition\n";
        var blob = _uploads.GetBlobClient("patients-live.csv");
        await blob.UploadAsync(BinaryData.FromString(header + "P00001,30,F,A+,\n"), overwrite: true);
        var source = ErPipeline.Azure.Storage.BlobUploads.Source(blob);
        await using (await source.OpenAsync(default))
        {
            // The first pass has seen version one; now someone saves version two.
        }

        await blob.UploadAsync(BinaryData.FromString(header + "P00001,31,F,A+,\nP00002,40,M,O+,\n"), overwrite: true);

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => source.OpenAsync(default));
    }

    private async Task UploadAndTriggerAsync(string name, string content)
    {
        var blob = _uploads.GetBlobClient(name);
        await blob.UploadAsync(BinaryData.FromString(content), overwrite: true);
        // What the Functions host does on the blob's Event Grid event: bind a client to the blob and call the function.
        await _services.GetRequiredService<IngestUpload>().RunAsync(_uploads.GetBlobClient(name), name, CancellationToken.None);
    }

    private async Task<List<(string Name, string Content)>> ReadQuarantineAsync(string prefix)
    {
        var found = new List<(string, string)>();
        await foreach (var item in _quarantine.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, default))
        {
            var content = await _quarantine.GetBlobClient(item.Name).DownloadContentAsync();
            found.Add((item.Name, Encoding.UTF8.GetString(content.Value.Content.ToArray())));
        }

        return found;
    }

    private static async Task<int> CountAsync(BlobContainerClient container)
    {
        var count = 0;
        await foreach (var _ in container.GetBlobsAsync())
        {
            count++;
        }

        return count;
    }
}
