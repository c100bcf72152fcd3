using ErPipeline.Vitals.Simulation;
using ErPipeline.Warehouse;

namespace ErPipeline.Tests.Vitals;

public sealed class RecentPatientsTests : PipelineTest
{
    private async Task LoadWardAsync()
    {
        await Pipeline.IngestAsync("patients.csv", Csv.Patients(
            "P00001,64,Male,A+,COPD",
            "P00002,35,Female,O+,",
            "P00003,8,Female,B+,Asthma",       // a child: NEWS2 is for adults
            "P00004,90,Other,AB-,Hypertension"));
        await Pipeline.IngestAsync("er_visits.csv", Csv.Visits(
            Csv.Visit("V000001", "P00001", arrival: "2025-01-10 08:00:00"),
            Csv.Visit("V000002", "P00002", arrival: "2025-01-12 09:30:00"),
            Csv.Visit("V000003", "P00003", arrival: "2025-01-14 10:00:00"),
            Csv.Visit("V000004", "P00001", arrival: "2025-01-15 07:45:00"),   // P00001 again, most recently of all
            Csv.Visit("V000005", "P00099", arrival: "2025-01-13 12:00:00"),   // no patient row: inferred, age unknown
            Csv.Visit("V000006", "P00004", arrival: "2025-01-11 16:20:00")));
    }

    [Fact]
    public async Task ReadAsync_Visits_GivesAdultPatientsOnceEachMostRecentVisitFirst()
    {
        await LoadWardAsync();

        var patients = await new RecentPatients(Pipeline.Warehouse).ReadAsync(10, default);

        Assert.Equal(
            [new MonitoredPatient("P00001", 64, Copd: true), new("P00099", null, null), new("P00002", 35, false), new("P00004", 90, false)],
            patients);
    }

    [Fact]
    public async Task ReadAsync_Limit_KeepsTheMostRecent()
    {
        await LoadWardAsync();

        var patients = await new RecentPatients(Pipeline.Warehouse).ReadAsync(2, default);

        Assert.Equal(["P00001", "P00099"], patients.Select(p => p.PatientId));
    }

    [Fact]
    public async Task ChooseAsync_FewerPatientsThanAsked_TopsUpWithSyntheticOnes()
    {
        await LoadWardAsync();

        var selection = await new RecentPatients(Pipeline.Warehouse).ChooseAsync(6, default);

        Assert.Equal(["P00001", "P00099", "P00002", "P00004", "SIM-0001", "SIM-0002"], selection.Patients.Select(p => p.PatientId));
        Assert.Equal((4, 2), (selection.FromWarehouse, selection.Synthetic));
    }

    [Fact]
    public async Task ChooseAsync_NoVisits_GivesSyntheticPatients()
    {
        var selection = await new RecentPatients(Pipeline.Warehouse).ChooseAsync(3, default);

        Assert.Equal(["SIM-0001", "SIM-0002", "SIM-0003"], selection.Patients.Select(p => p.PatientId));
        Assert.Equal(0, selection.FromWarehouse);
    }

    [Fact]
    public async Task Simulator_WarehousePatients_AreTheOnesOnTheMonitorsWithTheirCopd()
    {
        await LoadWardAsync();
        var selection = await new RecentPatients(Pipeline.Warehouse).ChooseAsync(4, default);

        var simulator = new VitalsSimulator(selection.Patients, 1, PipelineFixture.LoadTime, TimeSpan.FromMinutes(10), new VitalsSimulationOptions { CopdShare = 0 });
        var readings = simulator.Readings().ToArray();

        Assert.Equal(["P00001", "P00002", "P00004", "P00099"], readings.Select(r => r.PatientId).Distinct().Order());
        Assert.All(readings.Where(r => r.PatientId == "P00001"), r => Assert.Equal(2, r.Spo2Scale));
        Assert.All(readings.Where(r => r.PatientId != "P00001"), r => Assert.Equal(1, r.Spo2Scale));
    }

    [Fact]
    public void TopUp_ASyntheticIdAlreadyTaken_SkipsIt()
    {
        var patients = RecentPatients.TopUp([new MonitoredPatient("SIM-0001")], 3);

        Assert.Equal(["SIM-0001", "SIM-0002", "SIM-0003"], patients.Select(p => p.PatientId));
    }

    [Fact]
    public void RecentPatientsSql_UsesOnlyTheSubsetSnowflakeAlsoRuns()
    {
        // DOMAIN.md §6, as MigrationTests checks for the other folders.
        string[] forbidden = ["NVL(", "IFF(", "DIV0(", "TO_DATE(", "::"];
        var sql = SqlScripts.Get("vitals/recent_patients.sql").ToUpperInvariant();

        Assert.All(forbidden, word => Assert.DoesNotContain(word, sql, StringComparison.Ordinal));
        Assert.Equal(["min_age", "min_age", "limit"], SqlTemplate.Get("vitals/recent_patients.sql").Parameters);
    }
}
