using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LnUnion.Portal.Mail;

/// <summary>
/// Messages waiting to be sent. A request only adds to it, so a slow or absent mail server never slows or fails
/// the step that caused the message; <see cref="MailSender"/> sends them one by one.
/// </summary>
public sealed partial class MailOutbox(ILogger<MailOutbox> logger)
{
    /// <summary>Enough for a burst of reviews; beyond it the mail server is far behind and new messages are dropped (and logged).</summary>
    private const int Capacity = 1000;

    private readonly Channel<MimeMessage> _messages = Channel.CreateBounded<MimeMessage>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropWrite });

    internal ChannelReader<MimeMessage> Reader => _messages.Reader;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The mail outbox is full; dropped the message to {To}: {Subject}")]
    private static partial void LogDropped(ILogger logger, string to, string? subject);

    /// <summary>A plain-text message from <paramref name="from"/> (<c>Mail:Smtp:From</c>).</summary>
    public void Enqueue(string from, MailboxAddress to, string subject, string body)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(to);
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = body };
        Enqueue(message);
    }

    public void Enqueue(MimeMessage message)
    {
        if (!_messages.Writer.TryWrite(message))
        {
            LogDropped(logger, message.To.ToString(), message.Subject);
        }
    }
}

/// <summary>Sends the queued messages through <see cref="SmtpOptions"/>; a message that fails is logged and dropped.</summary>
public sealed partial class MailSender(MailOutbox outbox, IOptions<SmtpOptions> options, ILogger<MailSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in outbox.Reader.ReadAllAsync(stoppingToken))
            {
                await SendAsync(message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is still queued is not sent.
        }
    }

    private async Task SendAsync(MimeMessage message, CancellationToken stoppingToken)
    {
        var smtp = options.Value;
        try
        {
            using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
            var security = !smtp.UseTls ? SecureSocketOptions.None : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTls;
            await client.ConnectAsync(smtp.Host!, smtp.Port, security, stoppingToken);
            if (!string.IsNullOrEmpty(smtp.User))
            {
                await client.AuthenticateAsync(smtp.User, smtp.Password ?? string.Empty, stoppingToken);
            }

            await client.SendAsync(message, stoppingToken);
            await client.DisconnectAsync(quit: true, stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            LogNotSent(logger, exception, message.To.ToString(), smtp.Host, smtp.Port, message.Subject);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not send the mail to {To} through {Host}:{Port}: {Subject}")]
    private static partial void LogNotSent(ILogger logger, Exception exception, string to, string? host, int port, string? subject);
}
