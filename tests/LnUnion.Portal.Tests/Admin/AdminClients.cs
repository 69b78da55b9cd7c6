using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>A staff account made for one test. <see cref="AuthenticatorKey"/> is set when two-factor sign-in is on.</summary>
public sealed record StaffAccount(string Id, string Email, string Password, string? AuthenticatorKey);

/// <summary>
/// Staff accounts and signed-in clients for HTTP tests: every sign-in goes through the real forms, antiforgery
/// tokens and (for administrators) a TOTP code, exactly as a browser would.
/// </summary>
public static partial class AdminClients
{
    public const string Password = "Test-staff-password-7391";

    /// <summary>
    /// A fresh account with these roles. Administrators get two-factor sign-in enabled, since without it the app
    /// sends them to enrolment first; each account signs in once, so a TOTP code is never reused.
    /// </summary>
    public static async Task<StaffAccount> CreateStaffAccountAsync(this WebApplicationFactory<Program> app, params string[] roles) =>
        await app.CreateStaffAccountAsync(roles.Contains(Roles.Administrator), roles);

    public static async Task<StaffAccount> CreateStaffAccountAsync(this WebApplicationFactory<Program> app, bool twoFactor, params string[] roles)
    {
        var email = $"staff-{Guid.NewGuid():N}@test.example.cn";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = "测试人员" };
        Check(await users.CreateAsync(user, Password));
        if (roles.Length > 0)
        {
            Check(await users.AddToRolesAsync(user, roles));
        }

        string? key = null;
        if (twoFactor)
        {
            Check(await users.ResetAuthenticatorKeyAsync(user));
            Check(await users.SetTwoFactorEnabledAsync(user, true));
            key = await users.GetAuthenticatorKeyAsync(user);
        }

        return new StaffAccount(user.Id, email, Password, key);
    }

    /// <summary>A client that keeps cookies, does not follow redirects, and speaks HTTPS, as the Secure cookies need.</summary>
    public static HttpClient CreateAdminClient(this WebApplicationFactory<Program> app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    public static async Task<HttpClient> SignInAsync(this WebApplicationFactory<Program> app, StaffAccount account, string? password = null)
    {
        var client = app.CreateAdminClient();
        using var response = await client.TrySignInAsync(account, password ?? account.Password);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"Sign-in of {account.Email} failed: {(int)response.StatusCode}");
        return client;
    }

    /// <summary>A new account with these roles, and a client signed in as it.</summary>
    public static async Task<(StaffAccount Account, HttpClient Client)> SignInAsNewAsync(this WebApplicationFactory<Program> app, params string[] roles)
    {
        var account = await app.CreateStaffAccountAsync(roles);
        return (account, await app.SignInAsync(account));
    }

    /// <summary>Posts the sign-in form (and the two-factor form when asked for); returns the last response.</summary>
    public static async Task<HttpResponseMessage> TrySignInAsync(this HttpClient client, StaffAccount account, string password)
    {
        var response = await client.SubmitFormAsync("/admin/login", "/admin/login", ("Email", account.Email), ("Password", password));
        var location = response.Headers.Location?.OriginalString;
        if (response.StatusCode != HttpStatusCode.Redirect || location is null || !location.StartsWith("/admin/login/2fa", StringComparison.Ordinal))
        {
            return response;
        }

        response.Dispose();
        Assert.NotNull(account.AuthenticatorKey);
        return await client.SubmitFormAsync(location, "/admin/login/2fa", ("Code", Totp(account.AuthenticatorKey, DateTimeOffset.UtcNow)), ("ReturnUrl", "/admin"));
    }

    /// <summary>Gets the page the form is on, for its antiforgery token, then posts the form.</summary>
    public static async Task<HttpResponseMessage> SubmitFormAsync(this HttpClient client, string pageUrl, string actionUrl, params (string Name, string Value)[] fields)
    {
        var token = await client.GetAntiforgeryTokenAsync(pageUrl);
        return await client.PostFormAsync(actionUrl, token, fields);
    }

    public static async Task<HttpResponseMessage> PostFormAsync(this HttpClient client, string actionUrl, string? token, params (string Name, string Value)[] fields)
    {
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).ToList();
        if (token is not null)
        {
            values.Add(new("__RequestVerificationToken", token));
        }

        using var content = new FormUrlEncodedContent(values);
        return await client.PostAsync(new Uri(actionUrl, UriKind.Relative), content);
    }

    public static async Task<string> GetAntiforgeryTokenAsync(this HttpClient client, string pageUrl)
    {
        var html = await client.GetPageAsync(pageUrl);
        var match = TokenPattern().Match(html);
        Assert.True(match.Success, $"No antiforgery token on {pageUrl}");
        return match.Groups[1].Value;
    }

    /// <summary>The HTML of a page that must answer 200.</summary>
    public static async Task<string> GetPageAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        return html;
    }

    /// <summary>RFC 6238 as authenticator apps compute it: HMAC-SHA1 over the 30-second step, six digits.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6238 and every authenticator app use HMAC-SHA1.")]
    public static string Totp(string base32Key, DateTimeOffset at)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, at.ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(FromBase32(base32Key), counter);
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFFFFFF;
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
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

    /// <summary>The audit entries for an action on a target such as <c>users:{id}</c>; the controller part is matched in any case.</summary>
    public static async Task<List<AuditEntry>> AuditEntriesAsync(this PortalApplication app, string action, string target)
    {
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking().Where(a => a.Action == action).ToListAsync());
        return [.. entries.Where(a => string.Equals(a.Target, target, StringComparison.OrdinalIgnoreCase))];
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
