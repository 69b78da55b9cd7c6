using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;

namespace LnUnion.Portal.Security;

/// <summary>
/// The password step of signing in, answering an unknown address exactly as a known one: Identity returns at once,
/// without hashing, for an address it does not know, an account without a password and a locked account, so the speed
/// of a wrong answer said which addresses belong to staff. Those cases hash the password against a decoy instead.
/// </summary>
public sealed class PasswordSignIn(SignInManager<PortalUser> signIn, IPasswordHasher<PortalUser> hasher)
{
    private static readonly PortalUser Nobody = new();
    private static string? s_decoyHash;

    public async Task<SignInResult> SignInAsync(string email, string password)
    {
        var user = await signIn.UserManager.FindByNameAsync(email);
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
}
