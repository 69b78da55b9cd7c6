namespace LnUnion.Portal.Mail;

/// <summary>
/// The mail server that review notices go out through (<c>Mail:Smtp</c>). Without a host and a sender address no
/// mail is sent and nothing else changes.
/// </summary>
public sealed class SmtpOptions
{
    public const string Section = "Mail:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>The sender address, such as <c>noreply@lnszgh.org.cn</c>.</summary>
    public string? From { get; set; }

    /// <summary>Encrypt the connection: TLS from the start on port 465, STARTTLS on any other port.</summary>
    public bool UseTls { get; set; }

    /// <summary>For servers that require signing in; leave empty for a relay that does not.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>How long one connection may take before the message is given up (and logged).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(From);
}
