namespace LnUnion.Portal.Mailbox;

/// <summary>The public side of the workers' mailbox: its abuse limits, the query-code key and how long personal data is kept.</summary>
public sealed class MailboxOptions
{
    public const string Section = "Mailbox";

    /// <summary>
    /// How long after a letter was written its writer's name, phone, e-mail, IP and attachments are kept. Three years:
    /// the general limitation period for civil claims (民法典 §188) and the period labour-dispute and petition files are
    /// commonly kept for, so a writer who comes back about a wage or injury case is still found; after that, the
    /// personal-information law's rule of keeping data no longer than the purpose needs takes over.
    /// </summary>
    public TimeSpan PersonalDataRetention { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>How often each node looks for letters whose retention has ended.</summary>
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A letter posted sooner than this after its form was opened is refused: a person needs longer to write one, a
    /// script does not wait.
    /// </summary>
    public TimeSpan MinimumFillTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an opened form may be posted; the writer of a long letter gets the form back to post again.</summary>
    public TimeSpan FormLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Letters per client address (an IPv6 client's /64) per <see cref="WritingWindow"/>; room for a shared office.</summary>
    public int LettersPerAddress { get; set; } = 10;

    /// <summary>Letters per writer's phone number per <see cref="WritingWindow"/>.</summary>
    public int LettersPerPhone { get; set; } = 3;

    public TimeSpan WritingWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Query-code look-ups per client address per <see cref="QueryWindow"/>: a code is 60 bits, this makes guessing hopeless.</summary>
    public int QueriesPerAddress { get; set; } = 20;

    public TimeSpan QueryWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>At most this many files with one letter.</summary>
    public int MaxAttachments { get; set; } = 3;

    /// <summary>
    /// The HMAC key (Base64, at least 32 bytes) the query codes are hashed with, the same on every node. Without it a
    /// copy of the database is enough to try codes offline; so the site does not start outside Development without it.
    /// </summary>
    public string? QueryCodeKey { get; set; }

    public const string QueryCodeKeyRequired = "Mailbox:QueryCodeKey must be set (Base64, at least 32 bytes), the same on every web node.";

    public byte[]? QueryCodeKeyBytes()
    {
        try
        {
            return QueryCodeKey is { } key && Convert.FromBase64String(key) is { Length: >= 32 } bytes ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
