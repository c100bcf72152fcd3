using System.Diagnostics;
using System.Text;

namespace ErCli.Tests;

/// <summary>Runs the real <c>er</c> program (the built er.dll) in a working folder, as a user would.</summary>
public sealed class ErProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private ErProcess(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "er.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => { lock (_stdout) { _stdout.AppendLine(e.Data); } };
        _process.ErrorDataReceived += (_, e) => { lock (_stderr) { _stderr.AppendLine(e.Data); } };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Stdout { get { lock (_stdout) { return _stdout.ToString(); } } }

    public string Stderr { get { lock (_stderr) { return _stderr.ToString(); } } }

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    public static ErProcess Start(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments) =>
        new(workingDirectory, arguments, environment);

    public static Task<ErProcess> RunAsync(string workingDirectory, params string[] arguments) => RunAsync(workingDirectory, null, arguments);

    public static async Task<ErProcess> RunAsync(string workingDirectory, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var process = new ErProcess(workingDirectory, arguments, environment);
        await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return process;
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        _process.WaitForExit(); // flushes the output handlers
    }

    /// <summary>Waits until stdout contains the text; fails with everything printed so far if it never does.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Stdout.Contains(text, StringComparison.Ordinal))
        {
            if (DateTime.UtcNow > deadline || _process.HasExited)
            {
                Assert.Fail($"er never printed '{text}'.\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Waits for the line where <c>er serve</c> or <c>er up</c> says where it serves, and returns that address.</summary>
    public async Task<Uri> WaitForAddressAsync(TimeSpan timeout)
    {
        await WaitForOutputAsync("Serving the dashboard at ", timeout);
        var match = System.Text.RegularExpressions.Regex.Match(Stdout, @"Serving the dashboard at (http://\S+?)/ ");
        Assert.True(match.Success, Stdout);
        return new Uri(match.Groups[1].Value + "/");
    }

    /// <summary>Ctrl+C, as a user stops <c>er up</c>.</summary>
    public void Interrupt()
    {
        using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}
