using System.Text.RegularExpressions;
using ErTests.Support;

namespace ErInfra.Tests;

/// <summary>infra/ compiles and lints clean with the Bicep CLI of the NuGet package, offline.</summary>
public sealed partial class BicepCompileTests
{
    [Fact]
    public async Task MainBicep_Compiles_WithoutAnyDiagnostic()
    {
        var build = await Bicep.MainAsync();

        Assert.True(build.Run.ExitCode == 0, build.Run.Stderr);
        // Warnings (BCP081 "type not available", linter warnings) go to stderr; none are accepted.
        Assert.Equal(string.Empty, build.Run.Stderr.Trim());
        Assert.Contains("subscriptionDeploymentTemplate.json", build.Compiled.Root.GetProperty("$schema").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryBicepFile_LintsClean_WithTheRepositoryConfig()
    {
        var lint = await Bicep.RunAsync("lint", "--pattern", "infra/**/*.bicep");

        Assert.True(lint.ExitCode == 0, lint.Output);
        Assert.Equal(string.Empty, lint.Output);
    }

    [Theory]
    // A storage account key in an output would land in azd's .env file and the deployment history.
    [InlineData("output key string = st.listKeys().keys[0].value", "Error outputs-should-not-contain-secrets")]
    // A public-cloud host name written out breaks other clouds; take it from environment() or the resource.
    [InlineData("output vault string = 'https://${st.name}.vault.azure.net/'", "Error no-hardcoded-env-urls")]
    public async Task LinterConfig_TreatsSecurityRulesAsErrors(string offendingLine, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("er-bicep-lint-");
        try
        {
            File.Copy(RepositoryPaths.Of("infra/bicepconfig.json"), Path.Combine(folder.FullName, "bicepconfig.json"));
            var file = Path.Combine(folder.FullName, "leak.bicep");
            await File.WriteAllTextAsync(file, $"""
                resource st 'Microsoft.Storage/storageAccounts@2025-01-01' existing = {'{'}
                  name: 'stexample'
                {'}'}

                {offendingLine}
                """);

            var lint = await Bicep.RunAsync("lint", file);

            Assert.NotEqual(0, lint.ExitCode);
            Assert.Contains(expected, lint.Output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void InfraModules_AreLocalFilesOnly()
    {
        var bicepFiles = Directory.GetFiles(RepositoryPaths.Of("infra"), "*.bicep", SearchOption.AllDirectories);
        var references = bicepFiles
            .SelectMany(file => ModuleReference().Matches(File.ReadAllText(file)).Select(m => (file, path: m.Groups[1].Value)))
            .ToList();

        Assert.NotEmpty(references);
        foreach (var (file, path) in references)
        {
            // Registry (br:, br/public:) and template-spec (ts:) modules need the network at build time.
            Assert.DoesNotMatch("^(br|ts)[:/]", path);
            Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(file)!, path)), $"{file} refers to module {path}, which is not there.");
        }
    }

    [GeneratedRegex(@"^\s*module\s+\w+\s+'([^']+)'", RegexOptions.Multiline)]
    private static partial Regex ModuleReference();
}
