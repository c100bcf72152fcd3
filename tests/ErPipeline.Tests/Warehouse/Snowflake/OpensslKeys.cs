using System.Diagnostics;
using System.Security.Cryptography;

namespace ErPipeline.Tests.Warehouse.Snowflake;

/// <summary>
/// RSA keys made by the openssl command line (not by .NET), in the three PEM forms Snowflake users have: PKCS#8,
/// encrypted PKCS#8 and PKCS#1. The fingerprint and signatures are checked with openssl too.
/// </summary>
public sealed class OpensslKeys : IDisposable
{
    public const string Passphrase = "correct horse battery staple";

    private readonly string _folder = Directory.CreateTempSubdirectory("er-snowflake-keys-").FullName;

    public OpensslKeys()
    {
        Openssl($"genrsa -traditional -out {Path("pkcs1.pem")} 2048");
        Openssl($"pkcs8 -topk8 -nocrypt -in {Path("pkcs1.pem")} -out {Path("plain.p8")}");
        Openssl($"pkcs8 -topk8 -v2 aes-256-cbc -passout pass:\"{Passphrase}\" -in {Path("pkcs1.pem")} -out {Path("encrypted.p8")}");
        Openssl($"rsa -in {Path("pkcs1.pem")} -pubout -out {Path("pub.pem")}");
        Openssl($"genrsa -out {Path("other.p8")} 2048");
        Fingerprint = "SHA256:" + Shell($"openssl rsa -in {Path("pkcs1.pem")} -pubout -outform DER 2>/dev/null | openssl dgst -sha256 -binary | openssl enc -base64").Trim();
    }

    /// <summary>The fingerprint openssl computes: base64 of the SHA-256 of the DER public key.</summary>
    public string Fingerprint { get; }

    public string PublicKeyPath => Path("pub.pem");

    public string Pem(string file) => File.ReadAllText(Path(file));

    public string Path(string file) => System.IO.Path.Combine(_folder, file);

    public RSA PublicKey()
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(PublicKeyPath));
        return rsa;
    }

    /// <summary>Verifies an RS256 JWT's signature with <c>openssl dgst -sha256 -verify</c>; returns openssl's verdict.</summary>
    public (bool Verified, string Output) VerifyWithOpenssl(string token, string publicKeyPath)
    {
        var parts = token.Split('.');
        var data = Path($"data-{Guid.NewGuid():N}.txt");
        var signature = Path($"sig-{Guid.NewGuid():N}.bin");
        File.WriteAllText(data, $"{parts[0]}.{parts[1]}");
        File.WriteAllBytes(signature, System.Buffers.Text.Base64Url.DecodeFromChars(parts[2]));
        var (code, output) = Run("openssl", $"dgst -sha256 -verify {publicKeyPath} -signature {signature} {data}");
        return (code == 0, output);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void Openssl(string arguments)
    {
        var (code, output) = Run("openssl", arguments);
        if (code != 0)
        {
            throw new InvalidOperationException($"openssl {arguments} failed: {output}");
        }
    }

    private static string Shell(string command)
    {
        var (code, output) = Run("/bin/sh", $"-c \"{command.Replace("\"", "\\\"", StringComparison.Ordinal)}\"");
        return code == 0 ? output : throw new InvalidOperationException($"{command} failed: {output}");
    }

    private static (int Code, string Output) Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }
}
