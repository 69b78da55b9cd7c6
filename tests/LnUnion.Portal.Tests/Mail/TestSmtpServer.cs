using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LnUnion.Portal.Mail;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LnUnion.Portal.Tests.Mail;

/// <summary>
/// A real SMTP server on 127.0.0.1, on a free port, that accepts every message and keeps it: just enough of
/// RFC 5321 (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for the app's own mail client to deliver to it.
/// </summary>
public sealed class TestSmtpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public TestSmtpServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<MimeMessage> Received { get; } = new();

    /// <summary>A port that nothing listens on: a server that is down.</summary>
    public static int UnusedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>The messages to <paramref name="address"/>, once at least <paramref name="count"/> have come (or the wait is over).</summary>
    public async Task<List<MimeMessage>> MessagesToAsync(string address, int count = 1, int waitSeconds = 20)
    {
        var until = DateTime.UtcNow.AddSeconds(waitSeconds);
        while (true)
        {
            var messages = Received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase))).ToList();
            if (messages.Count >= count || DateTime.UtcNow > until)
            {
                return messages;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Every message <paramref name="host"/> (whose mail goes to this server) had queued so far, once all have come: its
    /// sender sends one at a time in order, so when a last message, queued now, has come, so has each before it.
    /// </summary>
    public async Task<List<MimeMessage>> AllQueuedAsync(WebApplicationFactory<Program> host)
    {
        var last = $"last-{Guid.NewGuid():N}@test.example.cn";
        var from = host.Services.GetRequiredService<IOptions<SmtpOptions>>().Value.From!;
        host.Services.GetRequiredService<MailOutbox>().Enqueue(from, new MailboxAddress("最后一封", last), "最后一封", "测试用");
        Assert.Single(await MessagesToAsync(last));
        return [.. Received.Where(m => !m.To.Mailboxes.Any(b => b.Address == last))];
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        // Latin-1 maps every byte to one character and back, so an 8-bit (UTF-8) body arrives unchanged.
        using var reader = new StreamReader(stream, Encoding.Latin1);
        await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 test.local ESMTP");
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var command = line.Split(' ', 2)[0].ToUpperInvariant();
            switch (command)
            {
                case "EHLO":
                    await writer.WriteLineAsync("250-test.local");
                    await writer.WriteLineAsync("250 8BITMIME");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                    {
                        data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append("\r\n");
                    }

                    Received.Enqueue(await MimeMessage.LoadAsync(new MemoryStream(Encoding.Latin1.GetBytes(data.ToString()))));
                    await writer.WriteLineAsync("250 queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 ok");
                    break;
            }
        }
    }
}
