using System.Buffers.Text;
using System.Text.Json.Nodes;
using ErPipeline.Warehouse;
using ErPipeline.Warehouse.Snowflake;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ErPipeline.Tests.Warehouse.Snowflake;

public sealed class KeyPairJwtTests(OpensslKeys keys) : IClassFixture<OpensslKeys>
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 8, 0, 0, TimeSpan.Zero);

    private SnowflakeOptions Options(string keyFile = "plain.p8", string? passphrase = null) => new()
    {
        Account = "myorg-myaccount",
        User = "er_loader",
        Host = "myorg-myaccount.snowflakecomputing.com",
        PrivateKey = keys.Pem(keyFile),
        PrivateKeyPassphrase = passphrase,
    };

    [Theory]
    [InlineData("plain.p8", null)] // PKCS#8, PRIVATE KEY
    [InlineData("encrypted.p8", OpensslKeys.Passphrase)] // encrypted PKCS#8 with aes-256-cbc
    [InlineData("pkcs1.pem", null)] // PKCS#1, RSA PRIVATE KEY
    public void PublicKeyFingerprint_EveryKeyForm_MatchesOpenssl(string keyFile, string? passphrase)
    {
        using var jwt = new KeyPairJwt(Options(keyFile, passphrase), new FakeTimeProvider(Start));

        Assert.Equal(keys.Fingerprint, jwt.PublicKeyFingerprint);
    }

    [Fact]
    public void Token_SignatureVerifiesWithOpensslAndTheHeaderSaysRs256()
    {
        using var jwt = new KeyPairJwt(Options(), TimeProvider.System);
        var token = jwt.Token();

        var (verified, output) = keys.VerifyWithOpenssl(token, keys.PublicKeyPath);
        var header = JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[0]))!;

        Assert.True(verified, output);
        Assert.Contains("Verified OK", output, StringComparison.Ordinal);
        Assert.Equal("RS256", (string?)header["alg"]);
        Assert.Equal("JWT", (string?)header["typ"]);
    }

    [Fact]
    public void Token_SignedWithAnotherKey_FailsOpensslVerification()
    {
        var options = Options();
        options.PrivateKey = keys.Pem("other.p8");
        using var jwt = new KeyPairJwt(options, TimeProvider.System);

        var (verified, _) = keys.VerifyWithOpenssl(jwt.Token(), keys.PublicKeyPath);

        Assert.False(verified);
    }

    [Fact]
    public void Token_Claims_AreUpperCaseWithTheFingerprintAndLastUnderAnHour()
    {
        using var jwt = new KeyPairJwt(Options(), new FakeTimeProvider(Start));

        var claims = Claims(jwt.Token());

        Assert.Equal($"MYORG-MYACCOUNT.ER_LOADER.{keys.Fingerprint}", (string?)claims["iss"]);
        Assert.Equal("MYORG-MYACCOUNT.ER_LOADER", (string?)claims["sub"]);
        Assert.Equal(Start.ToUnixTimeSeconds(), (long)claims["iat"]!);
        var lifetime = (long)claims["exp"]! - (long)claims["iat"]!;
        Assert.InRange(lifetime, 3000, 3600);
    }

    [Fact]
    public void Token_IsCachedUntilFiveMinutesRemain_ThenRenewed()
    {
        var time = new FakeTimeProvider(Start);
        using var jwt = new KeyPairJwt(Options(), time);
        var first = jwt.Token();

        time.Advance(TimeSpan.FromMinutes(50)); // 9 minutes left
        var cached = jwt.Token();
        time.Advance(TimeSpan.FromMinutes(5)); // 4 minutes left
        var renewed = jwt.Token();

        Assert.Same(first, cached);
        Assert.NotEqual(first, renewed);
        Assert.Equal(time.GetUtcNow().ToUnixTimeSeconds(), (long)Claims(renewed)["iat"]!);
    }

    [Fact]
    public void Invalidate_InTheSameSecond_GivesADifferentTokenThatStillVerifies()
    {
        using var jwt = new KeyPairJwt(Options(), new FakeTimeProvider(Start));
        var rejected = jwt.Token();

        jwt.Invalidate();
        var renewed = jwt.Token();

        Assert.NotEqual(rejected, renewed);
        Assert.True(keys.VerifyWithOpenssl(renewed, keys.PublicKeyPath).Verified);
        Assert.Same(renewed, jwt.Token());
    }

    [Fact]
    public void Token_FromManyThreads_IsOneToken()
    {
        using var jwt = new KeyPairJwt(Options(), new FakeTimeProvider(Start));

        var tokens = Enumerable.Range(0, 64).AsParallel().Select(_ => jwt.Token()).Distinct().ToList();

        Assert.Single(tokens);
    }

    [Fact]
    public void Load_WrongPassphrase_NamesTheSettingsNotTheKey()
    {
        var options = Options("encrypted.p8", "not the passphrase");

        var error = Assert.Throws<InvalidOperationException>(() => new KeyPairJwt(options, TimeProvider.System));

        Assert.Contains("Snowflake__PrivateKeyPassphrase", error.Message, StringComparison.Ordinal);
        Assert.Contains("Snowflake__PrivateKey", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(keys.Pem("encrypted.p8").Split('\n')[1], error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not the passphrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_EncryptedKeyWithoutPassphrase_AsksForThePassphrase()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new KeyPairJwt(Options("encrypted.p8"), TimeProvider.System));

        Assert.Contains("set Snowflake__PrivateKeyPassphrase", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FromPrivateKeyPath_ReadsTheFile()
    {
        var options = Options();
        options.PrivateKey = null;
        options.PrivateKeyPath = keys.Path("pkcs1.pem");

        using var jwt = new KeyPairJwt(options, TimeProvider.System);

        Assert.Equal(keys.Fingerprint, jwt.PublicKeyFingerprint);
    }

    [Fact]
    public void Load_PemWithEscapedLineBreaks_AsAppSettingsCarryIt()
    {
        var options = Options();
        options.PrivateKey = keys.Pem("plain.p8").Replace("\n", "\\n", StringComparison.Ordinal);

        using var jwt = new KeyPairJwt(options, TimeProvider.System);

        Assert.Equal(keys.Fingerprint, jwt.PublicKeyFingerprint);
    }

    [Theory]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----", "not an RSA private key")] // a public key pasted by mistake
    [InlineData("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", "does not hold a PEM key")] // base64 without the PEM lines
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----", "not a readable RSA private key")] // truncated key
    public void Load_Malformed_NamesTheSetting(string pem, string expected)
    {
        var options = Options();
        options.PrivateKey = pem;

        var error = Assert.Throws<InvalidOperationException>(() => new KeyPairJwt(options, TimeProvider.System));

        Assert.StartsWith("Snowflake__PrivateKey ", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("myorg-myaccount", "MYORG-MYACCOUNT")] // organisation-account form: upper-cased
    [InlineData("MyOrg.MyAccount", "MYORG-MYACCOUNT")] // organisation.account form: the dot becomes a hyphen
    [InlineData("xy12345", "XY12345")] // bare locator
    [InlineData("xy12345.east-us-2.azure", "XY12345")] // locator with region and cloud: the locator only
    [InlineData("xy12345.us-east-1", "XY12345")] // locator with region (AWS): the locator only
    [InlineData(" myorg-myaccount.snowflakecomputing.com ", "MYORG-MYACCOUNT")] // host pasted as account
    [InlineData("myorg-my_account", "MYORG-MY_ACCOUNT")] // underscores are kept
    public void JwtAccount_NormalisesAsSnowflakeExpects(string account, string expected)
    {
        Assert.Equal(expected, SnowflakeOptions.JwtAccount(account));
    }

    [Fact]
    public void Validator_WithDuckDbProvider_SkipsEverything()
    {
        var validator = new SnowflakeOptionsValidator(Microsoft.Extensions.Options.Options.Create(new WarehouseOptions { Provider = "DuckDb" }));

        Assert.True(validator.Validate(null, new SnowflakeOptions()).Skipped);
    }

    [Fact]
    public void Validator_ValidSettings_Succeed()
    {
        var result = Validate(Options());

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Theory]
    [InlineData("Account", "", "Snowflake__Account is required when Warehouse__Provider is Snowflake.")] // no account
    [InlineData("User", " ", "Snowflake__User is required when Warehouse__Provider is Snowflake.")] // blank user
    [InlineData("Host", "", "Snowflake__Host is required when Warehouse__Provider is Snowflake.")] // no host
    [InlineData("Host", "http://myorg-myaccount.snowflakecomputing.com", "Snowflake__Host 'http://myorg-myaccount.snowflakecomputing.com' must use https://")] // clear text off loopback
    [InlineData("Host", "https://myorg-myaccount.snowflakecomputing.com/api/v2", "must not have a path")] // the API path pasted too
    [InlineData("Host", "ftp://example.com", "must be an https:// URL")] // wrong scheme
    [InlineData("Account", "my org", "Snowflake__Account must be an account identifier")] // space in the identifier
    [InlineData("PrivateKeyPath", "/keys/rsa_key.p8", "Set exactly one of Snowflake__PrivateKey (PEM text) and Snowflake__PrivateKeyPath")] // both key settings
    [InlineData("PrivateKey", "", "Set exactly one of Snowflake__PrivateKey (PEM text) and Snowflake__PrivateKeyPath")] // neither key setting
    [InlineData("PrivateKeyPassphrase", "wrong", "")] // a passphrase for a plain key is ignored: no failure
    [InlineData("StatementTimeout", "00:00:00", "Snowflake__StatementTimeout must be positive")] // zero timeout
    [InlineData("ClientDeadline", "00:01:00", "Snowflake__ClientDeadline must be longer than Snowflake__StatementTimeout")] // deadline before Snowflake's timeout
    [InlineData("ClientDeadline", "-00:01:00", "Snowflake__ClientDeadline must be positive")] // negative deadline
    [InlineData("MaxRetries", "-1", "Snowflake__MaxRetries must be between 0 and 20.")] // negative retries
    public void Validator_WrongSetting_NamesItByItsEnvironmentName(string setting, string value, string expected)
    {
        var options = Options();
        var property = typeof(SnowflakeOptions).GetProperty(setting)!;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        property.SetValue(options, type == typeof(TimeSpan) ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : type == typeof(int) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture)
            : value);

        var result = Validate(options);

        if (expected.Length == 0)
        {
            Assert.True(result.Succeeded, result.FailureMessage);
        }
        else
        {
            Assert.True(result.Failed);
            Assert.Contains(result.Failures!, failure => failure.Contains(expected, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000")] // IPv4 loopback
    [InlineData("http://localhost:5000")] // loopback name
    [InlineData("https://myorg-myaccount.privatelink.snowflakecomputing.com")] // private link URL
    public void Validator_AcceptsHttpsAndLoopbackHttp(string host)
    {
        var options = Options();
        options.Host = host;

        Assert.True(Validate(options).Succeeded);
    }

    [Fact]
    public void Validator_WrongPassphrase_FailsAtStart()
    {
        var result = Validate(Options("encrypted.p8", "nope"));

        Assert.Contains(result.Failures!, failure => failure.Contains("Snowflake__PrivateKeyPassphrase", StringComparison.Ordinal));
    }

    private static ValidateOptionsResult Validate(SnowflakeOptions options) =>
        new SnowflakeOptionsValidator(Microsoft.Extensions.Options.Options.Create(new WarehouseOptions { Provider = "Snowflake" })).Validate(null, options);

    private static JsonNode Claims(string token) => JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;
}
