using System.Diagnostics;
using System.Text.RegularExpressions;

namespace ErCli.Tests;

/// <summary>Real headless Chromium (Debian's <c>chromium</c>; <c>.ci/run</c> installs it) driving a page as a user's browser would.</summary>
public static partial class Chromium
{
    private static readonly string[] Flags =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--hide-scrollbars", "--virtual-time-budget=15000", "--window-size=1400,1800",
    ];

    /// <summary>The DOM after the page's scripts ran (virtual time lets its fetches finish).</summary>
    public static Task<string> DumpDomAsync(Uri page) => RunAsync([.. Flags, "--dump-dom", page.ToString()]);

    public static async Task<string> ScreenshotAsync(Uri page, string path)
    {
        await RunAsync([.. Flags, $"--screenshot={path}", page.ToString()]);
        Assert.True(File.Exists(path), $"chromium wrote no screenshot to {path}");
        return path;
    }

    /// <summary>Pairs of two attributes' values on every element that has the first.</summary>
    public static List<(string, string)> Attributes(string dom, string key, string value) =>
        [.. AttributePair(key, value).Matches(dom).Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    /// <summary>Copies the screenshot into the docs when asked (<c>ER_UPDATE_SCREENSHOTS=1</c>), so that test runs never dirty the checkout.</summary>
    public static void PublishForReadme(string screenshot, string target)
    {
        if (Environment.GetEnvironmentVariable("ER_UPDATE_SCREENSHOTS") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(screenshot, target, overwrite: true);
        }
    }

    private static async Task<string> RunAsync(string[] arguments)
    {
        var start = new ProcessStartInfo(Find()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add($"--user-data-dir={Directory.CreateTempSubdirectory("er-chromium-").FullName}");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"chromium exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string Find()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c))
            ?? throw new InvalidOperationException("Chromium not found: install Debian's chromium (.ci/run does) or set CHROMIUM to its path.");
    }

    private static Regex AttributePair(string key, string value) =>
        new($"{Regex.Escape(key)}=\"([^\"]*)\"[^>]*?{Regex.Escape(value)}=\"([^\"]*)\"", RegexOptions.CultureInvariant);
}
