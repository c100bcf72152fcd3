using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ErCli;

/// <summary>
/// A real Azurite process on loopback ports, with its data in a folder of its own, for benchmarks. Uses the Azurite
/// the repository pins (<c>npm ci</c> at its root puts it in <c>node_modules/.bin</c>); never installs anything.
/// </summary>
internal sealed class LocalAzurite : IAsyncDisposable
{
    // Azurite's fixed, publicly documented development account; not a secret.
    private const string Account = "devstoreaccount1";
    private const string DevelopmentKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;

    private LocalAzurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={DevelopmentKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};";
    }

    public string ConnectionString { get; }

    /// <summary>
    /// <c>node_modules/.bin/azurite</c> in the current directory or a folder above it, or above er itself (a build
    /// inside the repository); null when there is none.
    /// </summary>
    public static string? FindExecutable()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Starts Azurite with its data in <paramref name="location"/> and waits until its three services accept connections.</summary>
    public static async Task<LocalAzurite> StartAsync(string executable, string location, CancellationToken cancellationToken)
    {
        // A port free when asked may be taken before Azurite binds it; Azurite then exits, and fresh ports are tried.
        for (var attempt = 1; ; attempt++)
        {
            var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--silent", "--skipApiVersionCheck", "--loose", "--location", location,
                "--blobHost", "127.0.0.1", "--blobPort", $"{blob}",
                "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
                "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
            })
            {
                start.ArgumentList.Add(argument);
            }

            var process = Process.Start(start) ?? throw new InvalidOperationException($"Azurite ({executable}) did not start.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var azurite = new LocalAzurite(process, blob, queue, table);
            if (await WaitUntilListeningAsync(process, [blob, queue, table], cancellationToken).ConfigureAwait(false))
            {
                return azurite;
            }

            await azurite.DisposeAsync().ConfigureAwait(false);
            if (attempt == 3)
            {
                throw new InvalidOperationException($"Azurite ({executable}) did not start listening on loopback after {attempt} tries.");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static async Task<bool> WaitUntilListeningAsync(Process process, int[] ports, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (Stopwatch.Frequency * 60);
        foreach (var port in ports)
        {
            while (!await AcceptsAsync(port, cancellationToken).ConfigureAwait(false))
            {
                if (process.HasExited || Stopwatch.GetTimestamp() > deadline)
                {
                    return false;
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
