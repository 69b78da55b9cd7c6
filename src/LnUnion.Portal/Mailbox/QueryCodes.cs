using System.Security.Cryptography;
using System.Text;
using LnUnion.Portal.Site;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// The 查询码 a writer gets for their letter: 12 characters from 32 that cannot be mistaken for one another (no 0, O,
/// 1 or I), 60 random bits, shown in groups of four. Only its HMAC is stored, keyed by <see cref="MailboxOptions.QueryCodeKey"/>.
/// </summary>
public sealed class QueryCodes(IOptions<MailboxOptions> options, IHostEnvironment environment)
{
    private const string Alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    public const int Length = 12;

    /// <summary>Development runs without a configured key; production refuses to start without one (see MailboxSetup).</summary>
    private readonly byte[] _key = options.Value.QueryCodeKeyBytes()
        ?? (environment.IsDevelopment() ? SHA256.HashData("LnUnion.Portal development query-code key"u8) : throw new InvalidOperationException(MailboxOptions.QueryCodeKeyRequired));

    public static string NewCode() => RandomNumberGenerator.GetString(Alphabet, Length);

    /// <summary>XXXX-XXXX-XXXX, as the writer reads and types it.</summary>
    public static string Grouped(string code) => string.Join('-', code.Chunk(4).Select(group => new string(group)));

    /// <summary>The code as typed (full-width, lower case, spaces or hyphens) in its plain form; null when it cannot be a code.</summary>
    public static string? Normalise(string? typed)
    {
        var code = string.Concat((ContactNumbers.HalfWidth(typed) ?? string.Empty).Where(c => c is not (' ' or '-'))).ToUpperInvariant();
        return code.Length == Length && code.All(Alphabet.Contains) ? code : null;
    }

    public string Hash(string code) => Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(code)));
}
