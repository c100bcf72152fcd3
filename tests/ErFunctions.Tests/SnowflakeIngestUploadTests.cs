using System.Security.Cryptography;
using Azure.Storage.Blobs;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.Snowflake;
using ErTests.Emulators;
using ErTests.FakeSnowflake;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ErFunctions.Tests;

/// <summary>
/// The Functions app as configured in Azure (Warehouse__Provider = Snowflake): an upload to Azurite goes through the
/// blob trigger's handler, its cleaned batch to the er-curated container, and from there through the fake SQL API's
/// external stage into the warehouse. Only Snowflake itself is stood in for.
/// </summary>
public sealed class SnowflakeIngestUploadTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("er-func-snowflake-").FullName;
    private readonly RSA _key = RSA.Create(2048);
    private FakeSnowflakeServer _server = null!;
    private DuckDbSqlBackend _backend = null!;
    private ServiceProvider _services = null!;
    private BlobContainerClient _uploads = null!;
    private BlobContainerClient _curated = null!;

    public async Task InitializeAsync()
    {
        var blobs = new BlobServiceClient(azurite.ConnectionString);
        _uploads = blobs.GetBlobContainerClient("er-uploads");
        _curated = blobs.GetBlobContainerClient("er-curated");
        await _uploads.CreateIfNotExistsAsync();
        _backend = new DuckDbSqlBackend(Path.Combine(_folder, "snowflake.duckdb"), Path.Combine(_folder, "stage-copy"))
        {
            StageFiles = path => _curated.GetBlobClient(path).Exists().Value ? _curated.GetBlobClient(path).DownloadContent().Value.Content.ToArray() : null,
        };
        _server = await FakeSnowflakeServer.StartAsync(_backend, _key, "FAKE-ACCOUNT", "ER_FUNCTION");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ErStorage"] = azurite.ConnectionString,
            ["Warehouse:Provider"] = "Snowflake",
            ["Snowflake:Account"] = "FAKE-ACCOUNT",
            ["Snowflake:User"] = "ER_FUNCTION",
            ["Snowflake:Host"] = _server.BaseUri.ToString(),
            ["Snowflake:PrivateKey"] = _key.ExportPkcs8PrivateKeyPem(),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddErFunctions(configuration);
        services.AddTransient<IngestUpload>();
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _server.DisposeAsync();
        await _uploads.DeleteIfExistsAsync();
        await _curated.DeleteIfExistsAsync();
        _key.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Upload_WithTheSnowflakeWarehouse_IsStagedInErCuratedAndMergedThroughTheSqlApi()
    {
        Assert.IsType<SnowflakeWarehouse>(_services.GetRequiredService<IWarehouse>());

        await UploadAndTriggerAsync("patients-2025-01.csv", "patient_id,age,gender,blood_group,pre_existing_condition\nP00001,34,F,A+,\nP00002,70,m,o neg,COPD\n");
        await UploadAndTriggerAsync("er_visits-2025-01.csv",
            "visit_id,patient_id,doctor_id,arrival_time,triage_level,wait_time_minutes,department_routed\n" +
            "V000001,P00001,D001,2025-01-15 09:13:00,3,30,Trauma\n" +
            "V000002,P00003,D002,2025-01-15 09:20:00,2,12,Cardiology\n");

        var curated = new List<string>();
        await foreach (var blob in _curated.GetBlobsAsync())
        {
            curated.Add(blob.Name.Split('/')[0]);
        }

        Assert.Equal(["patients", "visits"], curated.Order());
        Assert.Equal([["P00001", "Female"], ["P00002", "Male"], ["P00003", "Unknown"]], Rows("SELECT patient_id, gender FROM dim_patient ORDER BY patient_id"));
        Assert.Equal([["V000001"], ["V000002"]], Rows("SELECT visit_id FROM fact_er_visit ORDER BY visit_id"));
        var audit = await _services.GetRequiredService<IWarehouse>().RecentLoadsAsync(5, default);
        Assert.Equal(["loaded", "loaded"], audit.Select(a => a.Status));
    }

    private List<object?[]> Rows(string sql) => [.. _backend.Run([new FakeSqlStatement(sql, [])])[0].Rows];

    private async Task UploadAndTriggerAsync(string name, string content)
    {
        await _uploads.GetBlobClient(name).UploadAsync(BinaryData.FromString(content), overwrite: true);
        await _services.GetRequiredService<IngestUpload>().RunAsync(_uploads.GetBlobClient(name), name, CancellationToken.None);
    }
}
