using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace ErPipeline.Warehouse.Snowflake;

/// <summary>
/// The key-pair JWT the SQL API accepts (RS256; <c>iss</c> = <c>ACCOUNT.USER.SHA256:fingerprint</c>, <c>sub</c> =
/// <c>ACCOUNT.USER</c>), cached and renewed when less than 5 minutes remain. Thread-safe.
/// </summary>
public sealed class KeyPairJwt : IDisposable
{
    /// <summary>Snowflake accepts at most one hour; a minute less leaves room for clock skew.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(59);

    /// <summary>A token with less than this left is renewed, so no request leaves with one about to expire.</summary>
    public static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly RSA _key;
    private readonly TimeProvider _time;
    private readonly string _subject;
    private readonly string _issuer;
    private readonly Lock _gate = new();
    private string? _token;
    private long _issuedAt;
    private long _expiresAt;
    private string? _invalidated;

    public KeyPairJwt(SnowflakeOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        if (string.IsNullOrWhiteSpace(options.Account) || string.IsNullOrWhiteSpace(options.User))
        {
            throw new InvalidOperationException("Snowflake__Account and Snowflake__User are required for key-pair authentication.");
        }

        _key = LoadPrivateKey(options);
        PublicKeyFingerprint = Fingerprint(_key);
        _subject = $"{SnowflakeOptions.JwtAccount(options.Account)}.{options.User.Trim().ToUpperInvariant()}";
        _issuer = $"{_subject}.{PublicKeyFingerprint}";
    }

    /// <summary><c>SHA256:</c> + base64 of the SHA-256 of the public key's DER SubjectPublicKeyInfo, as <c>DESCRIBE USER</c> shows it (RSA_PUBLIC_KEY_FP). Not secret.</summary>
    public string PublicKeyFingerprint { get; }

    /// <summary>The <c>sub</c> claim, <c>ACCOUNT.USER</c>.</summary>
    public string Subject => _subject;

    /// <summary>A valid token: the cached one, or a new one when it has less than <see cref="RenewBefore"/> left.</summary>
    public string Token()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        lock (_gate)
        {
            if (_token is not null && _expiresAt - now > (long)RenewBefore.TotalSeconds)
            {
                return _token;
            }

            var issuedAt = now;
            if (_invalidated is not null && issuedAt <= _issuedAt)
            {
                // RS256 signatures are deterministic: a token issued in the same second as the rejected one would be the
                // same bytes. Backdating one second makes it a new token and stays valid for the whole lifetime.
                issuedAt = _issuedAt - 1;
            }

            _token = Create(issuedAt);
            _issuedAt = issuedAt;
            _expiresAt = issuedAt + (long)Lifetime.TotalSeconds;
            _invalidated = null;
            return _token;
        }
    }

    /// <summary>Drops the cached token (after Snowflake answered 401); the next <see cref="Token"/> signs a new one.</summary>
    public void Invalidate()
    {
        lock (_gate)
        {
            _invalidated = _token;
            _token = null;
        }
    }

    public void Dispose() => _key.Dispose();

    /// <summary>
    /// Loads the RSA private key from <see cref="SnowflakeOptions.PrivateKey"/> or <see cref="SnowflakeOptions.PrivateKeyPath"/>:
    /// PKCS#8 (<c>PRIVATE KEY</c>), encrypted PKCS#8 (<c>ENCRYPTED PRIVATE KEY</c>, with the passphrase) or PKCS#1
    /// (<c>RSA PRIVATE KEY</c>). Errors name the setting, never the key.
    /// </summary>
    internal static RSA LoadPrivateKey(SnowflakeOptions options)
    {
        string setting;
        string pem;
        if (!string.IsNullOrWhiteSpace(options.PrivateKey))
        {
            setting = "Snowflake__PrivateKey";
            // App settings and Key Vault secrets sometimes carry the line breaks as the two characters \n.
            pem = options.PrivateKey.Replace("\\n", "\n", StringComparison.Ordinal);
        }
        else if (!string.IsNullOrWhiteSpace(options.PrivateKeyPath))
        {
            setting = "Snowflake__PrivateKeyPath";
            try
            {
                pem = File.ReadAllText(options.PrivateKeyPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"Snowflake__PrivateKeyPath: cannot read {options.PrivateKeyPath} ({ex.GetType().Name}).", ex);
            }
        }
        else
        {
            throw new InvalidOperationException("Set Snowflake__PrivateKey (PEM text) or Snowflake__PrivateKeyPath (PEM file) for key-pair authentication.");
        }

        if (!PemEncoding.TryFind(pem, out var fields))
        {
            throw new InvalidOperationException($"{setting} does not hold a PEM key (-----BEGIN PRIVATE KEY----- ...).");
        }

        var label = pem[fields.Label];
        var rsa = RSA.Create();
        try
        {
            switch (label)
            {
                case "ENCRYPTED PRIVATE KEY":
                    if (string.IsNullOrEmpty(options.PrivateKeyPassphrase))
                    {
                        throw new InvalidOperationException($"{setting} holds an encrypted key (ENCRYPTED PRIVATE KEY): set Snowflake__PrivateKeyPassphrase.");
                    }

                    try
                    {
                        rsa.ImportFromEncryptedPem(pem, options.PrivateKeyPassphrase);
                    }
                    catch (CryptographicException ex)
                    {
                        throw new InvalidOperationException(
                            $"{setting} could not be decrypted with Snowflake__PrivateKeyPassphrase: wrong passphrase, or not an RSA key.", ex);
                    }

                    break;
                case "PRIVATE KEY":
                case "RSA PRIVATE KEY":
                    try
                    {
                        rsa.ImportFromPem(pem);
                    }
                    catch (CryptographicException ex)
                    {
                        throw new InvalidOperationException($"{setting} is not a readable RSA private key ({label}).", ex);
                    }

                    break;
                default:
                    throw new InvalidOperationException(
                        $"{setting} holds a PEM '{label}', not an RSA private key (PRIVATE KEY, ENCRYPTED PRIVATE KEY or RSA PRIVATE KEY).");
            }

            if (rsa.KeySize < 2048)
            {
                throw new InvalidOperationException($"{setting} is a {rsa.KeySize}-bit RSA key; Snowflake needs at least 2048 bits.");
            }

            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }

    internal static string Fingerprint(RSA key) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    private string Create(long issuedAt)
    {
        var header = Base64Url.EncodeToString("""{"alg":"RS256","typ":"JWT"}"""u8);
        using var payload = new MemoryStream();
        using (var json = new Utf8JsonWriter(payload))
        {
            json.WriteStartObject();
            json.WriteString("iss", _issuer);
            json.WriteString("sub", _subject);
            json.WriteNumber("iat", issuedAt);
            json.WriteNumber("exp", issuedAt + (long)Lifetime.TotalSeconds);
            json.WriteEndObject();
        }

        var signingInput = $"{header}.{Base64Url.EncodeToString(payload.ToArray())}";
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }
}
