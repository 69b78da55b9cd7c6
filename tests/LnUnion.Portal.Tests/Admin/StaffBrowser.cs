using System.Buffers.Binary;
using System.Collections;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>A staff account made for one test. <see cref="AuthenticatorKey"/> is set when two-factor sign-in is on.</summary>
public sealed record StaffAccount(string Id, string Email, string Password, string? AuthenticatorKey);

/// <summary>
/// Staff accounts, signed-in browsers and audit entries for the admin-area tests. Every sign-in goes through the real
/// forms, antiforgery token and (for accounts with an authenticator) a TOTP code, exactly as a person's would.
/// </summary>
public static class StaffAccounts
{
    /// <summary>Long and unusual enough to pass the password rules.</summary>
    public const string Password = "辽宁工会网站测试用的一句长密码-7391";

    /// <summary>
    /// A fresh account with these roles. Administrators get an authenticator, since without one the app sends them
    /// to enrolment first; each account signs in once, so a TOTP code is never reused.
    /// </summary>
    public static Task<StaffAccount> CreateStaffAsync(this WebApplicationFactory<Program> app, params string[] roles) =>
        app.CreateStaffAsync(roles.Contains(Roles.Administrator), roles);

    public static async Task<StaffAccount> CreateStaffAsync(this WebApplicationFactory<Program> app, bool twoFactor, params string[] roles)
    {
        var email = $"staff-{Guid.NewGuid():N}@test.example.cn";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = new PortalUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"测试{string.Concat(roles)}" };
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

    /// <summary>A browser that nobody has signed in to yet.</summary>
    public static StaffBrowser OpenBrowser(this WebApplicationFactory<Program> app) =>
        // Admin cookies are Secure, so the browser must speak https to keep them; redirects are left for the test to see.
        new(app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, BaseAddress = new Uri("https://localhost") }));

    /// <summary>A browser signed in as <paramref name="account"/>.</summary>
    public static async Task<StaffBrowser> SignInAsync(this WebApplicationFactory<Program> app, StaffAccount account)
    {
        var browser = app.OpenBrowser();
        await browser.SignInAsync(account);
        return browser;
    }

    /// <summary>A new account with these roles (see <see cref="CreateStaffAsync(WebApplicationFactory{Program}, string[])"/>), signed in.</summary>
    public static async Task<StaffBrowser> SignInAsNewAsync(this WebApplicationFactory<Program> app, params string[] roles) =>
        await app.SignInAsync(await app.CreateStaffAsync(roles));

    /// <summary>
    /// The audit entries, oldest first, that match every filter given. The target, such as <c>users:{id}</c>, is matched
    /// in any case, as the controller part of it may be capitalised.
    /// </summary>
    public static async Task<List<AuditEntry>> AuditEntriesAsync(this PortalApplication app, string? action = null, string? target = null, string? userId = null)
    {
        var entries = await app.WithDbAsync(db => db.AuditEntries.AsNoTracking()
            .Where(a => (action == null || a.Action == action) && (userId == null || a.UserId == userId))
            .OrderBy(a => a.Id)
            .ToListAsync());
        return [.. entries.Where(a => target is null || string.Equals(a.Target, target, StringComparison.OrdinalIgnoreCase))];
    }

    private static void Check(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}

/// <summary>
/// A member of staff's browser: keeps cookies, does not follow redirects, reads pages and forms as a browser does
/// (with AngleSharp) and posts them back.
/// </summary>
public sealed class StaffBrowser(HttpClient client) : IDisposable
{
    public const string AntiforgeryField = "__RequestVerificationToken";

    private StaffAccount? _account;

    public HttpClient Client { get; } = client;

    /// <summary>Who is signed in; fails the test if nobody is.</summary>
    public StaffAccount Account => _account ?? throw new InvalidOperationException("Nobody has signed in to this browser.");

    public string UserId => Account.Id;

    public string Email => Account.Email;

    /// <summary>Signs in as <paramref name="account"/> and fails the test unless that lands on the dashboard.</summary>
    public async Task SignInAsync(StaffAccount account)
    {
        using var response = await TrySignInAsync(account);
        Assert.True(
            response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString == "/admin",
            $"Sign-in of {account.Email} failed: {(int)response.StatusCode} {response.Headers.Location}");
        _account = account;
    }

    /// <summary>
    /// Fills in and posts the sign-in form, then the two-factor form with a fresh TOTP code when the app asks for one;
    /// returns the last response, whatever it is.
    /// </summary>
    public async Task<HttpResponseMessage> TrySignInAsync(StaffAccount account, string? password = null)
    {
        var response = await PostSignInAsync(account.Email, password ?? account.Password);
        if (response.StatusCode != HttpStatusCode.Redirect
            || response.Headers.Location?.OriginalString is not { } location
            || !location.StartsWith("/admin/login/2fa", StringComparison.Ordinal))
        {
            return response;
        }

        response.Dispose();
        Assert.True(account.AuthenticatorKey is not null, $"{account.Email} was asked for a code but has no authenticator.");
        return await SubmitAsync(location, "/admin/login/2fa", form => form["Code"] = Totp(account.AuthenticatorKey));
    }

    /// <summary>Fills in and posts the sign-in form (the password step only); returns its response.</summary>
    public Task<HttpResponseMessage> PostSignInAsync(string email, string password, string? returnUrl = null) =>
        SubmitAsync("/admin/login", "/admin/login", form =>
        {
            form["Email"] = email;
            form["Password"] = password;
            if (returnUrl is not null)
            {
                form["ReturnUrl"] = returnUrl;
            }
        });

    public Task<HttpResponseMessage> GetAsync(string url) => Client.GetAsync(new Uri(url, UriKind.Relative));

    /// <summary>The HTML of a page that must answer 200.</summary>
    public async Task<string> GetPageAsync(string url)
    {
        using var response = await GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} answered {(int)response.StatusCode}");
        return html;
    }

    /// <summary>The fields a browser would post from the form whose action is <paramref name="action"/> on the page at <paramref name="url"/>.</summary>
    public async Task<FormFields> GetFormAsync(string url, string action) => ReadForm(await GetPageAsync(url), action);

    /// <summary>The antiforgery token the page at <paramref name="url"/> gives its forms.</summary>
    public async Task<string> GetAntiforgeryTokenAsync(string url) => AntiforgeryToken(await GetPageAsync(url));

    /// <summary>Opens the page, fills in its form as <paramref name="change"/> says and posts all of it.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, string action, Action<FormFields> change)
    {
        var form = await GetFormAsync(url, action);
        change(form);
        return await PostAsync(action, form);
    }

    /// <summary>
    /// Opens the page and posts its form with <paramref name="fields"/> filled in, as a person would: each name given
    /// replaces what the form had under it (a name given twice posts both values, like two ticked boxes).
    /// </summary>
    public Task<HttpResponseMessage> SubmitAsync(string url, string action, params IEnumerable<(string Name, string Value)> fields) =>
        SubmitAsync(url, action, form =>
        {
            foreach (var name in fields.Select(f => f.Name).Distinct(StringComparer.Ordinal))
            {
                form.Remove(name);
            }

            foreach (var (name, value) in fields)
            {
                form.Add(name, value);
            }
        });

    /// <summary>Posts exactly <paramref name="fields"/> (and no antiforgery token unless among them), url-encoded.</summary>
    public async Task<HttpResponseMessage> PostAsync(string action, params IEnumerable<(string Name, string Value)> fields)
    {
        using var content = new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
        return await Client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    /// <summary>Posts exactly <paramref name="fields"/> and <paramref name="files"/> as <c>multipart/form-data</c>, as a browser does for a form with a file input.</summary>
    public async Task<HttpResponseMessage> PostMultipartAsync(
        string action, IEnumerable<(string Name, string Value)> fields, params IEnumerable<(string Field, string FileName, byte[] Content)> files)
    {
        using var content = new MultipartFormDataContent();
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        foreach (var (field, fileName, bytes) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, field, fileName);
        }

        return await Client.PostAsync(new Uri(action, UriKind.Relative), content);
    }

    /// <summary>Posts only <paramref name="fields"/>, with the antiforgery token of the page at <paramref name="url"/>: a hand-made request rather than the page's form.</summary>
    public async Task<HttpResponseMessage> PostWithTokenAsync(string url, string action, params IEnumerable<(string Name, string Value)> fields) =>
        await PostAsync(action, [.. fields, (AntiforgeryField, await GetAntiforgeryTokenAsync(url))]);

    /// <summary>As <see cref="PostWithTokenAsync"/>, as <c>multipart/form-data</c>, with files.</summary>
    public async Task<HttpResponseMessage> PostMultipartWithTokenAsync(
        string url, string action, IEnumerable<(string Name, string Value)> fields, params IEnumerable<(string Field, string FileName, byte[] Content)> files) =>
        await PostMultipartAsync(action, [(AntiforgeryField, await GetAntiforgeryTokenAsync(url)), .. fields], files);

    /// <summary>
    /// Reads the form whose action is <paramref name="action"/> (or that has a button posting there) the way a browser
    /// builds what it submits: every named,
    /// enabled control in document order, checked boxes and radio buttons only, each selected option, text areas as
    /// typed, the antiforgery token included; buttons and file inputs are left out (files go in by
    /// <see cref="PostMultipartAsync"/>). Line breaks are kept as the page has them. Fails the test if there is no such form.
    /// </summary>
    public static FormFields ReadForm(string html, string action)
    {
        var form = Parse(html).Forms.FirstOrDefault(f => f.GetAttribute("action") == action || f.QuerySelector($"button[formaction='{action}']") is not null);
        Assert.True(form is not null, $"No form posting to {action} on the page.");
        var fields = new FormFields();
        foreach (var control in form.Elements)
        {
            switch (control)
            {
                case IHtmlInputElement { IsDisabled: false, Name: { Length: > 0 } name } input
                    when input.Type is not ("submit" or "button" or "reset" or "image" or "file")
                        && (input.Type is not ("checkbox" or "radio") || input.IsChecked):
                    fields.Add(name, input.Value);
                    break;
                case IHtmlTextAreaElement { IsDisabled: false, Name: { Length: > 0 } name } textarea:
                    fields.Add(name, textarea.Value);
                    break;
                case IHtmlSelectElement { IsDisabled: false, Name: { Length: > 0 } name } select:
                    var options = select.Options.Where(o => !o.IsDisabled).ToList();
                    var chosen = options.Where(o => o.IsSelected).ToList();
                    if (!select.IsMultiple)
                    {
                        // A drop-down list sends its last selected option, or its first when none is marked.
                        chosen = chosen.Count > 0 ? [chosen[^1]] : [.. options.Take(1)];
                    }

                    foreach (var option in chosen)
                    {
                        fields.Add(name, option.Value);
                    }

                    break;
            }
        }

        return fields;
    }

    /// <summary>The antiforgery token of the page's forms; fails the test if the page has none.</summary>
    public static string AntiforgeryToken(string html)
    {
        var token = Parse(html).QuerySelector($"input[name='{AntiforgeryField}']")?.GetAttribute("value");
        Assert.True(token is not null, "No antiforgery token on the page.");
        return token;
    }

    /// <summary>The messages of the page's validation summary, or none.</summary>
    public static IReadOnlyList<string> Errors(string html) =>
        Parse(html).QuerySelector("div.alert.alert-danger[role='alert']") is { } summary
            ? [.. summary.QuerySelectorAll("li").Select(li => li.TextContent)]
            : [];

    /// <summary>The RFC 6238 code for an authenticator key as Identity issues it and apps compute it: Base32 key, HMAC-SHA1, 30 s, 6 digits.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350", Justification = "RFC 6238 and every authenticator app use HMAC-SHA1.")]
    public static string Totp(string base32Key, DateTimeOffset? at = null)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, (at ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds() / 30);
        var hash = HMACSHA1.HashData(FromBase32(base32Key), counter);
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7FFFFFFF;
        return (binary % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    public void Dispose() => Client.Dispose();

    private static IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

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

/// <summary>
/// A form's fields in the order a browser posts them. A name may come more than once (a list of check boxes); the
/// indexer reads the first value, the one model binding uses, and setting it leaves that one value under the name.
/// </summary>
public sealed class FormFields : IEnumerable<(string Name, string Value)>
{
    private readonly List<(string Name, string Value)> _fields = [];

    public string this[string name]
    {
        get => _fields.FindIndex(f => f.Name == name) is var index and >= 0
            ? _fields[index].Value
            : throw new KeyNotFoundException($"The form has no field {name}; it has {string.Join(", ", _fields.Select(f => f.Name).Distinct())}.");
        set
        {
            var index = _fields.FindIndex(f => f.Name == name);
            _fields.RemoveAll(f => f.Name == name);
            _fields.Insert(index >= 0 ? index : _fields.Count, (name, value));
        }
    }

    public void Add(string name, string value) => _fields.Add((name, value));

    /// <summary>Takes every value under <paramref name="name"/> out of the form.</summary>
    public bool Remove(string name) => _fields.RemoveAll(f => f.Name == name) > 0;

    public IEnumerator<(string Name, string Value)> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
