using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// What an opened letter form carries in one hidden, Data-Protection-sealed field: the key that makes a second post
/// of the same form find the first letter, when it was opened (the minimum fill time, with no cookie), and the query
/// code the letter will get, so that a second post answers with the same code the first one was given.
/// </summary>
public sealed record LetterFormTicket(Guid SubmissionKey, DateTime OpenedAtUtc, string QueryCode)
{
    private const string Purpose = "LnUnion.Portal.Mailbox.LetterForm";

    public static LetterFormTicket New(DateTime nowUtc) => new(Guid.NewGuid(), nowUtc, QueryCodes.NewCode());

    public string Seal(IDataProtectionProvider protection) =>
        protection.CreateProtector(Purpose).Protect(string.Create(CultureInfo.InvariantCulture, $"{SubmissionKey:N}|{OpenedAtUtc.Ticks}|{QueryCode}"));

    /// <summary>The ticket, or null when the field is missing, altered or sealed with a key this site does not have.</summary>
    public static LetterFormTicket? Open(IDataProtectionProvider protection, string? sealedTicket)
    {
        if (string.IsNullOrEmpty(sealedTicket))
        {
            return null;
        }

        try
        {
            var parts = protection.CreateProtector(Purpose).Unprotect(sealedTicket).Split('|');
            return parts.Length == 3
                && Guid.TryParseExact(parts[0], "N", out var key)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && QueryCodes.Normalise(parts[2]) is { } code
                ? new LetterFormTicket(key, new DateTime(ticks, DateTimeKind.Utc), code)
                : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
