using System.Security.Cryptography;
using System.Text;

namespace ErPipeline.Access;

/// <summary>API keys: 256 random bits, written <c>er_</c> + base64url; settings hold only their SHA-256.</summary>
public static class ApiKeys
{
    public static string New() => "er_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>The SHA-256 of the key's UTF-8 bytes, lower-case hex: what settings store.</summary>
    public static string Hash(string key) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
