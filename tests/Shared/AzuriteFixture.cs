using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ErTests.Emulators;

/// <summary>
/// A real Azurite process on loopback, with its own data folder, for the tests of one class. Installs the pinned
/// Azurite (package.json) with npm when the repository has no node_modules yet.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's fixed, publicly documented development account; not a secret.
    private const string Account = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _location = Directory.CreateTempSubdirectory("er-azurite-").FullName;
    private Process? _process;

    public int BlobPort { get; private set; } = FreePort();

    public int QueuePort { get; private set; } = FreePort();

    public int TablePort { get; private set; } = FreePort();

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={DevelopmentKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};TableEndpoint=http://127.0.0.1:{TablePort}/{Account};";

    public async Task InitializeAsync()
    {
        var executable = await EnsureInstalledAsync();

        // A free port is free when asked, not necessarily when Azurite binds it: another fixture starting at the same
        // moment may take it. Azurite then exits at once, and a second try on fresh ports succeeds.
        for (var attempt = 1; ; attempt++)
        {
            if (await TryStartAsync(executable))
            {
                return;
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite did not start listening on 127.0.0.1:{BlobPort}/{QueuePort}/{TablePort} after {attempt} tries.");
            }

            BlobPort = FreePort();
            QueuePort = FreePort();
            TablePort = FreePort();
        }
    }

    private async Task<bool> TryStartAsync(string executable)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--location", _location,
            "--blobHost", "127.0.0.1", "--blobPort", $"{BlobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{QueuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{TablePort}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process?.Dispose();
        _process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await AcceptsAsync(BlobPort) || !await AcceptsAsync(QueuePort) || !await AcceptsAsync(TablePort))
        {
            if (_process.HasExited)
            {
                return false;
            }

            if (DateTime.UtcNow > deadline)
            {
                _process.Kill(entireProcessTree: true);
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        Directory.Delete(_location, recursive: true);
    }

    private static async Task<string> EnsureInstalledAsync()
    {
        var root = ErTests.Support.RepositoryPaths.Root;
        var executable = Path.Combine(root, "node_modules", ".bin", "azurite");
        if (File.Exists(executable))
        {
            return executable;
        }

        // Test projects run in parallel processes: only one may run npm, the others wait for it.
        using var gate = await LockAsync(Path.Combine(Path.GetTempPath(), $"erfunctions-npm-{(uint)root.GetHashCode(StringComparison.Ordinal)}.lock"));
        if (File.Exists(executable))
        {
            return executable;
        }

        // First run on a fresh clone: install the version package-lock.json pins.
        var npm = new ProcessStartInfo("npm", "ci --no-audit --no-fund") { WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        using var install = Process.Start(npm) ?? throw new InvalidOperationException("npm is needed to install Azurite for the tests.");
        var errors = install.StandardError.ReadToEndAsync();
        await install.StandardOutput.ReadToEndAsync();
        await install.WaitForExitAsync();
        if (install.ExitCode != 0 || !File.Exists(executable))
        {
            throw new InvalidOperationException($"`npm ci` in {root} failed to install Azurite: {await errors}");
        }

        return executable;
    }

    private static async Task<FileStream> LockAsync(string path)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
