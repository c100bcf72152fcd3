using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using ErTests.Support;

namespace ErInfra.Tests;

/// <summary>The Bicep CLI from the NuGet package <c>Azure.Bicep.CommandLine.linux-x64</c>, run in the repository root.</summary>
public static class Bicep
{
    private static readonly Lazy<Task<BuildResult>> Main = new(() => BuildAsync("infra/main.bicep"));

    public static string Executable { get; } =
        typeof(Bicep).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value
        ?? throw new InvalidOperationException("The test assembly names no BicepPath.");

    /// <summary><c>infra/main.bicep</c> compiled once for all tests.</summary>
    public static Task<BuildResult> MainAsync() => Main.Value;

    public static async Task<BuildResult> BuildAsync(string bicepFile)
    {
        var run = await RunAsync("build", bicepFile, "--stdout");
        return new BuildResult(run, run.ExitCode == 0 ? new ArmTemplate(JsonDocument.Parse(run.Stdout).RootElement.Clone()) : null);
    }

    public static Task<ProcessResult> RunAsync(params string[] arguments) => Processes.RunAsync(Executable, RepositoryPaths.Root, arguments);
}

public sealed record BuildResult(ProcessResult Run, ArmTemplate? Template)
{
    public ArmTemplate Compiled => Template ?? throw new InvalidOperationException($"bicep build failed:\n{Run.Stderr}");
}

public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public string Output => (Stdout + Stderr).Trim();
}

public static class Processes
{
    public static async Task<ProcessResult> RunAsync(string fileName, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} ran longer than 3 minutes.");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
