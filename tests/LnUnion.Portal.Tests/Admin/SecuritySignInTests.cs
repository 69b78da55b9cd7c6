using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Commands;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>Sign-in, lockout, return URLs, sign-out, enforced two-factor enrolment, password rules and the cookies.</summary>
[Collection(PortalTests.Name)]
public sealed partial class SecuritySignInTests(PortalApplication app)
{
    /// <summary>The one answer to every failed password step, so that it never says whether the address is staff's.</summary>
    private const string SignInRefused = "邮箱或密码不正确，或账号已被锁定。连续输错 5 次后账号将锁定 15 分钟；如仍无法登录，请联系管理员。";

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountAndEveryFailureAndTheLockoutAreAudited()
    {
        var email = await NewStaffAsync(Roles.Editor);
        using var browser = app.OpenBrowser();

        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var wrong = await browser.PostSignInAsync(email, $"错误的密码第{attempt}次尝试用的");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Equal([SignInRefused], StaffBrowser.Errors(await wrong.Content.ReadAsStringAsync()));
        }

        // The sixth attempt, with the right password, is still refused, with the same answer and no session.
        using var right = await browser.PostSignInAsync(email, StaffAccounts.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Equal([SignInRefused], StaffBrowser.Errors(await right.Content.ReadAsStringAsync()));
        Assert.DoesNotContain(SetCookies(right), c => c.StartsWith("lnu_admin=", StringComparison.Ordinal));
        using var dashboard = await browser.GetAsync("/admin");
        Assert.True(AdminEndpoints.IsRedirectToSignIn(dashboard, out _));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
            Assert.True(await users.IsLockedOutAsync((await users.FindByEmailAsync(email))!));
        }

        var entries = await LoginAuditAsync(email);
        Assert.Equal(6, entries.Count);
        Assert.All(entries, e => Assert.StartsWith(AuditLog.Failure, e.Result, StringComparison.Ordinal));
        Assert.All(entries, e => Assert.Equal(email, e.UserName));
        Assert.All(entries.Take(4), e => Assert.Contains("密码错误", e.Result, StringComparison.Ordinal));
        Assert.Contains("锁定", entries[^1].Result, StringComparison.Ordinal);
        Assert.Contains("锁定", entries[^2].Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASuccessfulSignInIsAudited()
    {
        var email = await NewStaffAsync(Roles.Staff);
        using var browser = app.OpenBrowser();
        var before = DateTime.UtcNow.AddSeconds(-1);

        using var response = await browser.PostSignInAsync(email, StaffAccounts.Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var entry = Assert.Single(await LoginAuditAsync(email));
        Assert.Equal(AuditLog.Success, entry.Result);
        Assert.Equal(email, entry.UserName);
        Assert.Equal(email, entry.Target);
        Assert.InRange(entry.AtUtc, before, DateTime.UtcNow.AddSeconds(1));
    }

    [Theory]
    [InlineData("/admin/media", "/admin/media")]
    [InlineData("/admin/articles?status=Draft", "/admin/articles?status=Draft")]
    [InlineData("https://evil.example/", "/admin")]
    [InlineData("//evil.example", "/admin")]
    [InlineData("/\\evil.example", "/admin")]
    [InlineData("/", "/admin")]
    public async Task TheReturnUrlIsHonouredOnlyForLocalAdminPaths(string returnUrl, string expectedLocation)
    {
        var email = await NewStaffAsync(Roles.Editor);
        using var browser = app.OpenBrowser();

        using var response = await browser.PostSignInAsync(email, StaffAccounts.Password, returnUrl);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expectedLocation, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SigningOutEndsTheSession()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        using (var before = await editor.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using var logout = await editor.PostWithTokenAsync("/admin", "/admin/logout");

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal("/admin/login", logout.Headers.Location?.OriginalString);
        Assert.Contains(SetCookies(logout), c => c.StartsWith("lnu_admin=;", StringComparison.Ordinal) && c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        using var after = await editor.GetAsync("/admin");
        Assert.True(AdminEndpoints.IsRedirectToSignIn(after, out var returnUrl));
        Assert.Equal("/admin", returnUrl);
        var logged = await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.UserId == editor.UserId && a.Action == "account.logout" && a.Result == AuditLog.Success));
        Assert.True(logged);
    }

    [Fact]
    public async Task AnAdministratorWithoutAnAuthenticatorIsSentToEnrolFromEveryAdminPageUntilTheyEnrolWithACorrectCode()
    {
        var email = await NewStaffAsync(Roles.Administrator);
        using var browser = app.OpenBrowser();
        using (var signIn = await browser.PostSignInAsync(email, StaffAccounts.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        }

        var failures = new List<string>();
        foreach (var endpoint in AdminEndpoints.All(app).Where(e => e.AllowsGet && !e.AllowsAnonymous && !e.AllowedBeforeTwoFactor))
        {
            var path = await endpoint.UrlAsync(app, existing: true);
            using var response = await browser.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.OriginalString != "/admin/account/two-factor")
            {
                failures.Add($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, "Expected 302 to /admin/account/two-factor:\n" + string.Join('\n', failures));

        var page = await browser.GetPageAsync("/admin/account/two-factor");
        var key = SharedKey().Match(page) is { Success: true } match
            ? match.Groups[1].Value.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant()
            : throw new InvalidOperationException("No shared key on the enrolment page.");
        Assert.Equal(key, await WithUsersAsync(async users => await users.GetAuthenticatorKeyAsync((await users.FindByEmailAsync(email))!)));

        // A wrong code is refused and leaves the gate shut.
        var code = StaffBrowser.Totp(key);
        var wrongCode = ((int.Parse(code, System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        using (var wrong = await PostEnrolmentAsync(browser, page, wrongCode))
        {
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains("验证码不正确", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False(await WithUsersAsync(async users => (await users.FindByEmailAsync(email))!.TwoFactorEnabled));
        using (var stillShut = await browser.GetAsync("/admin"))
        {
            Assert.Equal("/admin/account/two-factor", stillShut.Headers.Location?.OriginalString);
        }

        // The right code enrols them and opens the admin area.
        using (var right = await PostEnrolmentAsync(browser, page, StaffBrowser.Totp(key)))
        {
            Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
            Assert.Equal("/admin", right.Headers.Location?.OriginalString);
        }

        Assert.True(await WithUsersAsync(async users => (await users.FindByEmailAsync(email))!.TwoFactorEnabled));
        using var dashboard = await browser.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        using var media = await browser.GetAsync("/admin/media");
        Assert.Equal(HttpStatusCode.OK, media.StatusCode);
    }

    [Theory]
    [InlineData("Xk9#mP2$qL7")]
    [InlineData("password1234")]
    [InlineData("123456789012")]
    [InlineData("aaaaaaaaaaaa")]
    public async Task CreateAdminRefusesAShortOrCommonPassword(string password)
    {
        var email = $"admin-{Guid.NewGuid():N}@example.cn";
        using var output = new StringWriter();

        var exitCode = await CreateAdminCommand.RunAsync(app.Services, ["create-admin", "--email", email], new StringReader(password + "\n"), output);

        Assert.NotEqual(0, exitCode);
        Assert.Null(await WithUsersAsync(users => users.FindByEmailAsync(email)));
        Assert.DoesNotContain("已创建管理员", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAdminWithAGoodPasswordCreatesAnAdministratorWhoMustUseTwoFactor()
    {
        var email = $"admin-{Guid.NewGuid():N}@example.cn";
        using var output = new StringWriter();

        var exitCode = await CreateAdminCommand.RunAsync(app.Services, ["create-admin", "--email", email, "--name", "首位管理员"], new StringReader("辽宁工会网站管理员的长密码2026\n"), output);

        Assert.Equal(0, exitCode);
        Assert.Contains("已创建管理员", output.ToString(), StringComparison.Ordinal);
        await WithUsersAsync(async users =>
        {
            var user = await users.FindByEmailAsync(email);
            Assert.NotNull(user);
            Assert.True(user.RequireTwoFactor);
            Assert.Equal("首位管理员", user.DisplayName);
            Assert.Equal(Roles.Administrator, Assert.Single(await users.GetRolesAsync(user)));
            Assert.True(await users.CheckPasswordAsync(user, "辽宁工会网站管理员的长密码2026"));
            return true;
        });
    }

    [Fact]
    public async Task CreateAdminWithoutAnEmailPrintsItsUsageAndReturns2()
    {
        using var output = new StringWriter();

        var exitCode = await CreateAdminCommand.RunAsync(app.Services, ["create-admin"], new StringReader("辽宁工会网站管理员的长密码2026\n"), output);

        Assert.Equal(2, exitCode);
        Assert.Contains("create-admin --email", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheSignInCookiesAreHttpOnlySecureStrictAndScopedToAdmin()
    {
        // An administrator's sign-in passes through the two-factor cookie (Identity.TwoFactorUserId, itself an
        // authentication cookie: it proves the password was right) before the session cookie.
        var account = await app.CreateStaffAsync(twoFactor: true, Roles.Administrator);
        using var browser = app.OpenBrowser();

        using var loginPage = await browser.GetAsync("/admin/login");
        var passwordForm = StaffBrowser.ReadForm(await loginPage.Content.ReadAsStringAsync(), "/admin/login");
        passwordForm["Email"] = account.Email;
        passwordForm["Password"] = account.Password;
        using var password = await browser.PostAsync("/admin/login", passwordForm);
        Assert.StartsWith("/admin/login/2fa", password.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var codeForm = await browser.GetFormAsync("/admin/login/2fa", "/admin/login/2fa");
        codeForm["Code"] = StaffBrowser.Totp(account.AuthenticatorKey!);
        using var twoFactor = await browser.PostAsync("/admin/login/2fa", codeForm);
        Assert.Equal(HttpStatusCode.Redirect, twoFactor.StatusCode);

        // Every cookie the sign-in sets (deleting one, with an empty value, sets nothing).
        var cookies = SetCookies(loginPage).Concat(SetCookies(password)).Concat(SetCookies(twoFactor))
            .Where(c => !c.Split(';')[0].EndsWith('='))
            .ToList();
        Assert.Contains(cookies, c => c.StartsWith("lnu_admin=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("lnu_csrf=", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith(IdentityConstants.TwoFactorUserIdScheme + "=", StringComparison.Ordinal));
        var failures = cookies
            .Select(c => (Cookie: c, Attributes: c.Split(';', StringSplitOptions.TrimEntries).Skip(1).ToHashSet(StringComparer.OrdinalIgnoreCase)))
            .SelectMany(c => new[] { "httponly", "secure", "samesite=strict", "path=/admin" }
                .Where(required => !c.Attributes.Contains(required))
                .Select(missing => $"{c.Cookie.Split('=')[0]} lacks {missing} (it has: {string.Join("; ", c.Attributes)})"))
            .ToList();
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task AWrongPasswordGetsTheSameAnswerInTheSameTimeWhetherTheAddressIsStaffsUnknownOrLocked()
    {
        // Three wrong passwords for each known account, so none of them locks during the test.
        var known = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            known.Add(await NewStaffAsync(Roles.Editor));
        }

        var locked = await NewStaffAsync(Roles.Editor);
        await WithUsersAsync(async users => await users.SetLockoutEndDateAsync((await users.FindByEmailAsync(locked))!, DateTimeOffset.UtcNow.AddMinutes(15)));
        using var browser = app.OpenBrowser();
        var form = await browser.GetFormAsync("/admin/login", "/admin/login");
        var milliseconds = new Dictionary<string, List<double>> { ["known"] = [], ["unknown"] = [], ["locked"] = [] };

        // Interleaved, so that whatever else the machine is doing slows every kind alike.
        for (var round = 0; round < 12; round++)
        {
            foreach (var (kind, email) in new[] { ("known", known[round % known.Count]), ("unknown", $"nobody-{Guid.NewGuid():N}@test.example.cn"), ("locked", locked) })
            {
                form["Email"] = email;
                form["Password"] = $"错误的密码第{round}次尝试用的";
                var clock = System.Diagnostics.Stopwatch.StartNew();
                using var response = await browser.PostAsync("/admin/login", form);
                var html = await response.Content.ReadAsStringAsync();
                milliseconds[kind].Add(clock.Elapsed.TotalMilliseconds);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal([SignInRefused], StaffBrowser.Errors(html));
            }
        }

        // Before the fix an unknown address and a locked account answered about ten times faster than a known one.
        var knownMedian = Median(milliseconds["known"]);
        foreach (var kind in new[] { "unknown", "locked" })
        {
            var ratio = Median(milliseconds[kind]) / knownMedian;
            Assert.True(ratio is > 0.5 and < 2, $"{kind} took {ratio:F2} times as long as a known address ({string.Join(", ", milliseconds.Select(m => $"{m.Key}: {Median(m.Value):F1} ms"))}).");
        }
    }

    [Fact]
    public async Task SignInPostsBeyondTheLimitForOneAddressAreRefusedWith429AndAChinesePage()
    {
        using var node = app.WithWebHostBuilder(builder => builder.UseSetting("SignInThrottle:PermitLimit", "3"));
        var account = await node.CreateStaffAsync(Roles.Editor);
        using var browser = node.OpenBrowser();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            using var allowed = await browser.PostSignInAsync($"nobody-{Guid.NewGuid():N}@test.example.cn", "随便猜的一句错误密码");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        // Even the right password waits: the limit is on the address, whichever accounts it tries.
        using var refused = await browser.PostSignInAsync(account.Email, account.Password);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("登录尝试过于频繁，请稍等几分钟后再试。", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"Retry-After: {refused.Headers.RetryAfter}");
        Assert.DoesNotContain(SetCookies(refused), c => c.StartsWith("lnu_admin=", StringComparison.Ordinal));
        using var page = await browser.GetAsync("/admin/login");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task ACopyOfTheSessionCookieIsRefusedOnEveryNodeTheMomentItsOwnerSignsOut()
    {
        var account = await app.CreateStaffAsync(Roles.Editor);
        using var browser = app.OpenBrowser();
        string cookie;
        using (var signIn = await browser.TrySignInAsync(account))
        {
            Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
            cookie = string.Join("; ", SetCookies(signIn).Where(c => c.StartsWith("lnu_admin", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));
        }

        using var otherNode = app.WithWebHostBuilder(_ => { });
        WebApplicationFactory<Program>[] nodes = [app, otherNode];
        foreach (var node in nodes)
        {
            using var before = await GetWithCookieAsync(node, cookie);
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var logout = await browser.PostWithTokenAsync("/admin", "/admin/logout"))
        {
            Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        }

        foreach (var node in nodes)
        {
            using var after = await GetWithCookieAsync(node, cookie);
            Assert.True(AdminEndpoints.IsRedirectToSignIn(after, out _), $"The copied cookie still answered {(int)after.StatusCode}.");
        }
    }

    [Fact]
    public async Task ASessionEndsAfterThirtyIdleMinutesAndEveryRequestRenewsIt()
    {
        var clock = new MovableClock();
        using var node = app.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock)));
        using var editor = await node.SignInAsNewAsync(Roles.Editor);

        // Checking the stamp on every request re-issues the cookie each time; the idle limit must still hold.
        foreach (var idle in new[] { 29, 29 })
        {
            clock.Advance(TimeSpan.FromMinutes(idle));
            using var active = await editor.GetAsync("/admin");
            Assert.Equal(HttpStatusCode.OK, active.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(31));
        using var idleTooLong = await editor.GetAsync("/admin");
        Assert.True(AdminEndpoints.IsRedirectToSignIn(idleTooLong, out _), $"After 31 idle minutes /admin answered {(int)idleTooLong.StatusCode}.");
    }

    [Fact]
    public async Task FiveWrongCurrentPasswordsOnTheChangePasswordFormLockTheAccountAndEndTheSession()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        const string NewPassword = "另一句足够长的新密码-2026年冬天";
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            using var wrong = await ChangePasswordAsync(editor, $"猜测的当前密码第{attempt}次");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Equal(["当前密码不正确。"], StaffBrowser.Errors(await wrong.Content.ReadAsStringAsync()));
        }

        using var fifth = await ChangePasswordAsync(editor, "猜测的当前密码第5次");

        Assert.Equal(HttpStatusCode.Redirect, fifth.StatusCode);
        Assert.Equal("/admin/login", fifth.Headers.Location?.OriginalString);
        using var after = await editor.GetAsync("/admin/account/password");
        Assert.True(AdminEndpoints.IsRedirectToSignIn(after, out _));
        await WithUsersAsync(async users =>
        {
            var user = (await users.FindByIdAsync(editor.UserId))!;
            Assert.True(await users.IsLockedOutAsync(user));
            Assert.True(await users.CheckPasswordAsync(user, StaffAccounts.Password));
            return true;
        });
        var entries = await app.AuditEntriesAsync("account.change-password", userId: editor.UserId);
        Assert.Equal(5, entries.Count);
        Assert.Contains("锁定", entries[^1].Result, StringComparison.Ordinal);

        Task<HttpResponseMessage> ChangePasswordAsync(StaffBrowser browser, string currentPassword) =>
            browser.SubmitAsync("/admin/account/password", "/admin/account/password", form =>
            {
                form["CurrentPassword"] = currentPassword;
                form["NewPassword"] = NewPassword;
                form["ConfirmPassword"] = NewPassword;
            });
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(WebApplicationFactory<Program> node, string cookie)
    {
        using var client = node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://localhost") });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];

    private static async Task<HttpResponseMessage> PostEnrolmentAsync(StaffBrowser browser, string page, string code)
    {
        var form = StaffBrowser.ReadForm(page, "/admin/account/two-factor");
        form["Input.Code"] = code;
        return await browser.PostAsync("/admin/account/two-factor", form);
    }

    /// <summary>A new account without an authenticator, even for an administrator; returns its email.</summary>
    private async Task<string> NewStaffAsync(string role) => (await app.CreateStaffAsync(twoFactor: false, role)).Email;

    private Task<List<AuditEntry>> LoginAuditAsync(string email) => app.AuditEntriesAsync("account.login", email);

    private async Task<T> WithUsersAsync<T>(Func<UserManager<PortalUser>, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>());
    }

    [GeneratedRegex("<code[^>]*>([a-z2-7 ]+)</code>")]
    private static partial Regex SharedKey();
}

/// <summary>The real time, moved on by the test.</summary>
internal sealed class MovableClock : TimeProvider
{
    private TimeSpan _offset;

    public void Advance(TimeSpan by) => _offset += by;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _offset;
}
