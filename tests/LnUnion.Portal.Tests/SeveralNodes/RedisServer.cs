using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace LnUnion.Portal.Tests.SeveralNodes;

/// <summary>
/// Debian's redis-server on a free loopback port, keeping nothing on disk; stopped by its PID. Tests that need it fail
/// with the install command when it is missing, rather than pass without it.
/// </summary>
public sealed class RedisServer : IDisposable
{
    public const string Executable = "/usr/bin/redis-server";

    private Process? _process;

    private RedisServer(int port, Process process) => (Port, _process) = (port, process);

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: run 'apt-get install -y redis-server' (the several-node tests need a real Redis).");
        }

        var port = FreePort();
        var server = new RedisServer(port, Launch(port));
        await server.WaitUntilAnsweringAsync();
        return server;
    }

    /// <summary>Kills the server and starts a new, empty one on the same port, as a crash and a restart by systemd would.</summary>
    public async Task RestartAsync()
    {
        Kill();
        _process = Launch(Port);
        await WaitUntilAnsweringAsync();
    }

    /// <summary>Kills the server; nothing answers on its port until <see cref="RestartAsync"/>.</summary>
    public void Kill()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            Signal("CONT");
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        _process = null;
    }

    private static Process Launch(int port)
    {
        var process = Process.Start(new ProcessStartInfo(Executable)
        {
            ArgumentList = { "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException($"{Executable} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Freezes the server (SIGSTOP): connections stay open, nothing answers, and what it holds is kept for <see cref="Resume"/>.</summary>
    public void Pause() => Signal("STOP");

    public void Resume() => Signal("CONT");

    public void Dispose() => Kill();

    private void Signal(string signal)
    {
        var process = _process ?? throw new InvalidOperationException("redis-server is not running.");
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (System.Text.Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && _process is { HasExited: false })
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline || _process is not { HasExited: false })
            {
                throw new InvalidOperationException($"redis-server on port {Port} did not answer.");
            }

            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
