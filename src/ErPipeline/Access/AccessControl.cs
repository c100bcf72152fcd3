using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ErPipeline.Access;

/// <summary>What a request is allowed: a role, or a refusal with its HTTP status (401 or 403) and reason.</summary>
public sealed record AccessDecision(Role? Role, int Status, string? Reason)
{
    public bool Allowed => Role is not null;

    public static AccessDecision Allow(Role role) => new(role, 200, null);

    public static AccessDecision Unauthorized(string reason) => new(null, 401, reason);

    public static AccessDecision Forbidden(string reason) => new(null, 403, reason);
}

/// <summary>The credentials a request carries, as the host found them.</summary>
/// <param name="ApiKey">The <c>X-Api-Key</c> header.</param>
/// <param name="AppServicePrincipal">The <c>X-MS-CLIENT-PRINCIPAL</c> header (base64 JSON), set by App Service authentication.</param>
/// <param name="AnonymousAllowed">The host lets callers without credentials in as admin (the local server, on loopback, with no keys configured).</param>
public sealed record Credentials(string? ApiKey, string? AppServicePrincipal, bool AnonymousAllowed);

/// <summary>Decides who a caller is and whether they may read an endpoint.</summary>
public sealed class AccessControl
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL";

    private readonly AccessOptions _options;
    private readonly Dictionary<string, Role> _keys;

    public AccessControl(IOptions<AccessOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _keys = new Dictionary<string, Role>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in _options.Keys.Values)
        {
            if (key.Sha256 is not null && Roles.TryParse(key.Role, out var role))
            {
                _keys[key.Sha256] = role;
            }
        }
    }

    /// <summary>Whether any API key is configured.</summary>
    public bool HasKeys => _keys.Count > 0;

    public AccessDecision Decide(Credentials credentials, FeedEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        Role role;
        if (!string.IsNullOrEmpty(credentials.ApiKey))
        {
            if (!_keys.TryGetValue(ApiKeys.Hash(credentials.ApiKey.Trim()), out role))
            {
                return AccessDecision.Unauthorized($"The {ApiKeyHeader} header does not hold a known key.");
            }
        }
        else if (_options.TrustAppServicePrincipal && !string.IsNullOrEmpty(credentials.AppServicePrincipal))
        {
            if (!TryPrincipalRole(credentials.AppServicePrincipal, out role))
            {
                return AccessDecision.Forbidden("The signed-in user has none of the roles admin, analyst or clinician.");
            }
        }
        else if (credentials.AnonymousAllowed && !HasKeys)
        {
            role = Role.Admin;
        }
        else
        {
            return AccessDecision.Unauthorized($"Send an API key in the {ApiKeyHeader} header.");
        }

        return Roles.MayRead(role, endpoint)
            ? AccessDecision.Allow(role)
            : AccessDecision.Forbidden($"The role {Roles.Name(role)} may not read /api/{endpoint.ToString().ToLowerInvariant()}.");
    }

    /// <summary>
    /// Reads the roles of an App Service authentication principal: base64 JSON with <c>claims</c> (<c>typ</c>,
    /// <c>val</c>) and <c>role_typ</c>. The most permissive known role wins.
    /// </summary>
    internal static bool TryPrincipalRole(string header, out Role role)
    {
        role = default;
        var found = new List<Role>();
        try
        {
            using var principal = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(header)));
            var roleType = principal.RootElement.TryGetProperty("role_typ", out var typ) ? typ.GetString() : null;
            if (!principal.RootElement.TryGetProperty("claims", out var claims) || claims.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            foreach (var claim in claims.EnumerateArray())
            {
                var type = claim.TryGetProperty("typ", out var t) ? t.GetString() : null;
                if ((type == roleType || type == "roles") && Roles.TryParse(claim.TryGetProperty("val", out var v) ? v.GetString() : null, out var parsed))
                {
                    found.Add(parsed);
                }
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException)
        {
            return false;
        }

        if (found.Count == 0)
        {
            return false;
        }

        role = found.Min();
        return true;
    }
}
