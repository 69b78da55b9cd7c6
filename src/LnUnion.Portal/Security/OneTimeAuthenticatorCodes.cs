using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Security;

/// <summary>
/// Identity's authenticator (TOTP) check, plus what it lacks: each code signs in once. The last 30-second time step
/// accepted for a user is kept in the database (<c>AspNetUserTokens</c>), so a code already used, or one older than
/// it, is refused by every session and every web node. The step is advanced by one conditional UPDATE, so of two
/// requests racing with the same code exactly one wins. It is recorded with a fingerprint of the key, so that a new
/// key (a new phone) starts afresh.
/// </summary>
public sealed class OneTimeAuthenticatorCodes(PortalDbContext db, TimeProvider time) : AuthenticatorTokenProvider<PortalUser>
{
    public const string LoginProvider = "[LnUnion.Portal]";
    public const string LastStepName = "AuthenticatorLastTimeStep";

    private const int StepSeconds = 30;

    /// <summary>RFC 6238's allowance for a phone clock a little off, and for the time spent typing: one step either way.</summary>
    private const int StepsOfDrift = 1;

    public override async Task<bool> ValidateAsync(string purpose, string token, UserManager<PortalUser> manager, PortalUser user)
    {
        var key = await manager.GetAuthenticatorKeyAsync(user);
        return !string.IsNullOrEmpty(key)
            && MatchingStep(key, token) is { } step
            && await TryUseStepAsync(user.Id, Fingerprint(key), step);
    }

    private long? MatchingStep(string base32Key, string token)
    {
        if (token.Length != 6 || !token.All(char.IsAsciiDigit))
        {
            return null;
        }

        var key = FromBase32(base32Key);
        var now = time.GetUtcNow().ToUnixTimeSeconds() / StepSeconds;
        for (var step = now - StepsOfDrift; step <= now + StepsOfDrift; step++)
        {
            if (CryptographicOperations.FixedTimeEquals(Code(key, step), System.Text.Encoding.ASCII.GetBytes(token)))
            {
                return step;
            }
        }

        return null;
    }

    /// <summary>Records <paramref name="step"/> as the key's last, unless it or a later one is recorded already.</summary>
    private async Task<bool> TryUseStepAsync(string userId, string keyFingerprint, long step)
    {
        // Fixed width, so that comparing the stored text of one key's steps compares the numbers.
        var prefix = keyFingerprint + ":";
        var value = prefix + step.ToString("D15", CultureInfo.InvariantCulture);
        var mine = db.UserTokens.Where(t => t.UserId == userId && t.LoginProvider == LoginProvider && t.Name == LastStepName);
        if (await mine.Where(t => !t.Value!.StartsWith(prefix) || t.Value.CompareTo(value) < 0).ExecuteUpdateAsync(s => s.SetProperty(t => t.Value, value)) == 1)
        {
            return true;
        }

        if (await mine.AnyAsync())
        {
            return false;
        }

        // The user's first code: whoever inserts the row first has used it; the other's insert breaks the key.
        var entry = db.UserTokens.Add(new IdentityUserToken<string> { UserId = userId, LoginProvider = LoginProvider, Name = LastStepName, Value = value });
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateException)
        {
            entry.State = EntityState.Detached;
            return false;
        }
    }

    /// <summary>Tells one key from another without storing anything that helps to guess it.</summary>
    private static string Fingerprint(string base32Key) =>
        Convert.ToHexString(SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(base32Key)), 0, 4);

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6238 and every authenticator app use HMAC-SHA1.")]
    private static byte[] Code(byte[] key, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(key, counter);
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFFFFFF;
        return System.Text.Encoding.ASCII.GetBytes((binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture));
    }

    private static byte[] FromBase32(string text)
    {
        const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().Where(c => c is not ' ' and not '='))
        {
            buffer = (buffer << 5) | Alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
            }
        }

        return [.. bytes];
    }
}
