using Azure.Identity;
using ErPipeline.Azure;
using Microsoft.Extensions.Configuration;

namespace ErFunctions.Tests;

/// <summary>
/// Our SDK clients pick the identity the Bicep names in <c>&lt;Name&gt;__credential</c> and <c>&lt;Name&gt;__clientId</c>,
/// as the Functions host does for the triggers; without those settings they fall back to DefaultAzureCredential.
/// </summary>
public sealed class ConnectionCredentialTests
{
    [Theory]
    [InlineData("managedidentity")]
    // The host compares the value without regard to case; so do we.
    [InlineData("ManagedIdentity")]
    public void For_ManagedIdentityWithClientId_UsesThatUserAssignedIdentity(string credential)
    {
        var configuration = Configuration(new()
        {
            ["ErStorage__blobServiceUri"] = "https://stexample.blob.core.windows.net",
            ["ErStorage__credential"] = credential,
            ["ErStorage__clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.IsType<ManagedIdentityCredential>(ConnectionCredential.For(configuration, "ErStorage"));
    }

    [Theory]
    // Nothing said: a developer's own sign-in (az login, Visual Studio) through the default chain.
    [InlineData(null, null)]
    // A managed identity without a client id is the system-assigned one, which the default chain finds.
    [InlineData("managedidentity", null)]
    // A client id alone does not ask for a managed identity.
    [InlineData(null, "00000000-0000-0000-0000-000000000001")]
    public void For_WithoutManagedIdentityAndClientId_FallsBackToDefaultAzureCredential(string? credential, string? clientId)
    {
        var values = new Dictionary<string, string?> { ["ErEventHubs__fullyQualifiedNamespace"] = "evhns-example.servicebus.windows.net" };
        if (credential is not null)
        {
            values["ErEventHubs__credential"] = credential;
        }

        if (clientId is not null)
        {
            values["ErEventHubs__clientId"] = clientId;
        }

        Assert.IsType<DefaultAzureCredential>(ConnectionCredential.For(Configuration(values), "ErEventHubs"));
    }

    [Fact]
    public void For_AnotherConnectionsIdentity_IsNotBorrowed()
    {
        var configuration = Configuration(new()
        {
            ["ErStorage__credential"] = "managedidentity",
            ["ErStorage__clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.IsType<DefaultAzureCredential>(ConnectionCredential.For(configuration, "ErEventHubs"));
    }

    /// <summary>App settings as the worker sees them: environment-style names, <c>__</c> as the section separator.</summary>
    private static IConfiguration Configuration(Dictionary<string, string?> appSettings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(appSettings.ToDictionary(p => p.Key.Replace("__", ":", StringComparison.Ordinal), p => p.Value))
            .Build();
}
