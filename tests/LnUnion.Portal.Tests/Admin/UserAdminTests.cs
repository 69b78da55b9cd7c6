using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Areas.Admin.Controllers;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed partial class UserAdminTests(PortalApplication app)
{
    [Fact]
    public async Task AdministratorCreatesAUserAndSeesTheTemporaryPasswordOnce()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var email = $"new-{Guid.NewGuid():N}@test.example.cn";

        using var response = await admin.PostWithTokenAsync(
            "/admin/users/new",
            "/admin/users/new",
            ("Email", email),
            ("DisplayName", "新来的编辑"),
            ("Roles", Roles.Editor),
            ("Roles", Roles.Reviewer),
            // Not on the form: must be ignored.
            ("TwoFactorEnabled", "true"),
            ("LockoutEnabled", "false"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var password = TemporaryPassword().Match(html).Value;
        Assert.True(password.Length >= 16, "No temporary password on the result page.");

        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));
        Assert.Equal(("新来的编辑", false, true), (user.DisplayName, user.TwoFactorEnabled, user.LockoutEnabled));
        Assert.Equal([Roles.Editor, Roles.Reviewer], (await RolesOfAsync(user.Id)).Order());

        var details = await admin.GetPageAsync($"/admin/users/{user.Id}");
        Assert.DoesNotContain(password, details, StringComparison.Ordinal);
        Assert.DoesNotContain(password, await admin.GetPageAsync("/admin/users"), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => (a.Target != null && a.Target.Contains(password)) || a.Result.Contains(password))));
        Assert.Equal("成功", Assert.Single(await app.AuditEntriesAsync("users.create", $"users:{user.Id}")).Result);

        using var newcomer = app.OpenBrowser();
        using var signIn = await newcomer.TrySignInAsync(new StaffAccount(user.Id, email, password, null));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/admin", signIn.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task DuplicateEmailIsRefused()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var existing = await app.CreateStaffAsync(Roles.Editor);

        using var response = await admin.PostWithTokenAsync("/admin/users/new", "/admin/users/new", ("Email", existing.Email), ("Roles", Roles.Staff));

        Assert.Contains("已有账号", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(Roles.Staff, await RolesOfAsync(existing.Id));
    }

    [Fact]
    public async Task UnknownRoleIsRefused()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var editor = await app.CreateStaffAsync(Roles.Editor);

        using var response = await admin.SubmitAsync(
            $"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}/roles", ("Input.Roles", Roles.Editor), ("Input.Roles", "Superuser"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("所选角色无效", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([Roles.Editor], await RolesOfAsync(editor.Id));
    }

    [Fact]
    public async Task ChangingRolesEndsTheUsersSessionsAndTakesEffect()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        var stampBefore = await StampOfAsync(editor.Id);

        using var response = await admin.SubmitAsync(
            $"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}/roles", ("Input.DisplayName", "改任审核"), ("Input.Roles", Roles.Reviewer));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([Roles.Reviewer], await RolesOfAsync(editor.Id));
        Assert.NotEqual(stampBefore, await StampOfAsync(editor.Id));
        Assert.Contains("审核签发", await admin.GetPageAsync("/admin/users"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LockingAUserEndsTheirSessionWithinAMinute()
    {
        Assert.True(app.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval <= TimeSpan.FromMinutes(1));
        // The same app on the same database, checking stamps on every request instead of once a minute, so the test need not wait.
        await using var strict = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero)));
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        var bystander = await app.CreateStaffAsync(Roles.Editor);
        var editorSession = await strict.SignInAsync(editor);
        var bystanderSession = await strict.SignInAsync(bystander);
        Assert.Equal(HttpStatusCode.OK, (await editorSession.GetAsync("/admin/articles")).StatusCode);
        var stampBefore = await StampOfAsync(editor.Id);

        using var response = await admin.SubmitAsync($"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}/lock");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotEqual(stampBefore, await StampOfAsync(editor.Id));
        var user = await app.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == editor.Id));
        Assert.Equal(DateTimeOffset.MaxValue, user.LockoutEnd);

        using var afterLock = await editorSession.GetAsync("/admin/articles");
        Assert.Equal(HttpStatusCode.Redirect, afterLock.StatusCode);
        Assert.StartsWith("/admin/login", afterLock.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await bystanderSession.GetAsync("/admin/articles")).StatusCode);

        using var signInAgain = await app.OpenBrowser().TrySignInAsync(editor);
        Assert.Equal(HttpStatusCode.OK, signInAgain.StatusCode);
        Assert.Equal([AccountController.LockedByAdministrator], StaffBrowser.Errors(await signInAgain.Content.ReadAsStringAsync()));
        Assert.Contains("已锁定", await admin.GetPageAsync($"/admin/users/{editor.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAccountLockedByAnAdministratorSaysSoOnlyToSomeoneWhoGivesItsRightPassword()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}/lock")).StatusCode);

        using var wrongPassword = await app.OpenBrowser().TrySignInAsync(editor, "不是这个账号的密码-但足够长");
        using var rightPassword = await app.OpenBrowser().TrySignInAsync(editor);

        Assert.Equal([AccountController.SignInRefused], StaffBrowser.Errors(await wrongPassword.Content.ReadAsStringAsync()));
        var html = await rightPassword.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, rightPassword.StatusCode);
        Assert.Equal([AccountController.LockedByAdministrator], StaffBrowser.Errors(html));
        Assert.Contains("管理员锁定", (await app.AuditEntriesAsync("account.login", editor.Email))[^1].Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALockoutAfterWrongPasswordsStillGetsTheGenericAnswerEvenWithTheRightPassword()
    {
        var editor = await app.CreateStaffAsync(Roles.Editor);
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == editor.Id);
            user.LockoutEnd = DateTimeOffset.UtcNow.AddMinutes(15);
            return await db.SaveChangesAsync();
        });

        using var rightPassword = await app.OpenBrowser().TrySignInAsync(editor);

        Assert.Equal([AccountController.SignInRefused], StaffBrowser.Errors(await rightPassword.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task ANewUserMustReplaceTheTemporaryPasswordBeforeAnyOtherAdminPageOpens()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var email = $"new-{Guid.NewGuid():N}@test.example.cn";
        using var created = await admin.PostWithTokenAsync("/admin/users/new", "/admin/users/new", ("Email", email), ("Roles", Roles.Editor));
        var password = TemporaryPassword().Match(await created.Content.ReadAsStringAsync()).Value;
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

        await AssertMustChangePasswordAsync(new StaffAccount(userId, email, password, null));
    }

    [Fact]
    public async Task AResetPasswordMustBeReplacedAtTheNextSignInBeforeAnyOtherAdminPageOpens()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using var reset = await admin.SubmitAsync($"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}/password");
        var password = TemporaryPassword().Match(await reset.Content.ReadAsStringAsync()).Value;

        await AssertMustChangePasswordAsync(editor with { Password = password });
    }

    [Fact]
    public async Task ANewAdministratorReplacesTheTemporaryPasswordFirstAndThenEnrolsTwoFactor()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var email = $"new-admin-{Guid.NewGuid():N}@test.example.cn";
        using var created = await admin.PostWithTokenAsync("/admin/users/new", "/admin/users/new", ("Email", email), ("Roles", Roles.Administrator));
        var password = TemporaryPassword().Match(await created.Content.ReadAsStringAsync()).Value;
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        using var newcomer = app.OpenBrowser();
        await newcomer.SignInAsync(new StaffAccount(userId, email, password, null));

        using var first = await newcomer.GetAsync("/admin/users");
        using var changed = await newcomer.SubmitAsync("/admin/account/password", "/admin/account/password", form =>
        {
            form["CurrentPassword"] = password;
            form["NewPassword"] = "新管理员自己的一句长密码-2027";
            form["ConfirmPassword"] = "新管理员自己的一句长密码-2027";
        });
        using var then = await newcomer.GetAsync("/admin/users");

        Assert.Equal("/admin/account/password", first.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal("/admin/account/two-factor", then.Headers.Location?.OriginalString);
    }

    /// <summary>Signs in with the temporary password, is held on the password page, changes it, and can then work.</summary>
    private async Task AssertMustChangePasswordAsync(StaffAccount account)
    {
        const string OwnPassword = "只有我自己知道的新密码-春天2027";
        using var browser = app.OpenBrowser();
        await browser.SignInAsync(account);
        foreach (var page in new[] { "/admin", "/admin/articles", "/admin/articles/new", "/admin/account/two-factor" })
        {
            using var response = await browser.GetAsync(page);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/admin/account/password", response.Headers.Location?.OriginalString);
        }

        var form = await browser.GetPageAsync("/admin/account/password");
        Assert.Contains("临时密码", form, StringComparison.Ordinal);
        Assert.Empty(PublicHtml.All(form, "[href='/admin/articles']"));

        using var samePassword = await ChangeAsync(account.Password);
        Assert.Equal(["新密码不能与当前密码相同。"], StaffBrowser.Errors(await samePassword.Content.ReadAsStringAsync()));
        using var stillHeld = await browser.GetAsync("/admin/articles");
        Assert.Equal("/admin/account/password", stillHeld.Headers.Location?.OriginalString);

        using var changed = await ChangeAsync(OwnPassword);
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/articles")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin")).StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Users.Where(u => u.Id == account.Id).Select(u => u.PasswordChangeRequired).SingleAsync()));

        using var later = app.OpenBrowser();
        await later.SignInAsync(account with { Password = OwnPassword });
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync("/admin/articles")).StatusCode);

        Task<HttpResponseMessage> ChangeAsync(string newPassword) =>
            browser.SubmitAsync("/admin/account/password", "/admin/account/password", form =>
            {
                form["CurrentPassword"] = account.Password;
                form["NewPassword"] = newPassword;
                form["ConfirmPassword"] = newPassword;
            });
    }

    [Fact]
    public async Task UnlockingAUserLetsThemSignInAgain()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}/lock")).StatusCode);
        var stampWhileLocked = await StampOfAsync(editor.Id);

        using var response = await admin.SubmitAsync($"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}/unlock");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.NotEqual(stampWhileLocked, await StampOfAsync(editor.Id));
        using var signIn = await app.OpenBrowser().TrySignInAsync(editor);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task AdministratorCannotLockThemselves()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var page = $"/admin/users/{admin.UserId}";
        // The page offers no such button; the request is made by hand, with the account's current version.
        var version = (await admin.GetFormAsync(page, $"{page}/roles"))["Version"];

        using var response = await admin.PostWithTokenAsync(page, $"{page}/lock", ("Version", version));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("不能锁定自己的账号", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Id == admin.UserId).Select(u => u.LockoutEnd).SingleAsync()));
        Assert.StartsWith("失败", Assert.Single(await app.AuditEntriesAsync("users.lock", $"users:{admin.UserId}")).Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdministratorCannotRemoveTheirOwnAdministratorRole()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await admin.SubmitAsync($"/admin/users/{admin.UserId}", $"/admin/users/{admin.UserId}/roles", ("Input.Roles", Roles.Editor));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("不能取消自己的管理员角色", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([Roles.Administrator], await RolesOfAsync(admin.UserId));
    }

    [Fact]
    public async Task AdministratorAddingARoleToThemselvesStaysSignedIn()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await admin.SubmitAsync(
            $"/admin/users/{admin.UserId}", $"/admin/users/{admin.UserId}/roles", ("Input.Roles", Roles.Administrator), ("Input.Roles", Roles.Reviewer));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([Roles.Administrator, Roles.Reviewer], (await RolesOfAsync(admin.UserId)).Order());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task TheLastAvailableAdministratorCannotBeLockedOrDemoted()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var other = await app.CreateStaffAsync(Roles.Administrator);
        // Every other administrator of the shared test database is locked for the duration of this test, and the
        // signed-in one too, as if a colleague had just locked them and their session had not yet been checked.
        var lockedHere = await LockAdministratorsExceptAsync(other.Id);
        try
        {
            using var lockResponse = await admin.SubmitAsync($"/admin/users/{other.Id}", $"/admin/users/{other.Id}/lock");
            using var demoteResponse = await admin.SubmitAsync($"/admin/users/{other.Id}", $"/admin/users/{other.Id}/roles", ("Input.Roles", Roles.Editor));

            Assert.Equal(HttpStatusCode.Conflict, lockResponse.StatusCode);
            Assert.Contains("网站将没有可用的管理员", await lockResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Conflict, demoteResponse.StatusCode);
            Assert.Contains("唯一可用的管理员", await demoteResponse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Id == other.Id).Select(u => u.LockoutEnd).SingleAsync()));
            Assert.Contains(Roles.Administrator, await RolesOfAsync(other.Id));
            Assert.Contains(admin.UserId, lockedHere.Keys);
        }
        finally
        {
            await UnlockAsync(lockedHere);
        }
    }

    [Fact]
    public async Task ResettingAPasswordShowsANewTemporaryPasswordThatWorks()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var staff = await app.CreateStaffAsync(Roles.Staff);
        var stampBefore = await StampOfAsync(staff.Id);

        using var response = await admin.SubmitAsync($"/admin/users/{staff.Id}", $"/admin/users/{staff.Id}/password");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var password = TemporaryPassword().Match(await response.Content.ReadAsStringAsync()).Value;
        Assert.True(password.Length >= 16, "No temporary password on the result page.");
        Assert.NotEqual(stampBefore, await StampOfAsync(staff.Id));
        Assert.DoesNotContain(password, await admin.GetPageAsync($"/admin/users/{staff.Id}"), StringComparison.Ordinal);

        using var oldPassword = await app.OpenBrowser().TrySignInAsync(staff);
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        Assert.Contains("邮箱或密码不正确", await oldPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var newPassword = await app.OpenBrowser().TrySignInAsync(staff, password);
        Assert.Equal(HttpStatusCode.Redirect, newPassword.StatusCode);
    }

    [Fact]
    public async Task AdministratorCannotResetTheirOwnPasswordHere()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var stampBefore = await StampOfAsync(admin.UserId);
        var page = $"/admin/users/{admin.UserId}";
        var version = (await admin.GetFormAsync(page, $"{page}/roles"))["Version"];

        using var response = await admin.PostWithTokenAsync(page, $"{page}/password", ("Version", version));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("不能在这里重置自己的密码", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(stampBefore, await StampOfAsync(admin.UserId));
    }

    [Fact]
    public async Task RequiringTwoFactorSendsTheUserToEnrolment()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        var stampBefore = await StampOfAsync(editor.Id);

        using var response = await admin.SubmitAsync($"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}/require-two-factor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Users.Where(u => u.Id == editor.Id).Select(u => u.RequireTwoFactor).SingleAsync()));
        Assert.NotEqual(stampBefore, await StampOfAsync(editor.Id));
        var session = await app.SignInAsync(editor);
        using var page = await session.GetAsync("/admin/articles");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal("/admin/account/two-factor", page.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ResettingTwoFactorTurnsItOffAndReplacesTheKey()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var reviewer = await app.CreateStaffAsync(twoFactor: true, Roles.Reviewer);
        var stampBefore = await StampOfAsync(reviewer.Id);

        using var response = await admin.SubmitAsync($"/admin/users/{reviewer.Id}", $"/admin/users/{reviewer.Id}/reset-two-factor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        var user = await users.FindByIdAsync(reviewer.Id);
        Assert.NotNull(user);
        Assert.False(user.TwoFactorEnabled);
        Assert.NotEqual(reviewer.AuthenticatorKey, await users.GetAuthenticatorKeyAsync(user));
        Assert.NotEqual(stampBefore, user.SecurityStamp);
    }

    [Fact]
    public async Task UnknownUserIsNotFound()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var missing = Guid.NewGuid();

        using var page = await admin.GetAsync($"/admin/users/{missing}");
        using var notAnId = await admin.GetAsync("/admin/users/not-an-id");
        using var lockMissing = await admin.PostWithTokenAsync("/admin/users", $"/admin/users/{missing}/lock");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, notAnId.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, lockMissing.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Staff)]
    public async Task NonAdministratorGets403(string role)
    {
        var client = await app.SignInAsNewAsync(role);
        var victim = await app.CreateStaffAsync(Roles.Editor);
        var token = await client.GetAntiforgeryTokenAsync("/admin/account/password");

        using var list = await client.GetAsync("/admin/users");
        using var create = await client.PostAsync("/admin/users/new", (StaffBrowser.AntiforgeryField, token), ("Email", $"x-{Guid.NewGuid():N}@test.example.cn"), ("Roles", Roles.Administrator));
        using var lockVictim = await client.PostAsync($"/admin/users/{victim.Id}/lock", (StaffBrowser.AntiforgeryField, token));
        using var password = await client.PostAsync($"/admin/users/{victim.Id}/password", (StaffBrowser.AntiforgeryField, token));

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, lockVictim.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, password.StatusCode);
        Assert.Null(await app.WithDbAsync(db => db.Users.Where(u => u.Id == victim.Id).Select(u => u.LockoutEnd).SingleAsync()));
    }

    [Fact]
    public async Task AnonymousVisitorIsSentToSignIn()
    {
        using var response = await app.OpenBrowser().GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    private Task<List<string>> RolesOfAsync(string userId) => app.WithDbAsync(db =>
        db.UserRoles.Where(ur => ur.UserId == userId).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name!).ToListAsync());

    private Task<string?> StampOfAsync(string userId) => app.WithDbAsync(db =>
        db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync());

    /// <summary>Locks every available administrator but one; returns who was locked and their previous lockout end.</summary>
    private Task<Dictionary<string, DateTimeOffset?>> LockAdministratorsExceptAsync(string keepId) => app.WithDbAsync(async db =>
    {
        var adminRoleId = await db.Roles.Where(r => r.Name == Roles.Administrator).Select(r => r.Id).SingleAsync();
        var adminIds = await db.UserRoles.Where(ur => ur.RoleId == adminRoleId && ur.UserId != keepId).Select(ur => ur.UserId).ToListAsync();
        var now = DateTimeOffset.UtcNow;
        var available = (await db.Users.Where(u => adminIds.Contains(u.Id)).ToListAsync()).Where(u => u.LockoutEnd is null || u.LockoutEnd <= now).ToList();
        var before = available.ToDictionary(u => u.Id, u => u.LockoutEnd);
        foreach (var user in available)
        {
            user.LockoutEnd = DateTimeOffset.MaxValue;
        }

        await db.SaveChangesAsync();
        return before;
    });

    private Task UnlockAsync(Dictionary<string, DateTimeOffset?> before) => app.WithDbAsync(async db =>
    {
        foreach (var user in await db.Users.Where(u => before.Keys.Contains(u.Id)).ToListAsync())
        {
            user.LockoutEnd = before[user.Id];
        }

        await db.SaveChangesAsync();
    });

    [GeneratedRegex("[A-Za-z2-9]{4}(-[A-Za-z2-9]{4}){4}")]
    private static partial Regex TemporaryPassword();
}
