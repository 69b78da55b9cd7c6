using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LnUnion.Portal.Areas.Admin.Controllers;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// What staff do in the admin area, in a real browser through the real forms: writing in the Markdown editor
/// (typing, pasting from Word, dropping an image), review and publishing, site settings and sign-in lockout.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class StaffJourneyTests(BrowserFixture site)
{
    /// <summary>How soon a change made in the admin area must show on the public site.</summary>
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(1);

    private const string NewsChannel = "工会要闻";

    /// <summary>Every refused password step says the same, so that it never tells whether the address is staff's.</summary>
    private const string SignInRefused = AccountController.SignInRefused;

    [Fact]
    public async Task AnEditorTypesPastesFromWordDropsAnImagePreviewsAndSubmitsAnArticleForReview()
    {
        var editor = await site.App.CreateStaffAsync(Roles.Editor);
        // A name as the newsroom would give it, for the screenshot's top bar.
        await site.App.WithDbAsync(db => db.Users.Where(u => u.Id == editor.Id).ExecuteUpdateAsync(u => u.SetProperty(x => x.DisplayName, "宣教部 编辑")));
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.SignInAsync(page, editor);

        await page.GetByRole(AriaRole.Link, new() { Name = "文章", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "写新文章" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "写新文章" })).ToBeVisibleAsync();
        // Found by its address, not its title: the title may read as a real one, for the screenshot.
        await page.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true }).FillAsync("第十二届辽宁省职工职业技能大赛决赛在沈阳开幕");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "栏目", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = NewsChannel });

        await MarkdownViewAsync(page);
        var body = MarkdownEditor(page);
        await page.Locator(".CodeMirror").ClickAsync();
        await page.Keyboard.TypeAsync("10月18日，第十二届辽宁省职工职业技能大赛决赛在沈阳开幕，来自全省14个市的326名职工同台竞技。");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter");
        await Expect(body).ToContainTextAsync("326名职工同台竞技。");

        // Copied from Word or a web page: the clipboard carries HTML, which the editor turns into Markdown.
        await PasteHtmlAsync(
            page,
            """
            <p>本届大赛设<strong>焊工、电工、数控车工</strong>等十个工种，赛程见<a href="https://example.org">大赛通知</a>。</p>
            <ul><li>理论考试：10月18日</li><li>实际操作：10月19日至20日</li></ul>
            """);
        // The link may gain the slash that a browser's URL parser gives a bare host.
        await Expect(body).ToContainTextAsync(new Regex(@"本届大赛设\*\*焊工、电工、数控车工\*\*等十个工种，赛程见\[大赛通知\]\(https://example\.org/?\)。"));
        await Expect(body).ToContainTextAsync("- 理论考试：10月18日");
        await Expect(body).ToContainTextAsync("- 实际操作：10月19日至20日");
        Assert.DoesNotContain("<", await EditorTextAsync(page), StringComparison.Ordinal);

        var upload = await page.RunAndWaitForResponseAsync(() => DropImageAsync(page, "技能大赛开幕式.png"), r => r.Url.EndsWith("/admin/media/upload", StringComparison.Ordinal));
        Assert.True(upload.Ok, $"Upload answered {upload.Status}");
        // The picture is described before it goes in: never its file name as alt text.
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "插入图片：技能大赛开幕式.png" });
        await Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "图片描述（必填）" })).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("技能大赛开幕式现场");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "插入图片" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(body).ToContainTextAsync(ImageMarkdown());
        var imageUrl = ImageMarkdown().Match(await EditorTextAsync(page)).Groups["url"].Value;
        var image = await page.Context.APIRequest.GetAsync(imageUrl);
        Assert.True(image.Ok, $"{imageUrl} answered {image.Status}");
        Assert.Equal("image/png", image.Headers["content-type"]);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], (await image.BodyAsync())[..4]);

        await page.GetByRole(AriaRole.Button, new() { Name = "预览", Exact = true }).ClickAsync();
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "正文：预览" });
        await Expect(preview.Locator("strong")).ToHaveTextAsync("焊工、电工、数控车工");
        await Expect(preview.GetByRole(AriaRole.Link, new() { Name = "大赛通知" })).ToHaveAttributeAsync("href", new Regex("^https://example\\.org/?$"));
        await Expect(preview.Locator("ul > li")).ToHaveTextAsync(["理论考试：10月18日", "实际操作：10月19日至20日"]);
        await Expect(preview.Locator($"img[src='{imageUrl}']")).ToBeVisibleAsync();
        // Dropped below the list, the image is a block of its own rather than part of the last list item.
        await Expect(preview.Locator("li img")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "预览", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "并排预览" }).ClickAsync();
        await Expect(page.Locator(".editor-preview-side img")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "admin-editor");

        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByText("文章已保存为草稿")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Expect(page.GetByText("状态：审核中")).ToBeVisibleAsync();
        await Expect(page.Locator(".article-preview strong")).ToHaveTextAsync("焊工、电工、数控车工");
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AReviewerApprovesAColleaguesArticleAndWithinASecondItIsOnTheHomePageAndItsChannel()
    {
        var editor = await SignedInAsync(Roles.Editor);
        var title = $"省总工会开展冬季送温暖活动 {Unique()}";
        var id = await WriteAndSubmitAsync(editor, NewsChannel, title, "全省各级工会走访慰问困难职工。");
        var reviewer = await SignedInAsync(Roles.Reviewer);
        try
        {
            // Two visitors who have not seen the site yet, ready before the approval so that they ask at once.
            var visitors = new[] { await site.NewPageAsync(), await site.NewPageAsync() };
            var since = await ApproveAsync(reviewer, title, id);
            var link = $"main a[href='/articles/{id}']";
            var shown = await Task.WhenAll(
                ShownWithinASecondAsync(since, visitors[0], "/", v => v.Locator(link).GetByText(title).CountAsync()),
                ShownWithinASecondAsync(since, visitors[1], "/news", v => v.Locator(link).GetByText(title).CountAsync()));

            Assert.All(shown, s => Assert.True(s <= AtOnce, $"Shown to a request sent after {s.TotalMilliseconds} ms"));
            await ExpectPublishedAsync(reviewer);
            site.AssertNothingUnexpected(editor);
            site.AssertNothingUnexpected(reviewer);
        }
        finally
        {
            // Other browser tests see the home page as seeded: take this article off it again.
            await WithdrawAsync(id);
            await editor.Context.CloseAsync();
            await reviewer.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task APublishedArticleWithAJavascriptLinkAndAnOnerrorImageRunsNoScriptForItsReaders()
    {
        var channel = await site.App.AddChannelAsync($"xss-{Unique()}");
        var editor = await SignedInAsync(Roles.Editor);
        var title = $"带有危险链接的文章 {Unique()}";
        var id = await WriteAndSubmitAsync(
            editor, $"测试栏目{channel}", title, "请勿点击：[点我](javascript:alert(1))", "<img src=x onerror=alert(1)>", "正文到此结束。");
        var reviewer = await SignedInAsync(Roles.Reviewer);
        await ApproveAsync(reviewer, title, id);
        await ExpectPublishedAsync(reviewer);

        var reader = await site.NewPageAsync();
        await reader.GotoAsync($"/articles/{id}");
        var body = reader.Locator(".article-body");
        await Expect(body).ToContainTextAsync("正文到此结束。");
        await body.GetByText("点我").ClickAsync();
        await reader.EvaluateAsync("() => new Promise(resolve => requestAnimationFrame(() => setTimeout(resolve)))");

        var hrefs = await reader.Locator("a[href]").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
        Assert.DoesNotContain(hrefs, href => href.Trim().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, await body.Locator("[onerror]").CountAsync());
        Assert.EndsWith($"/articles/{id}", reader.Url, StringComparison.Ordinal);
        site.AssertNothingUnexpected(reader);
        site.AssertNothingUnexpected(editor);
        site.AssertNothingUnexpected(reviewer);
        foreach (var page in new[] { reader, editor, reviewer })
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task StaffChangeThePhoneNumberInTheSiteSettingsAndThePublicFooterShowsItWithinASecond()
    {
        var staff = await SignedInAsync(Roles.Staff);
        await staff.GetByRole(AriaRole.Link, new() { Name = "网站设置" }).ClickAsync();
        var phone = staff.GetByRole(AriaRole.Textbox, new() { Name = "电话", Exact = true });
        var original = await phone.InputValueAsync();
        Assert.NotEmpty(original); // seeded, so that putting it back shows in the footer too
        var changed = $"024-2258{RandomNumberGenerator.GetInt32(10_000):D4}";
        try
        {
            foreach (var number in new[] { changed, original })
            {
                await phone.FillAsync(number);
                var visitor = await site.NewPageAsync();
                var since = await SaveSettingsAsync(staff);
                var shown = await ShownWithinASecondAsync(since, visitor, "/", v => v.Locator("footer").GetByRole(AriaRole.Link, new() { Name = number, Exact = true }).CountAsync());
                Assert.True(shown <= AtOnce, $"The footer showed {number} to a request sent after {shown.TotalMilliseconds} ms.");
                await Expect(staff.GetByRole(AriaRole.Status)).ToHaveTextAsync("网站设置已保存，网站各页面已显示新内容。");
            }
        }
        finally
        {
            // The footer is every page's: put the number back even when the test failed half way.
            if (await phone.InputValueAsync() != original)
            {
                await phone.FillAsync(original);
                await SaveSettingsAsync(staff);
            }
        }

        site.AssertNothingUnexpected(staff);
        await staff.Context.CloseAsync();
    }

    [Fact]
    public async Task FiveWrongPasswordsLockTheAccountSoThatEvenTheRightPasswordIsRefused()
    {
        var account = await site.App.CreateStaffAsync(Roles.Editor);
        var page = await site.NewPageAsync();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await BrowserFixture.SubmitSignInFormAsync(page, account.Email, $"错误的密码-{attempt}");
            await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(SignInRefused);
        }

        // Identity locked the account on the fifth failure, so even the right password is refused, in the same words.
        await BrowserFixture.SubmitSignInFormAsync(page, account.Email, account.Password);
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(SignInRefused);
        Assert.EndsWith("/admin/login", page.Url, StringComparison.Ordinal);

        await page.GotoAsync("/admin");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "登录网站管理" })).ToBeVisibleAsync();
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    /// <summary>A new account with this role, signed in through the form in a browser context of its own.</summary>
    private Task<IPage> SignedInAsync(string role) => site.SignedInPageAsync(role);

    /// <summary>Writes an article (each paragraph typed into the editor), saves it and submits it for review; returns its id.</summary>
    private static async Task<int> WriteAndSubmitAsync(IPage page, string channel, string title, params string[] paragraphs)
    {
        await page.GotoAsync("/admin/articles/new");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true }).FillAsync(title);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "栏目", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = channel });
        await MarkdownViewAsync(page);
        await page.Locator(".CodeMirror").ClickAsync();
        foreach (var paragraph in paragraphs)
        {
            await page.Keyboard.TypeAsync(paragraph);
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.PressAsync("Enter");
        }

        // As typed: the editor adds no closing brackets or other help of its own.
        Assert.Equal(string.Join("\n\n", paragraphs) + "\n\n", await EditorTextAsync(page));
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("文章已保存为草稿");
        var id = int.Parse(ArticleUrl().Match(page.Url).Groups["id"].Value, CultureInfo.InvariantCulture);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Expect(page.GetByText("状态：审核中")).ToBeVisibleAsync();
        return id;
    }

    /// <summary>Finds the article in the list, approves and publishes it; returns a clock started when the approval was answered.</summary>
    private static async Task<Stopwatch> ApproveAsync(IPage reviewer, string title, int id)
    {
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "文章", Exact = true }).ClickAsync();
        await reviewer.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Expect(reviewer.GetByRole(AriaRole.Heading, new() { Name = "第 1 级审核（共 1 级）" })).ToBeVisibleAsync();
        await reviewer.GetByRole(AriaRole.Textbox, new() { Name = "审核意见（退回时必填）" }).FillAsync("同意发布。");
        await reviewer.GetByRole(AriaRole.Checkbox, new() { Name = "保密审查" }).CheckAsync();
        var approval = await reviewer.RunAndWaitForResponseAsync(
            () => reviewer.GetByRole(AriaRole.Button, new() { Name = "通过并发布" }).ClickAsync(),
            r => r.Url.EndsWith($"/admin/articles/{id}/approve", StringComparison.Ordinal));
        var since = Stopwatch.StartNew();
        Assert.Equal(302, approval.Status);
        return since;
    }

    private static async Task ExpectPublishedAsync(IPage reviewer)
    {
        await Expect(reviewer.GetByRole(AriaRole.Status)).ToHaveTextAsync("审核通过，已发布。");
        await Expect(reviewer.GetByText("状态：已发布")).ToBeVisibleAsync();
    }

    private static async Task<Stopwatch> SaveSettingsAsync(IPage staff)
    {
        var saved = await staff.RunAndWaitForResponseAsync(
            () => staff.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/admin/settings", StringComparison.Ordinal));
        var since = Stopwatch.StartNew();
        Assert.Equal(302, saved.Status);
        return since;
    }

    /// <summary>
    /// Opens <paramref name="path"/> in <paramref name="visitor"/>, and then as further new visitors (a fresh browser
    /// context each time, so nothing comes from the browser's cache), until <paramref name="count"/> finds what is
    /// looked for; returns when the request that found it was sent, counted from <paramref name="since"/>. Only requests
    /// sent within a second count: what is measured is how soon the site serves the change, not how long a busy test
    /// machine takes to draw the page.
    /// </summary>
    private async Task<TimeSpan> ShownWithinASecondAsync(Stopwatch since, IPage visitor, string path, Func<IPage, Task<int>> count)
    {
        while (true)
        {
            var sent = since.Elapsed;
            try
            {
                await visitor.GotoAsync(path, new() { WaitUntil = WaitUntilState.DOMContentLoaded });
                if (await count(visitor) > 0)
                {
                    return sent;
                }
            }
            finally
            {
                await visitor.Context.CloseAsync();
            }

            Assert.True(since.Elapsed < AtOnce, $"Not on {path} in any request sent within {AtOnce.TotalSeconds} s of the change being saved (the last at {sent.TotalMilliseconds:F0} ms).");
            visitor = await site.NewPageAsync();
        }
    }

    private async Task WithdrawAsync(int id)
    {
        var channel = await site.App.WithDbAsync(async db =>
        {
            var article = await db.Articles.Include(a => a.Channel).SingleAsync(a => a.Id == id);
            article.Status = ArticleStatus.Withdrawn;
            await db.SaveChangesAsync();
            return article.Channel.Slug;
        });
        await site.App.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, channel);
    }

    /// <summary>The editor opens in its visual mode; these journeys write Markdown.</summary>
    private static async Task MarkdownViewAsync(IPage page) =>
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "正文：编辑工具" }).GetByRole(AriaRole.Button, new() { Name = "Markdown 源码" }).ClickAsync();

    /// <summary>The lines of Markdown in the editor, as shown (CodeMirror draws them; the textarea is hidden).</summary>
    private static ILocator MarkdownEditor(IPage page) => page.Locator(".CodeMirror-code");

    private static Task<string> EditorTextAsync(IPage page) =>
        page.Locator(".CodeMirror").EvaluateAsync<string>("element => element.CodeMirror.getValue()");

    /// <summary>What a paste from Word does: a paste event on the editor's input whose clipboard holds HTML (and the plain text).</summary>
    private static async Task PasteHtmlAsync(IPage page, string html) =>
        await page.Locator(".CodeMirror textarea").EvaluateAsync(
            """
            (input, html) => {
              const data = new DataTransfer();
              data.setData('text/html', html);
              data.setData('text/plain', new DOMParser().parseFromString(html, 'text/html').body.textContent);
              input.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """,
            html);

    /// <summary>
    /// Drags a PNG file (drawn on a canvas in the page) over the editor (the Markdown one unless another element is
    /// given) and drops it below the text, with the events a browser fires for a file dragged in from the desktop.
    /// </summary>
    internal static async Task DropImageAsync(IPage page, string name, string editor = ".CodeMirror-scroll")
    {
        var files = await page.EvaluateHandleAsync(
            """
            async (name) => {
              const canvas = document.createElement('canvas');
              canvas.width = 640;
              canvas.height = 240;
              const g = canvas.getContext('2d');
              const sky = g.createLinearGradient(0, 0, 640, 240);
              sky.addColorStop(0, '#b71c1c');
              sky.addColorStop(1, '#e65100');
              g.fillStyle = sky;
              g.fillRect(0, 0, 640, 240);
              g.fillStyle = '#fff';
              g.font = 'bold 56px sans-serif';
              g.textAlign = 'center';
              g.fillText('职工技能大赛', 320, 140);
              const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
              const data = new DataTransfer();
              data.items.add(new File([blob], name, { type: 'image/png' }));
              return data;
            }
            """,
            name);
        var target = page.Locator(editor);
        var box = await target.BoundingBoxAsync() ?? throw new InvalidOperationException("The editor is not on screen.");
        var at = new Dictionary<string, object> { ["dataTransfer"] = files, ["clientX"] = (int)(box.X + (box.Width / 2)), ["clientY"] = (int)(box.Y + box.Height - 20) };
        foreach (var type in new[] { "dragenter", "dragover", "drop" })
        {
            await target.DispatchEventAsync(type, at);
        }
    }

    [GeneratedRegex(@"/admin/articles/(?<id>\d+)$")]
    private static partial Regex ArticleUrl();

    [GeneratedRegex(@"!\[[^\]]*\]\((?<url>/media/[^)\s]+)\)")]
    private static partial Regex ImageMarkdown();

    private static string Unique() => Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();
}
