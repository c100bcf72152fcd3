using ErCli.Commands;
using ErPipeline.Vitals;

namespace ErCli.Tests;

public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("er-cli-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string InWork(string file) => Path.Combine(_work, file);

    private static VitalReading[] Parse(string jsonl) =>
        jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(VitalsJson.FromLine).ToArray();

    [Fact]
    public async Task Simulate_ToAFile_WritesOneReadingPerPatientPerInterval()
    {
        var er = await ErProcess.RunAsync(_work, "simulate", "--patients", "4", "--duration", "30m", "--seed", "7", "--out", "readings.jsonl");

        Assert.True(er.ExitCode == 0, er.Stderr);
        var readings = Parse(await File.ReadAllTextAsync(InWork("readings.jsonl")));
        Assert.Equal(4 * 30, readings.Length);
        Assert.Equal(["SIM-0001", "SIM-0002", "SIM-0003", "SIM-0004"], readings.Select(r => r.PatientId).Distinct().Order());
        Assert.All(readings.GroupBy(r => r.PatientId), patient => Assert.Equal(30, patient.Count()));
        Assert.All(readings, r => Assert.InRange(r.ObservedAt, SimulateCommand.DefaultStart, SimulateCommand.DefaultStart.AddMinutes(30)));
        Assert.Contains("Wrote 120 readings to readings.jsonl: 4 synthetic patients", er.Stdout);
    }

    [Fact]
    public async Task Simulate_ToStdout_WritesOnlyReadingsThereAndTheSummaryToStderr()
    {
        var er = await ErProcess.RunAsync(_work, "simulate", "--patients", "3", "--duration", "10m", "--interval", "30s");

        Assert.True(er.ExitCode == 0, er.Stderr);
        var readings = Parse(er.Stdout);   // every line parses: nothing else shares stdout
        Assert.Equal(3 * 20, readings.Length);
        Assert.Contains("Wrote 60 readings: 3 synthetic patients", er.Stderr);
    }

    [Fact]
    public async Task Simulate_SameSeedTwice_WritesTheSameBytesAndAnotherSeedDoesNot()
    {
        await ErProcess.RunAsync(_work, "simulate", "--patients", "5", "--duration", "2h", "--seed", "11", "--out", "a.jsonl");
        await ErProcess.RunAsync(_work, "simulate", "--patients", "5", "--duration", "2h", "--seed", "11", "--out", "b.jsonl");
        await ErProcess.RunAsync(_work, "simulate", "--patients", "5", "--duration", "2h", "--seed", "12", "--out", "c.jsonl");

        var a = await File.ReadAllBytesAsync(InWork("a.jsonl"));
        Assert.Equal(5 * 120, Parse(await File.ReadAllTextAsync(InWork("a.jsonl"))).Length);
        Assert.Equal(a, await File.ReadAllBytesAsync(InWork("b.jsonl")));
        Assert.NotEqual(a, await File.ReadAllBytesAsync(InWork("c.jsonl")));
    }

    [Fact]
    public async Task Simulate_WithSpeed_WritesTheSameReadingsAsWithout()
    {
        // 2 simulated minutes at 3600 times real time: a few hundredths of a second of pacing.
        var paced = await ErProcess.RunAsync(_work, "simulate", "--patients", "3", "--duration", "2m", "--speed", "3600", "--out", "paced.jsonl");
        await ErProcess.RunAsync(_work, "simulate", "--patients", "3", "--duration", "2m", "--out", "fast.jsonl");

        Assert.True(paced.ExitCode == 0, paced.Stderr);
        Assert.Equal(await File.ReadAllBytesAsync(InWork("fast.jsonl")), await File.ReadAllBytesAsync(InWork("paced.jsonl")));
    }

    [Fact]
    public async Task Simulate_CtrlCWhilePlaying_StopsAndKeepsWhatItWrote()
    {
        // At 60 times real time, two simulated hours would take two minutes.
        using var er = ErProcess.Start(_work, null, "simulate", "--patients", "2", "--duration", "2h", "--speed", "60");
        await er.WaitForOutputAsync("\"patientId\"", TimeSpan.FromSeconds(60));

        er.Interrupt();
        await er.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, er.ExitCode);
        Assert.Contains("Stopped after", er.Stderr);
        var readings = Parse(er.Stdout);
        Assert.InRange(readings.Length, 1, 2 * 120 - 1);
    }

    [Fact]
    public async Task Simulate_WithVisitsInTheWarehouse_PutsItsMostRecentPatientsOnMonitors()
    {
        var inbox = Directory.CreateDirectory(InWork("inbox")).FullName;
        await File.WriteAllTextAsync(Path.Combine(inbox, "patients.csv"),
            "patient_id,age,gender,blood_group,pre_existing_condition\nP00001,71,Male,A+,COPD\nP00002,45,Female,O+,\nP00003,30,Male,B+,\n");
        await File.WriteAllTextAsync(Path.Combine(inbox, "er_visits.csv"),
            "visit_id,patient_id,doctor_id,arrival_time,triage_level,wait_time_minutes,department_routed\n" +
            "V000001,P00001,D001,2025-02-01 10:00:00,2,5,General ER\n" +
            "V000002,P00002,D002,2025-02-01 11:00:00,3,20,Trauma\n" +
            "V000003,P00003,D002,2025-01-20 09:00:00,4,40,Trauma\n");
        var ingest = await ErProcess.RunAsync(_work, "ingest", inbox);
        Assert.True(ingest.ExitCode == 0, ingest.Stdout + ingest.Stderr);

        var er = await ErProcess.RunAsync(_work, "simulate", "--patients", "3", "--duration", "10m", "--out", "ward.jsonl");

        Assert.True(er.ExitCode == 0, er.Stderr);
        var readings = Parse(await File.ReadAllTextAsync(InWork("ward.jsonl")));
        Assert.Equal(["P00001", "P00002", "P00003"], readings.Select(r => r.PatientId).Distinct().Order());
        Assert.All(readings.Where(r => r.PatientId == "P00001"), r => Assert.Equal(2, r.Spo2Scale));   // COPD on the patient's record
        Assert.Contains("3 of the warehouse's most recent visits, 0 synthetic", er.Stdout);
    }

    [Theory]
    // an unknown unit
    [InlineData("--duration", "90x")]
    // a negative duration
    [InlineData("--duration", "-5m")]
    // a fraction
    [InlineData("--duration", "1.5h")]
    // nothing to simulate
    [InlineData("--duration", "0s")]
    // shorter than the reading interval (60 s)
    [InlineData("--duration", "30s")]
    // more than an hour between readings
    [InlineData("--interval", "2h")]
    // nobody to monitor
    [InlineData("--patients", "0")]
    // not a number
    [InlineData("--patients", "ten")]
    // standing still
    [InlineData("--speed", "0")]
    // not a time
    [InlineData("--start", "yesterday")]
    public async Task Simulate_ABadValue_ExitsTwoNamingTheFlag(string flag, string value)
    {
        var er = await ErProcess.RunAsync(_work, "simulate", flag, value, "--out", "never.jsonl");

        Assert.Equal(2, er.ExitCode);
        Assert.Contains($"er simulate: {flag} ", er.Stderr);
        Assert.False(File.Exists(InWork("never.jsonl")), "nothing is written on a usage error");
    }

    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 30 * 60)]
    [InlineData("2h", 2 * 3600)]
    [InlineData("1h30m", 90 * 60)]
    [InlineData("1m30s", 90)]
    public void TryParseDuration_HoursMinutesSeconds_GivesTheSpan(string text, int seconds)
    {
        Assert.True(SimulateCommand.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Theory]
    // empty
    [InlineData("")]
    // no unit
    [InlineData("90")]
    // units out of order
    [InlineData("30m1h")]
    // upper case unit
    [InlineData("2H")]
    // spaces inside
    [InlineData("1h 30m")]
    // days are not a unit here
    [InlineData("1d")]
    public void TryParseDuration_Malformed_IsRefused(string text)
    {
        Assert.False(SimulateCommand.TryParseDuration(text, out _));
    }
}
