using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;

namespace LnUnion.Portal.Security;

/// <summary>
/// The password step of signing in, answering an unknown address exactly as a known one: Identity returns at once,
/// without hashing, for an address it does not know, an account without a password and a locked account, so the speed
/// of a wrong answer said which addresses belong to staff. Those cases hash the password against a decoy instead.
/// A known account's failure also records itself towards the lockout, a database write an unknown address has no
/// account for; so every refusal is answered no sooner than <see cref="RefusalTime"/> after the request began.
/// An account an administrator locked has its real password checked in place of the decoy, at the same cost: only
/// someone who knows the password learns that it is locked (<see cref="LockedByAdministrator"/>), and whom to ask.
/// </summary>
public sealed class PasswordSignIn(SignInManager<PortalUser> signIn, IPasswordHasher<PortalUser> hasher, TimeProvider time)
{
    /// <summary>Several times what a refusal's hash and writes take, and still no wait a person notices.</summary>
    public static readonly TimeSpan RefusalTime = TimeSpan.FromMilliseconds(300);

    /// <summary>The right password for an account an administrator has locked.</summary>
    public static readonly SignInResult LockedByAdministrator = new AdministratorLock();

    private static readonly PortalUser Nobody = new();
    private static string? s_decoyHash;

    public async Task<SignInResult> SignInAsync(string email, string password)
    {
        var started = time.GetTimestamp();
        var result = await CheckAsync(email, password);
        if (!result.Succeeded && !result.RequiresTwoFactor)
        {
            await AnswerFloor.WaitOutAsync(started, RefusalTime, time);
        }

        return result;
    }

    private async Task<SignInResult> CheckAsync(string email, string password)
    {
        var user = await signIn.UserManager.FindByNameAsync(email);
        if (user is { PasswordHash: { } hash, IsLockedByAdministrator: true })
        {
            return hasher.VerifyHashedPassword(user, hash, password) == PasswordVerificationResult.Failed
                ? SignInResult.LockedOut
                : LockedByAdministrator;
        }

        if (user is null || user.PasswordHash is null || await signIn.UserManager.IsLockedOutAsync(user))
        {
            // Made by the same hasher with the same settings as real hashes, so checking it costs the same.
            s_decoyHash ??= hasher.HashPassword(Nobody, Guid.NewGuid().ToString());
            hasher.VerifyHashedPassword(Nobody, s_decoyHash, password);
        }

        return user is null
            ? SignInResult.Failed
            : await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true);
    }

    private sealed class AdministratorLock : SignInResult
    {
        public AdministratorLock() => IsLockedOut = true;
    }
}
