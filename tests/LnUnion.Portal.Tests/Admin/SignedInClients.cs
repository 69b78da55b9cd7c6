using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>A staff member's browser: a cookie-keeping client signed in through the real sign-in form.</summary>
public sealed record StaffSession(HttpClient Client, string UserId, string Email)
{
    /// <summary>GETs <paramref name="formPage"/>, then posts <paramref name="fields"/> to <paramref name="action"/> with the page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var token = await AntiforgeryTokenAsync(formPage);
        using var content = new FormUrlEncodedContent(fields.Append(new("__RequestVerificationToken", token)));
        return await Client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    public Task<HttpResponseMessage> PostFormAsync(string formPage, string action, params (string Name, string Value)[] fields) =>
        PostFormAsync(formPage, action, fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    /// <summary>Posts a multipart form (the article editor's) with the token from <paramref name="formPage"/>.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(string formPage, string action, IEnumerable<(string Name, string Value)> fields, IEnumerable<(string Name, string FileName, byte[] Bytes)>? files = null)
    {
        var token = await AntiforgeryTokenAsync(formPage);
        using var content = new MultipartFormDataContent();
        content.Add(new StringContent(token), "__RequestVerificationToken");
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (name, fileName, bytes) in files ?? [])
        {
            content.Add(new ByteArrayContent(bytes), name, fileName);
        }

        return await Client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    public async Task<string> AntiforgeryTokenAsync(string formPage)
    {
        var html = await Client.GetStringAsync(new Uri(formPage, UriKind.Relative));
        return SignedInClients.TokenIn(html);
    }
}

public static partial class SignedInClients
{
    public const string Password = "工会网站测试用的一句长密码2026";

    public static HttpClient CreateBrowser(this PortalApplication app) =>
        app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") });

    /// <summary>Creates a user with <paramref name="roles"/> and signs them in. Administrators get an authenticator and pass two-factor sign-in.</summary>
    public static async Task<StaffSession> SignInNewStaffAsync(this PortalApplication app, params string[] roles)
    {
        var email = $"staff-{Guid.NewGuid():N}@example.cn";
        var (userId, authenticatorKey) = await app.CreateStaffAsync(email, roles, withAuthenticator: roles.Contains(Roles.Administrator));
        var client = app.CreateBrowser();
        var response = await SubmitLoginAsync(client, email, Password);
        if (authenticatorKey is not null)
        {
            Assert.StartsWith("/admin/login/2fa", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
            var token = TokenIn(await client.GetStringAsync(new Uri("/admin/login/2fa", UriKind.Relative)));
            using var form = new FormUrlEncodedContent([new("Code", Totp(authenticatorKey)), new("__RequestVerificationToken", token)]);
            response = await client.PostAsync(new Uri("/admin/login/2fa", UriKind.Relative), form);
        }

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location?.OriginalString);
        return new StaffSession(client, userId, email);
    }

    public static async Task<(string UserId, string? AuthenticatorKey)> CreateStaffAsync(this PortalApplication app, string email, string[] roles, bool withAuthenticator)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"测试{string.Join("", roles)}" };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        foreach (var role in roles)
        {
            Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        }

        string? key = null;
        if (withAuthenticator)
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }

        return (user.Id, key);
    }

    public static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient client, string email, string password, string? returnUrl = null)
    {
        var token = TokenIn(await client.GetStringAsync(new Uri("/admin/login", UriKind.Relative)));
        using var form = new FormUrlEncodedContent([new("Email", email), new("Password", password), new("ReturnUrl", returnUrl ?? ""), new("__RequestVerificationToken", token)]);
        return await client.PostAsync(new Uri("/admin/login", UriKind.Relative), form);
    }

    public static string TokenIn(string html) =>
        AntiforgeryField().Match(html) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token on the page.");

    /// <summary>The current RFC 6238 code for an authenticator key as Identity issues it (Base32, SHA-1, 30 s, 6 digits).</summary>
    public static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        var key = Base32Decode(base32Key);
        var counter = (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30;
        var counterBytes = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(counterBytes);
        }

#pragma warning disable CA5350 // RFC 6238 authenticators use HMAC-SHA1; this is how the code is defined.
        var hash = HMACSHA1.HashData(key, counterBytes);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var output = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in input.TrimEnd('=').ToUpperInvariant())
        {
            buffer = (buffer << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
