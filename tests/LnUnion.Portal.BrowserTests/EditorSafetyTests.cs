using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// Nothing an editor types is lost: the page autosaves and offers the copy back, keeps the session alive and warns
/// before it ends, saves after signing in again when the session is gone, asks before leaving unsaved changes, and a
/// new article's form saved, then reached again with Back, does not make a second article.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class EditorSafetyTests(BrowserFixture site)
{
    private const string NewsChannel = "工会要闻";

    [Fact]
    public async Task TextTypedInTheVisualModeIsAutosavedAsMarkdownAndOfferedBack()
    {
        var page = await SignedInAsync(site.NewPageAsync());
        var title = $"所见即所得自动保存 {Guid.NewGuid():N}";
        await page.GotoAsync("/admin/articles/new");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true }).FillAsync(title);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "栏目", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = NewsChannel });
        await page.GetByRole(AriaRole.Textbox, new() { Name = "正文", Exact = true }).ClickAsync();
        await page.Keyboard.TypeAsync("在可视模式里写的正文。");
        await Expect(page.Locator("[aria-live=polite]").Filter(new() { HasText = "已自动保存" })).ToHaveTextAsync(AutosavedAt());

        var reopened = await page.Context.NewPageAsync();
        await reopened.GotoAsync(page.Url);
        await page.CloseAsync();
        await reopened.GetByRole(AriaRole.Button, new() { Name = "恢复自动保存的内容" }).ClickAsync();
        Assert.Equal("在可视模式里写的正文。", (await EditorTextAsync(reopened)).Trim());
        await reopened.Context.CloseAsync();
    }

    [Fact]
    public async Task TypingAutosavesWithTheTimeShownAndReopeningTheFormOffersTheTextBack()
    {
        var page = await SignedInAsync(site.NewPageAsync());
        var title = $"自动保存的文章 {Guid.NewGuid():N}";
        await StartArticleAsync(page, title, "写到一半，浏览器就关了。");
        await Expect(page.Locator("[aria-live=polite]").Filter(new() { HasText = "已自动保存" })).ToHaveTextAsync(AutosavedAt());
        // The form's own address, with its key: reopening it finds this form's copy.
        Assert.Matches(NewFormAddress(), page.Url);

        var reopened = await page.Context.NewPageAsync();
        await reopened.GotoAsync(page.Url);
        await page.CloseAsync();
        await Expect(reopened.GetByText("自动保存过本页未保存的内容")).ToBeVisibleAsync();
        Assert.Equal(string.Empty, await EditorTextAsync(reopened));
        await reopened.GetByRole(AriaRole.Button, new() { Name = "恢复自动保存的内容" }).ClickAsync();
        Assert.Equal("写到一半，浏览器就关了。", await EditorTextAsync(reopened));
        await Expect(reopened.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true })).ToHaveValueAsync(title);

        await reopened.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(reopened.GetByText("文章已保存为草稿")).ToBeVisibleAsync();
        Assert.Equal("写到一半，浏览器就关了。", await BodyOfAsync(title));
        await reopened.Context.CloseAsync();
    }

    [Fact]
    public async Task WithTheSignInCookieGoneSaveOffersSignInAndThenSavesTheTextOnThePage()
    {
        var page = await SignedInAsync(site.NewPageAsync(), out var editor);
        var title = $"登录过期后保存 {Guid.NewGuid():N}";
        await StartArticleAsync(page, title, "登录过期前写好的正文。");
        await page.Context.ClearCookiesAsync(new() { Name = "lnu_admin" });

        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "登录已过期，还没有保存" })).ToBeVisibleAsync();
        Assert.Null(await BodyOfAsync(title));

        var signIn = await page.RunAndWaitForPopupAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "在新标签页登录" }).ClickAsync());
        await signIn.Locator("#Email").FillAsync((await editor).Email);
        await signIn.Locator("#Password").FillAsync((await editor).Password);
        await signIn.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(signIn.GetByRole(AriaRole.Heading, new() { Name = "已重新登录" })).ToBeVisibleAsync();

        // The editing tab carries on by itself and posts what was on the page.
        await Expect(page.GetByText("文章已保存为草稿")).ToBeVisibleAsync();
        Assert.Equal("登录过期前写好的正文。", await BodyOfAsync(title));
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LeavingWithUnsavedChangesAsksFirstAndSavingDoesNot()
    {
        var page = await SignedInAsync(site.NewPageAsync());
        var title = $"离开前询问 {Guid.NewGuid():N}";
        var asked = new List<string>();
        page.Dialog += (_, dialog) => asked.Add(dialog.Type);
        await StartArticleAsync(page, title, "还没保存的正文。");
        var form = page.Url;

        // The fixture dismisses the question, as an editor who chooses to stay does.
        await page.GetByRole(AriaRole.Link, new() { Name = "取消" }).ClickAsync();
        for (var wait = 0; wait < 50 && asked.Count == 0; wait++)
        {
            await page.WaitForTimeoutAsync(100);
        }

        Assert.Equal("beforeunload", asked[0]);
        Assert.Equal(form, page.Url);
        Assert.Equal("还没保存的正文。", await EditorTextAsync(page));

        asked.Clear();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByText("文章已保存为草稿")).ToBeVisibleAsync();
        Assert.Empty(asked);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BackAfterSavingANewArticleThenSaveAgainDoesNotMakeASecondArticle()
    {
        var page = await SignedInAsync(site.NewPageAsync());
        var title = $"只保存一篇 {Guid.NewGuid():N}";
        await StartArticleAsync(page, title, "第一次保存的正文。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByText("文章已保存为草稿")).ToBeVisibleAsync();

        await page.GoBackAsync();
        await Expect(page.GetByText("这篇文章已经保存过，没有重复创建")).ToBeVisibleAsync();
        Assert.Equal("第一次保存的正文。", await EditorTextAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();

        Assert.Equal(1, await site.App.WithDbAsync(db => db.Articles.CountAsync(a => a.Title == title)));
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task BeforeTheIdleTimeoutAWarningOffersToContinueAndAfterItSaveOffersSignIn()
    {
        // The shipped timing (the session ends after 30 minutes idle, the warning 2 minutes before), with the page's
        // clock and the server's moved on together instead of waited for.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var timed = site.App.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in PortalApplication.RoundsForLongJumps)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
        });
        timed.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        timed.StartServer();
        var page = await SignedInAsync(site.NewPageAsync(site: timed.ClientOptions.BaseAddress));
        await page.Clock.InstallAsync();
        await page.GotoAsync("/admin/articles/new");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true }).FillAsync("空闲提醒");
        async Task PassAsync(TimeSpan time)
        {
            clock.Advance(time);
            await page.Clock.RunForAsync((long)time.TotalMilliseconds);
        }

        var warning = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "登录将在约" });
        await PassAsync(TimeSpan.FromMinutes(27));
        await Expect(warning).ToBeHiddenAsync();
        await PassAsync(TimeSpan.FromMinutes(1.5));
        await Expect(warning).ToBeVisibleAsync();
        await Expect(warning).ToContainTextAsync("2 分钟");
        var carryOn = warning.GetByRole(AriaRole.Button, new() { Name = "继续编辑" });
        await carryOn.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(warning).ToBeHiddenAsync();

        // 继续编辑 renewed the session on the server: left alone, the warning comes back 28 minutes later, not at once,
        // then the session really ends.
        await PassAsync(TimeSpan.FromMinutes(27));
        await Expect(warning).ToBeHiddenAsync();
        await PassAsync(TimeSpan.FromMinutes(1.5));
        await Expect(warning).ToBeVisibleAsync();
        await PassAsync(TimeSpan.FromMinutes(2));
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "登录已过期" })).ToBeVisibleAsync();
        var session = await page.Context.APIRequest.GetAsync("/admin/editor/session", new() { Headers = new Dictionary<string, string> { ["X-Requested-With"] = "XMLHttpRequest" } });
        Assert.Equal(401, session.Status);

        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "在新标签页登录" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    private Task<IPage> SignedInAsync(Task<IPage> opening) => SignedInAsync(opening, out _);

    private Task<IPage> SignedInAsync(Task<IPage> opening, out Task<StaffAccount> account)
    {
        var created = site.App.CreateStaffAsync(Roles.Editor);
        account = created;
        return SignInAsync(opening, created);
    }

    private static async Task<IPage> SignInAsync(Task<IPage> opening, Task<StaffAccount> account)
    {
        var page = await opening;
        await BrowserFixture.SignInAsync(page, await account);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "工作台" })).ToBeVisibleAsync();
        return page;
    }

    private static async Task StartArticleAsync(IPage page, string title, string body)
    {
        await page.GotoAsync("/admin/articles/new");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true }).FillAsync(title);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "栏目", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = NewsChannel });
        // The editor opens in its visual mode; these journeys type Markdown.
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "正文：编辑工具" }).GetByRole(AriaRole.Button, new() { Name = "Markdown 源码" }).ClickAsync();
        await page.Locator(".CodeMirror").ClickAsync();
        await page.Keyboard.TypeAsync(body);
    }

    private static Task<string> EditorTextAsync(IPage page) =>
        page.Locator(".CodeMirror").EvaluateAsync<string>("element => element.CodeMirror.getValue()");

    private Task<string?> BodyOfAsync(string title) =>
        site.App.WithDbAsync(db => db.Articles.Where(a => a.Title == title).Select(a => a.BodyMarkdown).SingleOrDefaultAsync());

    [GeneratedRegex(@"^已自动保存 [0-2][0-9]:[0-5][0-9]$")]
    private static partial Regex AutosavedAt();

    [GeneratedRegex(@"/admin/articles/new\?key=[0-9a-f-]{36}$")]
    private static partial Regex NewFormAddress();
}
