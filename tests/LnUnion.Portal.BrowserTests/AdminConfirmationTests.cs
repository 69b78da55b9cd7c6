using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// Every destructive button in the admin area asks first, on every page (the handler is in admin.js, which the
/// admin layout loads): dismissing the question sends nothing, accepting it does the deed.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class AdminConfirmationTests(BrowserFixture site)
{
    [Fact]
    public async Task DeletingAChannelAsksFirstAndDismissingTheQuestionKeepsIt()
    {
        var admin = await site.App.CreateStaffAsync(Roles.Administrator);
        var slug = await site.App.AddChannelAsync("confirm-delete");
        var id = await site.App.WithDbAsync(db => db.Channels.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync());
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.SignInAsync(page, admin);
        var asked = new List<string>();
        var accept = false;
        site.AnswerDialogs(page, async dialog =>
        {
            asked.Add($"{dialog.Type}: {dialog.Message}");
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        });

        await page.GotoAsync($"/admin/channels/{id}/edit");
        var delete = page.GetByRole(AriaRole.Button, new() { Name = "删除这个栏目" });
        await delete.ClickAsync();
        Assert.Equal([$"confirm: 确定删除栏目“测试栏目{slug}”吗？"], asked);
        await page.WaitForTimeoutAsync(300);
        Assert.EndsWith($"/admin/channels/{id}/edit", page.Url, StringComparison.Ordinal);
        Assert.True(await site.App.WithDbAsync(db => db.Channels.AnyAsync(c => c.Id == id)));

        accept = true;
        await page.RunAndWaitForResponseAsync(() => delete.ClickAsync(), r => r.Request.Method == "POST" && r.Url.EndsWith($"/admin/channels/{id}/delete", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
        Assert.False(await site.App.WithDbAsync(db => db.Channels.AnyAsync(c => c.Id == id)));
        site.AssertNothingUnexpected(page);
    }

    [Fact]
    public async Task LockingAnAccountAndResettingItsPasswordOrTwoStepVerificationAskFirst()
    {
        var admin = await site.App.CreateStaffAsync(Roles.Administrator);
        var colleague = await site.App.CreateStaffAsync(twoFactor: true, Roles.Editor);
        var before = await site.App.WithDbAsync(db => db.Users.Where(u => u.Id == colleague.Id).Select(u => new { u.PasswordHash, u.SecurityStamp, u.LockoutEnd, u.TwoFactorEnabled }).SingleAsync());
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.SignInAsync(page, admin);
        var asked = new List<string>();
        var accept = false;
        site.AnswerDialogs(page, async dialog =>
        {
            asked.Add(dialog.Message);
            await (accept ? dialog.AcceptAsync() : dialog.DismissAsync());
        });
        await page.GotoAsync($"/admin/users/{colleague.Id}");

        foreach (var name in new[] { "锁定账号", "重置密码", "重置两步验证" })
        {
            await page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true }).ClickAsync();
        }

        Assert.Equal(
            ["锁定后该用户不能再登录，已登录的会话 1 分钟内失效。确定锁定吗？", "重置后原密码失效。确定重置吗？", "重置后原来绑定的身份验证器失效。确定重置吗？"],
            asked);
        await page.WaitForTimeoutAsync(300);
        Assert.EndsWith($"/admin/users/{colleague.Id}", page.Url, StringComparison.Ordinal);
        var after = await site.App.WithDbAsync(db => db.Users.Where(u => u.Id == colleague.Id).Select(u => new { u.PasswordHash, u.SecurityStamp, u.LockoutEnd, u.TwoFactorEnabled }).SingleAsync());
        Assert.Equal(before, after);

        accept = true;
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "锁定账号", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/lock", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "解锁账号" })).ToBeVisibleAsync();
        var lockedUntil = await site.App.WithDbAsync(db => db.Users.Where(u => u.Id == colleague.Id).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(lockedUntil > DateTimeOffset.UtcNow);
        site.AssertNothingUnexpected(page);
    }
}
