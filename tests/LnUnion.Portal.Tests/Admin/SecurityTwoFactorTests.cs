using System.Net;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>Authenticator codes sign in once, and an enrolled authenticator's key is never shown again.</summary>
[Collection(PortalTests.Name)]
public sealed class SecurityTwoFactorTests(PortalApplication app)
{
    private const string WrongCode = "验证码不正确，请输入身份验证器中当前显示的 6 位数字。";

    [Fact]
    public async Task ACodeThatSignedInOnceIsRefusedInAnotherSessionAndOnAnotherNode()
    {
        var account = await app.CreateStaffAsync(Roles.Administrator);
        var code = StaffBrowser.Totp(account.AuthenticatorKey!);
        using var otherNode = app.WithWebHostBuilder(_ => { });
        using var first = await PasswordStepAsync(app, account);
        using (var signedIn = await PostCodeAsync(first, code))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Equal("/admin", signedIn.Headers.Location?.OriginalString);
        }

        foreach (var node in new WebApplicationFactory<Program>[] { app, otherNode })
        {
            using var second = await PasswordStepAsync(node, account);
            using var replay = await PostCodeAsync(second, code);

            Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
            Assert.Equal([WrongCode], StaffBrowser.Errors(await replay.Content.ReadAsStringAsync()));
            using var dashboard = await second.GetAsync("/admin");
            Assert.True(AdminEndpoints.IsRedirectToSignIn(dashboard, out _));
        }
    }

    [Fact]
    public async Task TwoSimultaneousSignInsWithTheSameCodeLetExactlyOneIn()
    {
        // A few accounts, each raced once, so that a lucky ordering cannot hide a missing guard.
        for (var round = 0; round < 3; round++)
        {
            var account = await app.CreateStaffAsync(Roles.Administrator);
            using var one = await PasswordStepAsync(app, account);
            using var two = await PasswordStepAsync(app, account);
            var forms = new[] { await one.GetFormAsync("/admin/login/2fa", "/admin/login/2fa"), await two.GetFormAsync("/admin/login/2fa", "/admin/login/2fa") };
            var code = StaffBrowser.Totp(account.AuthenticatorKey!);
            foreach (var form in forms)
            {
                form["Code"] = code;
            }

            var responses = await Task.WhenAll(one.PostAsync("/admin/login/2fa", forms[0]), two.PostAsync("/admin/login/2fa", forms[1]));

            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString == "/admin"));
            Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task ACodeOlderThanTheLastOneUsedIsRefusedThoughStillWithinTheClockAllowance()
    {
        var account = await app.CreateStaffAsync(Roles.Administrator);
        using var first = await PasswordStepAsync(app, account);
        using (var signedIn = await PostCodeAsync(first, StaffBrowser.Totp(account.AuthenticatorKey!)))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        // The previous 30 seconds' code is accepted for a slow phone clock, but not once a newer code has been used.
        using var second = await PasswordStepAsync(app, account);
        using var older = await PostCodeAsync(second, StaffBrowser.Totp(account.AuthenticatorKey!, DateTimeOffset.UtcNow.AddSeconds(-30)));

        Assert.Equal(HttpStatusCode.OK, older.StatusCode);
        Assert.Equal([WrongCode], StaffBrowser.Errors(await older.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AnEnrolledUsersTwoFactorPageNeverShowsTheirKeyAgain()
    {
        var account = await app.CreateStaffAsync(Roles.Administrator);
        using var browser = await app.SignInAsync(account);
        var key = account.AuthenticatorKey!;

        var page = await browser.GetPageAsync("/admin/account/two-factor");

        Assert.Contains("您的账号已启用两步验证", page, StringComparison.Ordinal);
        var shown = page.Replace(" ", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(key, shown, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(PublicHtml.All(page, "svg"));
        Assert.Empty(PublicHtml.All(page, "[action='/admin/account/two-factor']"));
        PublicHtml.AssertElementHas(page, "*", "action=/admin/account/two-factor/replace");

        // Nor does posting a code to the enrolment form show or change anything.
        using var post = await browser.PostWithTokenAsync("/admin/account/two-factor", "/admin/account/two-factor", ("Input.Code", StaffBrowser.Totp(key)));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal("/admin/account/two-factor", post.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ANewPhoneIsEnrolledOnlyAfterTheUserProvesTheirPasswordAndTheirCurrentAuthenticator()
    {
        var account = await app.CreateStaffAsync(Roles.Administrator);
        using var browser = await app.SignInAsync(account);
        // The sign-in used this 30 seconds' code; the next one is within the clock allowance and not yet used.
        var nextCode = StaffBrowser.Totp(account.AuthenticatorKey!, DateTimeOffset.UtcNow.AddSeconds(30));

        using (var wrongPassword = await ReplaceAsync("不是这个账号的密码-0000", nextCode))
        {
            Assert.Equal(HttpStatusCode.OK, wrongPassword.StatusCode);
            var page = await wrongPassword.Content.ReadAsStringAsync();
            Assert.Equal(["当前密码或验证码不正确。"], StaffBrowser.Errors(page));
            Assert.DoesNotContain(account.AuthenticatorKey!, page.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(account.AuthenticatorKey, await KeyOfAsync(account));

        using (var replaced = await ReplaceAsync(account.Password, nextCode))
        {
            Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);
            Assert.Equal("/admin/account/two-factor", replaced.Headers.Location?.OriginalString);
        }

        // The old key is gone; the new one is shown for the new phone, and enrolling it opens the admin area again.
        var newKey = await KeyOfAsync(account);
        Assert.NotEqual(account.AuthenticatorKey, newKey);
        using (var gated = await browser.GetAsync("/admin"))
        {
            Assert.Equal("/admin/account/two-factor", gated.Headers.Location?.OriginalString);
        }

        var enrolment = await browser.GetPageAsync("/admin/account/two-factor");
        Assert.Contains(newKey!, enrolment.Replace(" ", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase);
        // The previous 30 seconds' code of the new key: older than the old key's last code, and still its first use.
        var firstNewCode = StaffBrowser.Totp(newKey!, DateTimeOffset.UtcNow.AddSeconds(-30));
        using (var enrolled = await browser.SubmitAsync("/admin/account/two-factor", "/admin/account/two-factor", form => form["Input.Code"] = firstNewCode))
        {
            Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
            Assert.Equal("/admin", enrolled.Headers.Location?.OriginalString);
        }

        Task<HttpResponseMessage> ReplaceAsync(string password, string code) =>
            browser.SubmitAsync("/admin/account/two-factor", "/admin/account/two-factor/replace", form =>
            {
                form["Replace.CurrentPassword"] = password;
                form["Replace.Code"] = code;
            });
    }

    private async Task<string?> KeyOfAsync(StaffAccount account)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return await users.GetAuthenticatorKeyAsync((await users.FindByIdAsync(account.Id))!);
    }

    /// <summary>A browser that has passed the password step and is asked for its code.</summary>
    private static async Task<StaffBrowser> PasswordStepAsync(WebApplicationFactory<Program> node, StaffAccount account)
    {
        var browser = node.OpenBrowser();
        using var response = await browser.PostSignInAsync(account.Email, account.Password);
        Assert.StartsWith("/admin/login/2fa", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        return browser;
    }

    private static Task<HttpResponseMessage> PostCodeAsync(StaffBrowser browser, string code) =>
        browser.SubmitAsync("/admin/login/2fa", "/admin/login/2fa", form => form["Code"] = code);
}
