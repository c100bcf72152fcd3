using System.ComponentModel.DataAnnotations;

namespace ErPipeline.Access;

/// <summary>
/// Who may call the feed (section <c>Access</c>). API keys are stored as their SHA-256 only:
/// <c>Access__Keys__powerbi__Sha256 = 64 hex digits</c>, <c>Access__Keys__powerbi__Role = analyst</c>
/// (<c>er keys new</c> prints both). The key itself is never in settings.
/// </summary>
public sealed class AccessOptions : IValidatableObject
{
    public const string Section = "Access";

    /// <summary>API keys by a name that says who holds them (powerbi, ops-team…).</summary>
    public Dictionary<string, ApiKeyOptions> Keys { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Take the role from App Service authentication's <c>X-MS-CLIENT-PRINCIPAL</c> header. Only behind App Service
    /// authentication, which strips that header from clients; anywhere else anyone could forge it.
    /// </summary>
    public bool TrustAppServicePrincipal { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, key) in Keys)
        {
            if (key.Sha256 is null || key.Sha256.Length != 64 || !key.Sha256.All(char.IsAsciiHexDigit))
            {
                yield return new ValidationResult($"Access:Keys:{name}:Sha256 must be the 64 hex digits of the key's SHA-256 (er keys new prints it).", [nameof(Keys)]);
            }

            if (!Roles.TryParse(key.Role, out _))
            {
                yield return new ValidationResult($"Access:Keys:{name}:Role is '{key.Role}': use admin, analyst or clinician.", [nameof(Keys)]);
            }
        }
    }
}

/// <summary>One API key: the hash of the key and the role it grants.</summary>
public sealed class ApiKeyOptions
{
    public string? Sha256 { get; set; }

    public string? Role { get; set; }
}
