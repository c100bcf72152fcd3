using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ErPipeline.Warehouse.Snowflake;

/// <summary>
/// Settings of section <c>Snowflake</c> (environment: <c>Snowflake__Account</c>, ...), read when
/// <c>Warehouse__Provider</c> is <c>Snowflake</c>. Authentication is by key pair only: no password is ever configured.
/// </summary>
public sealed partial class SnowflakeOptions
{
    public const string Section = "Snowflake";

    /// <summary>The account identifier as the JWT names it: <c>MYORG-MYACCOUNT</c>, <c>myorg.myaccount</c> or a locator such as <c>XY12345</c> (a region suffix is dropped).</summary>
    public string Account { get; set; } = "";

    /// <summary>The host requests go to (<c>myorg-myaccount.snowflakecomputing.com</c>), or a base URL (<c>https://...</c>; <c>http://</c> only on loopback).</summary>
    public string Host { get; set; } = "";

    /// <summary>The Snowflake user the public key is registered on (<c>ALTER USER ... SET RSA_PUBLIC_KEY</c>).</summary>
    public string User { get; set; } = "";

    public string Role { get; set; } = "ER_LOADER";

    public string Warehouse { get; set; } = "ER_WH";

    public string Database { get; set; } = "ER_DB";

    public string Schema { get; set; } = "ER";

    /// <summary>The external stage the loads copy from (used by the warehouse adapter).</summary>
    public string Stage { get; set; } = "ER_CURATED_STAGE";

    /// <summary>The RSA private key as PEM text (in Azure: a Key Vault reference). Exactly one of this and <see cref="PrivateKeyPath"/>.</summary>
    public string? PrivateKey { get; set; }

    /// <summary>A PEM file holding the RSA private key (for the command line).</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The passphrase of an encrypted PKCS#8 key (<c>ENCRYPTED PRIVATE KEY</c>).</summary>
    public string? PrivateKeyPassphrase { get; set; }

    /// <summary>Snowflake cancels a statement running longer than this (the request's <c>timeout</c>, in whole seconds).</summary>
    public TimeSpan StatementTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The client cancels the statement and gives up after this, well inside the Functions timeout (10 min).</summary>
    public TimeSpan ClientDeadline { get; set; } = TimeSpan.FromMinutes(8);

    /// <summary>
    /// A local folder standing in for the <c>er-curated</c> container when no blob storage is configured: the fake
    /// SQL API of the tests reads it as the stage. A real Snowflake cannot read it, so against Snowflake the curated
    /// files go to blob storage (<c>ErStorage__blobServiceUri</c>, or <c>er --storage</c>).
    /// </summary>
    public string CuratedPath { get; set; } = Path.Combine(".er", "curated");

    /// <summary>How many times a request answered 429/503/504 (or not answered) is resent before giving up.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>
    /// The account as the JWT's <c>iss</c> and <c>sub</c> claims need it: upper case; a locator without its region and
    /// cloud (<c>xy12345.east-us-2.azure</c> → <c>XY12345</c>); <c>orgname.accountname</c> → <c>ORGNAME-ACCOUNTNAME</c>.
    /// </summary>
    public static string JwtAccount(string account)
    {
        ArgumentNullException.ThrowIfNull(account);
        var value = account.Trim();
        const string Domain = ".snowflakecomputing.com";
        if (value.EndsWith(Domain, StringComparison.OrdinalIgnoreCase))
        {
            value = value[..^Domain.Length];
        }

        var parts = value.Split('.');
        if (parts.Length == 2 && !parts[0].Contains('-', StringComparison.Ordinal) && !parts[1].Contains('-', StringComparison.Ordinal))
        {
            // orgname.accountname: organisation names have no hyphen, and region ids always have one (us-east-1, east-us-2).
            value = $"{parts[0]}-{parts[1]}";
        }
        else
        {
            // A locator with region and cloud: only the locator identifies the account in the JWT.
            value = parts[0];
        }

        return value.ToUpperInvariant();
    }

    /// <summary>The base URL of the SQL API: <c>https://{Host}/</c>, or <see cref="Host"/> itself when it is a URL.</summary>
    public Uri BaseUri()
    {
        var host = Host.Trim();
        var text = host.Contains("://", StringComparison.Ordinal) ? host : $"https://{host}";
        var uri = new Uri(text, UriKind.Absolute);
        return new UriBuilder(uri.Scheme, uri.Host, uri.Port).Uri;
    }

    internal static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

    [GeneratedRegex(@"^[A-Za-z0-9_\-\.]+$")]
    internal static partial Regex AccountPattern();
}

/// <summary>
/// Checks <see cref="SnowflakeOptions"/> at start, only when <c>Warehouse__Provider</c> is <c>Snowflake</c>, and names
/// each setting at fault by its environment name. It also loads the private key, so a wrong key or passphrase fails at
/// start rather than at the first statement.
/// </summary>
public sealed class SnowflakeOptionsValidator(IOptions<WarehouseOptions> warehouse) : IValidateOptions<SnowflakeOptions>
{
    private const string When = " when Warehouse__Provider is Snowflake.";

    public ValidateOptionsResult Validate(string? name, SnowflakeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.Equals(warehouse.Value.Provider, "Snowflake", StringComparison.OrdinalIgnoreCase))
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>();
        Required(failures, "Account", options.Account);
        Required(failures, "Host", options.Host);
        Required(failures, "User", options.User);
        Required(failures, "Role", options.Role);
        Required(failures, "Warehouse", options.Warehouse);
        Required(failures, "Database", options.Database);
        Required(failures, "Schema", options.Schema);

        if (!string.IsNullOrWhiteSpace(options.Account) && !SnowflakeOptions.AccountPattern().IsMatch(options.Account.Trim()))
        {
            failures.Add("Snowflake__Account must be an account identifier such as MYORG-MYACCOUNT or XY12345 (letters, digits, '-', '_', '.').");
        }

        if (!string.IsNullOrWhiteSpace(options.Host))
        {
            CheckHost(failures, options.Host.Trim());
        }

        var hasKey = !string.IsNullOrWhiteSpace(options.PrivateKey);
        var hasPath = !string.IsNullOrWhiteSpace(options.PrivateKeyPath);
        if (hasKey == hasPath)
        {
            failures.Add("Set exactly one of Snowflake__PrivateKey (PEM text) and Snowflake__PrivateKeyPath (PEM file)" + When);
        }
        else
        {
            try
            {
                using var key = KeyPairJwt.LoadPrivateKey(options);
            }
            catch (InvalidOperationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        if (options.StatementTimeout <= TimeSpan.Zero || options.StatementTimeout > TimeSpan.FromSeconds(604800))
        {
            failures.Add("Snowflake__StatementTimeout must be positive and at most 7 days (e.g. 00:02:00).");
        }

        if (options.ClientDeadline <= TimeSpan.Zero)
        {
            failures.Add("Snowflake__ClientDeadline must be positive (e.g. 00:08:00).");
        }
        else if (options.ClientDeadline <= options.StatementTimeout)
        {
            failures.Add("Snowflake__ClientDeadline must be longer than Snowflake__StatementTimeout, so Snowflake's own timeout answers first.");
        }

        if (options.MaxRetries is < 0 or > 20)
        {
            failures.Add("Snowflake__MaxRetries must be between 0 and 20.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Required(List<string> failures, string setting, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"Snowflake__{setting} is required" + When);
        }
    }

    private static void CheckHost(List<string> failures, string host)
    {
        var hasScheme = host.Contains("://", StringComparison.Ordinal);
        if (!Uri.TryCreate(hasScheme ? host : $"https://{host}", UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            failures.Add($"Snowflake__Host '{host}' is neither a host name (myorg-myaccount.snowflakecomputing.com) nor an https:// URL.");
            return;
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !SnowflakeOptions.IsLoopback(uri.Host))
        {
            failures.Add($"Snowflake__Host '{host}' must use https:// (http:// is accepted only for a loopback test server).");
        }
        else if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"Snowflake__Host '{host}' must be an https:// URL or a bare host name.");
        }
        else if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            failures.Add($"Snowflake__Host '{host}' must not have a path or query: the client adds /api/v2/statements itself.");
        }
    }
}
