using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace ErPipeline.Azure;

/// <summary>
/// The credential of an identity-based connection, read the way the Functions host reads its own
/// (<c>&lt;Name&gt;__credential = managedidentity</c> with <c>&lt;Name&gt;__clientId</c>): so the app's SDK clients use
/// the same user-assigned identity as its triggers, which <see cref="DefaultAzureCredential"/> alone would not pick.
/// </summary>
public static class ConnectionCredential
{
    /// <summary>The value of <c>&lt;Name&gt;__credential</c> that asks for a managed identity.</summary>
    public const string ManagedIdentity = "managedidentity";

    /// <summary>The credential of connection <paramref name="connectionName"/> (e.g. <c>ErStorage</c>) in <paramref name="configuration"/>.</summary>
    public static TokenCredential For(IConfiguration configuration, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(connectionName);
        return For(section["credential"], section["clientId"]);
    }

    /// <summary>
    /// The user-assigned managed identity <paramref name="clientId"/> when <paramref name="credential"/> is
    /// <c>managedidentity</c>; otherwise <see cref="DefaultAzureCredential"/> (a developer's sign-in, or the
    /// system-assigned identity).
    /// </summary>
    public static TokenCredential For(string? credential, string? clientId) =>
        string.Equals(credential, ManagedIdentity, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
}
