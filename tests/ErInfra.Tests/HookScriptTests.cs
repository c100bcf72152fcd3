using System.Text.RegularExpressions;
using ErPipeline.Ingestion;
using ErTests.Support;

namespace ErInfra.Tests;

/// <summary>
/// The azd hooks cannot run here (no az, no azd, no subscription); they are checked for syntax, for shellcheck's
/// findings, and for naming the function, events and container the code and the Bicep use.
/// </summary>
public sealed partial class HookScriptTests
{
    public static TheoryData<string> PosixHooks => ["infra/hooks/prepackage.sh", "infra/hooks/postdeploy.sh"];

    [Theory]
    [MemberData(nameof(PosixHooks))]
    public async Task PosixHook_ParsesWithSh(string script)
    {
        var run = await Processes.RunAsync("sh", RepositoryPaths.Root, "-n", script);

        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Theory]
    [MemberData(nameof(PosixHooks))]
    public async Task PosixHook_PassesShellcheck(string script)
    {
        Assert.True(File.Exists("/usr/bin/shellcheck"), "shellcheck is missing: apt-get install shellcheck (.ci/run installs it).");

        var run = await Processes.RunAsync("/usr/bin/shellcheck", RepositoryPaths.Root, "--shell=sh", script);

        Assert.True(run.ExitCode == 0, run.Output);
    }

    [Theory]
    [InlineData("infra/hooks/postdeploy.sh")]
    [InlineData("infra/hooks/postdeploy.ps1")]
    public async Task PostdeployHook_SubscribesIngestUploadToBlobCreatedInTheUploadsContainer(string script)
    {
        var text = await File.ReadAllTextAsync(RepositoryPaths.Of(script));
        var outputs = (await Bicep.MainAsync()).Compiled.Root.GetProperty("outputs");

        Assert.Contains($"/runtime/webhooks/blobs?functionName=Host.Functions.{nameof(ErFunctions.IngestUpload)}&code=", text, StringComparison.Ordinal);
        Assert.Contains("--included-event-types Microsoft.Storage.BlobCreated", text, StringComparison.Ordinal);
        // ${ER_UPLOADS_CONTAINER} in sh, $($env:ER_UPLOADS_CONTAINER) in PowerShell.
        Assert.Matches(@"--subject-begins-with ""/blobServices/default/containers/\$(\{|\(\$env:)ER_UPLOADS_CONTAINER[})]/""", text);
        Assert.Equal(BlobContainers.Uploads, outputs.GetProperty("ER_UPLOADS_CONTAINER").GetProperty("value").GetString());
        Assert.Contains("systemKeys.blobs_extension", text, StringComparison.Ordinal);
        // The endpoint carries the key: az must not print it back.
        Assert.Contains("--output none", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzureYamlHooks_RunScriptsThatExist_ForPosixAndWindows()
    {
        var yaml = await File.ReadAllTextAsync(RepositoryPaths.Of("azure.yaml"));
        var scripts = HookRun().Matches(yaml).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(
            ["./infra/hooks/postdeploy.ps1", "./infra/hooks/postdeploy.sh", "./infra/hooks/prepackage.ps1", "./infra/hooks/prepackage.sh"],
            scripts.Order(StringComparer.Ordinal));
        Assert.All(scripts, s => Assert.True(File.Exists(RepositoryPaths.Of(s[2..])), $"azure.yaml runs {s}, which is not there."));
    }

    [GeneratedRegex(@"^\s+run:\s*(\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex HookRun();
}
