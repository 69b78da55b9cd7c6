using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>Refuses passwords found in breach lists and ones built from the account's own name or a keyboard run.</summary>
public sealed class CommonPasswordValidator : IPasswordValidator<PortalUser>
{
    // Passwords of 12 or more characters that lead the public breach corpora, with Chinese favourites (woaini, 5201314).
    private static readonly HashSet<string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        "123456789012", "1234567890123", "12345678901234", "123456789123", "123123123123", "111111111111",
        "000000000000", "123456123456", "987654321098", "121212121212", "qwertyuiopas", "qwertyuiop123",
        "qwerty123456", "1qaz2wsx3edc", "1q2w3e4r5t6y", "q1w2e3r4t5y6", "zaq12wsxcde3", "qazwsxedcrfv",
        "asdfghjkl123", "asdfghjklqwe", "zxcvbnm12345", "abcdefghijkl", "abcd12345678", "abc123456789",
        "password1234", "password12345", "password123!", "passw0rd1234", "p@ssw0rd1234", "p@ssword1234",
        "iloveyou1234", "woaini131452", "woaini520520", "520131452013", "5201314520", "woaini1314520",
        "admin1234567", "administrator", "adminadmin123", "welcome12345", "letmein12345", "changeme1234",
        "lnunion12345", "liaoning1234", "shenyang1234", "zonggonghui1", "gonghui12345", "qwertyuiopasdf",
        "aaaaaaaaaaaa", "a1b2c3d4e5f6", "1a2b3c4d5e6f", "football1234", "baseball1234", "superman1234",
        "princess1234", "sunshine1234", "starwars1234", "trustno11234", "dragon123456", "monkey123456",
    };

    public Task<IdentityResult> ValidateAsync(UserManager<PortalUser> manager, PortalUser user, string? password)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Task.FromResult(IdentityResult.Success);
        }

        if (Common.Contains(password) || password.Distinct().Count() <= 2 || IsRun(password))
        {
            return Failed("这个密码过于常见，很容易被猜中，请换一个。");
        }

        var name = user.Email?.Split('@')[0] ?? user.UserName;
        if (name is { Length: >= 4 } && password.Contains(name, StringComparison.OrdinalIgnoreCase))
        {
            return Failed("密码不能包含账号名。");
        }

        return Task.FromResult(IdentityResult.Success);
    }

    /// <summary>Every character one after the previous (9 then 0 counts), like 123456789012 or abcdefghijkl.</summary>
    private static bool IsRun(string password)
    {
        for (var i = 1; i < password.Length; i++)
        {
            if (password[i] - password[i - 1] is not (1 or '0' - '9'))
            {
                return false;
            }
        }

        return true;
    }

    private static Task<IdentityResult> Failed(string message) =>
        Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "CommonPassword", Description = message }));
}
