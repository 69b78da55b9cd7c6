using System.Text;
using System.Text.Json;
using Deque.AxeCore.Commons;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Setup;
using LnUnion.Portal.Tests;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// axe-core, as it runs by default (WCAG 2.0, 2.1 and 2.2 A and AA, and its best practices), finds nothing on any type
/// of page: every public page in 简 (and in 繁 and each 长者模式 the reading toolbar offers, with the rules those can
/// change), and every admin page, including the editor with EasyMDE loaded and forms showing their validation errors.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class AccessibilityTests(BrowserFixture site)
{
    /// <summary>The public page types, by the name a failing test shows.</summary>
    private static readonly string[] PublicPageNames =
    [
        "首页",
        "首页（含焦点图）",
        "栏目",
        "文章",
        "巡视公告",
        "公示",
        "专题列表",
        "专题",
        "搜索结果",
        "机构简介",
        "主要职责",
        "机构设置",
        "领导之窗",
        "联系我们",
        "无障碍说明",
        "职工信箱",
        "信件查询",
        "来信选登",
        "来信答复",
        "办理情况统计",
        "职工服务",
        "网站地图",
        "404 页面",
    ];

    /// <summary>
    /// The reading modes (长者模式), each turned on through the toolbar's own buttons, found by their data attributes
    /// as 繁 pages convert the labels. Normal-sized text is where contrast rules are strictest, so each colour scheme is
    /// checked at that size; everything on at once is where wrapping and overlap show. (Larger text in the normal
    /// colours needs no run of its own: axe's contrast bar only drops as text grows. Each run costs seconds.)
    /// </summary>
    private static readonly (string Name, string[] Buttons, string[] Classes)[] ReadingModes =
    [
        ("默认", [], []),
        ("高对比度", ["[data-toggle='contrast']"], ["high-contrast"]),
        ("文字特大、高对比度、加大行距", ["[data-size='2']", "[data-toggle='contrast']", "[data-toggle='lines']"], ["text-larger", "high-contrast", "wide-lines"]),
    ];

    /// <summary>
    /// What the conversion to Traditional can change: the text, so the language attributes and every accessible name
    /// (the structure, colours and sizes are the Simplified page's own, which the full run checks).
    /// </summary>
    private static readonly string[] ScriptRules =
    [
        "html-has-lang", "html-lang-valid", "html-xml-lang-mismatch", "valid-lang", "document-title", "link-name",
        "button-name", "input-button-name", "label", "select-name", "image-alt", "empty-heading", "frame-title",
    ];

    /// <summary>What 长者模式 changes: colours, text and line sizes, and so what wraps, overlaps or scrolls.</summary>
    private static readonly string[] ReadingModeRules =
    [
        "color-contrast", "link-in-text-block", "avoid-inline-spacing", "target-size", "scrollable-region-focusable", "meta-viewport",
    ];

    public static TheoryData<string, string> PublicPages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in PublicPageNames)
        {
            data.Add(page, "简");
            data.Add(page, "繁");
        }

        return data;
    }

    /// <summary>One page load for each page and script; the modes are switched on it one after another, as a reader would.</summary>
    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task APublicPageHasNoAccessibilityViolationsInAnyReadingMode(string pageName, string script)
    {
        var path = await PublicPathAsync(pageName);
        if (script == "繁")
        {
            path = PublicAddresses.Traditional(path);
        }

        var page = await site.NewPageAsync();
        await page.GotoAsync(path);
        if (pageName == "搜索结果")
        {
            await page.Locator(".search-results li").First.WaitForAsync();
        }

        var bar = page.Locator("#a11y-bar");
        await bar.WaitForAsync();
        var failures = new List<string>();
        foreach (var (mode, buttons, classes) in ReadingModes)
        {
            await bar.Locator("button[data-reset]").ClickAsync();
            foreach (var button in buttons)
            {
                await bar.Locator($"button{button}").ClickAsync();
            }

            var on = (await page.Locator("html").GetAttributeAsync("class") ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(on.Order().SequenceEqual((classes.Length == 0 ? classes : [.. classes, ReadingModeCookie.ElderMode]).Order()), $"{mode}: the page has the classes '{string.Join(' ', on)}'.");
            // The whole rule set once per page, on 简 in the default look; the other runs check what they can change.
            var rules = (script, buttons.Length) switch
            {
                ("简", 0) => null,
                (_, 0) => ScriptRules,
                _ => ReadingModeRules,
            };
            failures.AddRange(await ViolationsAsync(page, $"{pageName}（{script}，{mode}）", rules));
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// The simplified layout (纯净模式) at zoom 2.0, as the reading cookie serves it from the first paint: one page of
    /// each layout (a list, an article, a notice with its box, a form, and the home and help pages), on a phone at the
    /// largest text and on a desktop in high contrast with wide lines, each in 简 with every rule and in 繁 with those
    /// the conversion can change. Kept to these: each axe run costs seconds.
    /// </summary>
    public static TheoryData<string, string> ZoomedPlainPages()
    {
        var data = new TheoryData<string, string>();
        foreach (var page in new[] { "首页", "栏目", "文章", "巡视公告", "职工信箱", "无障碍说明" })
        {
            data.Add(page, "手机");
            data.Add(page, "电脑");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ZoomedPlainPages))]
    public async Task APublicPageHasNoAccessibilityViolationsInTheSimplifiedLayoutAtZoomTwo(string pageName, string device)
    {
        var path = await PublicPathAsync(pageName);
        var (viewport, look) = device == "手机"
            ? (BrowserFixture.Phone, "s2.z200.plain")
            : (BrowserFixture.Desktop, "z200.plain.contrast.lines");
        var page = await site.NewPageAsync(viewport);
        await page.Context.AddCookiesAsync([new() { Name = ReadingModeCookie.Name, Value = look, Url = site.BaseUrl.ToString() }]);
        var failures = new List<string>();
        foreach (var (script, address, rules) in new[] { ("简", path, (string[]?)null), ("繁", PublicAddresses.Traditional(path), ScriptRules) })
        {
            await page.GotoAsync(address);
            await page.Locator("#a11y-bar").WaitForAsync();
            Assert.Contains("plain-layout", await page.Locator("html").GetAttributeAsync("class") ?? string.Empty, StringComparison.Ordinal);
            failures.AddRange(await ViolationsAsync(page, $"{pageName}（{script}，{device}，纯净模式 {look}）", rules));
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine + Environment.NewLine, failures));
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    public static TheoryData<string> AdminPages() =>
    [
        "登录页",
        "登录页（密码错误）",
        "两步验证登录页",
        "绑定两步验证页",
        "工作台",
        "文章列表",
        "写新文章",
        "写新文章（标题为空时保存）",
        "修改文章",
        "修改文章（提示恢复自动保存的内容）",
        "写新文章（登录已过期时保存）",
        "文章详情与修订记录",
        "修订比较",
        "审核已发布文章的修改",
        "审核时逐条确认严重问题",
        "敏感词名单",
        "易错词名单",
        "领导姓名与职务名单",
        "修改检查名单条目",
        "全站扫描",
        "网站自查",
        "页面列表",
        "页面详情",
        "专题管理列表",
        "新建专题",
        "修改专题（含文章和查找结果）",
        "修改页面",
        "文件库",
        "网站设置",
        "新增服务平台",
        "修改服务平台",
        "修改友情链接",
        "职工服务列表",
        "修改职工服务",
        "新增职工服务（链接有误时保存）",
        "节假日安排",
        "信件统计",
        "修改节假日",
        "机构与领导",
        "修改机构（有修订记录）",
        "修改领导信息",
        "栏目列表",
        "新增栏目",
        "修改栏目",
        "用户列表",
        "新建用户",
        "修改用户",
        "新用户的初始密码",
        "操作日志",
        "信件办理",
        "信件详情",
        "承办部门",
        "信件类型",
        "修改信件类型",
        "修改密码",
        "修改密码（未填写时提交）",
        "两步验证设置",
        "临时密码必须修改",
        "管理区 404 页",
        "管理区 403 页",
    ];

    /// <summary>The admin pages seen before or while signing in, each reached through the sign-in form itself.</summary>
    private static readonly string[] SignInPages = ["登录页", "登录页（密码错误）", "两步验证登录页", "绑定两步验证页", "临时密码必须修改"];

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task AnAdminPageHasNoAccessibilityViolations(string pageName)
    {
        var page = await OpenAdminPageAsync(pageName);
        var failures = await ViolationsAsync(page, pageName);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    /// <summary>The checks above pass only if axe, as this class runs it, finds what is there.</summary>
    [Fact]
    public async Task AxeAsRunHereReportsAPictureWithoutTextAndAButtonWithoutAName()
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync("/");
        await page.EvaluateAsync("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/favicon.ico\"><button id=\"nameless\"></button>')");

        var all = string.Join(Environment.NewLine, await ViolationsAsync(page, "首页（加入无替代文字的图片和无名称的按钮）"));
        var onlyButtons = string.Join(Environment.NewLine, await ViolationsAsync(page, "首页（只查按钮名称）", ["button-name"]));

        Assert.Contains("- image-alt (critical)", all, StringComparison.Ordinal);
        Assert.Contains("- button-name (critical)", all, StringComparison.Ordinal);
        Assert.Contains("#nameless", onlyButtons, StringComparison.Ordinal);
        Assert.DoesNotContain("image-alt", onlyButtons, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    private async Task<string> PublicPathAsync(string pageName) => pageName switch
    {
        "首页" => "/",
        "首页（含焦点图）" => await FocusSlidesData.EnsureAsync(site) is { Count: > 0 } ? "/" : throw new InvalidOperationException("No slides."),
        "栏目" => $"/{ChannelSlugs.News}",
        "文章" => $"/articles/{await SampleArticleAsync()}",
        "巡视公告" => $"/articles/{await InspectionNoticeAsync()}",
        "公示" => $"/articles/{await PublicityNoticeAsync()}",
        "专题列表" => await TopicListAsync(),
        "专题" => $"/topics/{await TopicAsync()}",
        "搜索结果" => "/search?q=" + Uri.EscapeDataString("工会"),
        "机构简介" => $"/{PageSlugs.About}",
        "主要职责" => $"/{PageSlugs.About}/{PageSlugs.Responsibilities}",
        "无障碍说明" => PublicAddresses.Accessibility,
        "机构设置" => await WithOrganisationAsync(PublicAddresses.OrganisationUnits),
        "领导之窗" => await WithOrganisationAsync(PublicAddresses.Leaders),
        "联系我们" => $"/{PageSlugs.Contact}",
        "职工信箱" => "/mailbox",
        "信件查询" => "/mailbox/query",
        "来信选登" => "/mailbox/replies",
        "来信答复" => $"/mailbox/replies/{await PublishedLetterAsync()}",
        "办理情况统计" => "/mailbox/statistics",
        "职工服务" => "/services",
        "网站地图" => "/sitemap",
        "404 页面" => "/no-such-page",
        _ => throw new ArgumentOutOfRangeException(nameof(pageName), pageName, null),
    };

    /// <summary>
    /// A unit of each kind and a leader, each with two revisions, so the pages show every part they have; made once,
    /// through the same editing the admin screens use. Returns <paramref name="path"/>.
    /// </summary>
    private async Task<string> WithOrganisationAsync(string path)
    {
        using var scope = site.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (!await db.OrganisationUnits.AnyAsync())
        {
            var editing = scope.ServiceProvider.GetRequiredService<LnUnion.Portal.Organisation.OrganisationEditing>();
            foreach (var kind in Enum.GetValues<LnUnion.Portal.Organisation.UnitKind>())
            {
                var input = new LnUnion.Portal.Organisation.UnitInput { Kind = kind, Name = $"无障碍测试{kind}", Duties = "负责有关工作。\n承办交办的其他事项。", Phone = "024-22581001" };
                var id = await editing.AddUnitAsync(input, string.Empty, CancellationToken.None);
                input.Version = (await editing.UnitAsync(id, CancellationToken.None))!.Version;
                input.Duties = "负责有关工作。";
                await editing.SaveUnitAsync(id, input, string.Empty, note: null, CancellationToken.None);
            }

            await editing.AddLeaderAsync(new LnUnion.Portal.Organisation.LeaderInput { Name = "无障碍测试", Title = "副主席", Responsibilities = "分管有关工作。" }, newPhoto: null, string.Empty, CancellationToken.None);
        }

        return path;
    }

    /// <summary>A published exchange with an answering department, as the handling side leaves one.</summary>
    private Task<int> PublishedLetterAsync() => site.App.WithDbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var department = new LnUnion.Portal.Mailbox.LetterDepartment { Name = "无障碍测试部门" + Guid.NewGuid().ToString("N")[..6] };
        var letter = new LnUnion.Portal.Mailbox.Letter
        {
            TypeId = await db.LetterTypes.Select(t => t.Id).FirstAsync(),
            Subject = "关于工会会员入会条件的咨询",
            Body = "请问农民工可以加入工会吗？",
            Answer = "可以。以工资收入为主要生活来源的劳动者都可以依法加入工会。",
            MayPublish = true,
            QueryCodeHash = Guid.NewGuid().ToString("N"),
            SubmissionKey = Guid.NewGuid(),
            Status = LnUnion.Portal.Mailbox.LetterStatus.Published,
            ReceivedAt = now.AddDays(-3),
            AnsweredAt = now.AddDays(-1),
            PublishedAt = now,
            DueOn = DateOnly.FromDateTime(now.AddDays(7)),
            Department = department,
        };
        db.Letters.Add(letter);
        await db.SaveChangesAsync();
        await site.App.Services.GetRequiredService<LnUnion.Portal.Mailbox.MailboxPublication>().ChangedAsync(letter.Id);
        return letter.Id;
    });

    /// <summary>An accepted letter, so that its page shows the 转办 picker, and a department to pick.</summary>
    private Task<int> AcceptedLetterAsync() => site.App.WithDbAsync(async db =>
    {
        var letter = new LnUnion.Portal.Mailbox.Letter
        {
            TypeId = await db.LetterTypes.Select(t => t.Id).FirstAsync(),
            Subject = "关于劳动合同续签的咨询",
            Body = "合同到期后单位不续签，也不给补偿，怎么办？",
            WriterName = "李师傅",
            WriterPhone = "13900000000",
            QueryCodeHash = Guid.NewGuid().ToString("N"),
            SubmissionKey = Guid.NewGuid(),
            Status = LnUnion.Portal.Mailbox.LetterStatus.Accepted,
            ReceivedAt = DateTime.UtcNow,
            DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(1)),
        };
        db.Letters.Add(letter);
        db.LetterDepartments.Add(new LnUnion.Portal.Mailbox.LetterDepartment { Name = "无障碍测试承办部门" + Guid.NewGuid().ToString("N")[..6] });
        await db.SaveChangesAsync();
        return letter.Id;
    });

    /// <summary>
    /// The page in a browser context of its own. Those about signing in sign in through the form; the rest start signed
    /// in as the shared administrator (or editor), as signing in again for each would only repeat the same steps.
    /// </summary>
    private async Task<IPage> OpenAdminPageAsync(string pageName)
    {
        var page = SignInPages.Contains(pageName) ? await site.NewPageAsync()
            : await site.PageSignedInAsAsync(pageName == "管理区 403 页" ? Roles.Editor : Roles.Administrator);
        switch (pageName)
        {
            case "登录页":
                await page.GotoAsync("/admin/login");
                return page;
            case "登录页（密码错误）":
                var stranger = await site.App.CreateStaffAsync(Roles.Editor);
                await BrowserFixture.SignInAsync(page, stranger, "不是这个密码-0000");
                await page.Locator(".validation-summary-errors, [role=alert]").First.WaitForAsync();
                return page;
            case "两步验证登录页":
                var admin = await site.App.CreateStaffAsync(Roles.Administrator);
                await BrowserFixture.SubmitSignInFormAsync(page, admin.Email, admin.Password);
                await page.WaitForURLAsync("**/admin/login/2fa**");
                return page;
            case "绑定两步验证页":
                // An administrator without an authenticator is sent to enrolment first.
                await BrowserFixture.SignInAsync(page, await site.App.CreateStaffAsync(twoFactor: false, Roles.Administrator));
                await page.GotoAsync("/admin/account/two-factor");
                return page;
            case "临时密码必须修改":
                // As after an administrator created the account or reset its password: every page leads here.
                var newcomer = await site.App.CreateStaffAsync(Roles.Editor);
                await site.App.WithDbAsync(async db =>
                {
                    (await db.Users.SingleAsync(u => u.Id == newcomer.Id)).PasswordChangeRequired = true;
                    return await db.SaveChangesAsync();
                });
                await BrowserFixture.SignInAsync(page, newcomer);
                await page.WaitForURLAsync("**/admin/account/password");
                return page;
            case "管理区 403 页":
                await page.GotoAsync("/admin/users");
                return page;
            default:
                break;
        }

        switch (pageName)
        {
            case "工作台":
                await page.GotoAsync("/admin");
                break;
            case "信件统计":
                await page.GotoAsync("/admin/letters/statistics");
                break;
            case "文章列表":
                await page.GotoAsync("/admin/articles");
                break;
            case "写新文章":
                await page.GotoAsync("/admin/articles/new");
                await EditorLoadedAsync(page);
                break;
            case "写新文章（标题为空时保存）":
                await page.GotoAsync("/admin/articles/new");
                await EditorLoadedAsync(page);
                await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
                await page.Locator(".validation-summary-errors, [role=alert]").First.WaitForAsync();
                await EditorLoadedAsync(page);
                break;
            case "修改文章":
                await page.GotoAsync($"/admin/articles/{await SampleArticleAsync()}/edit");
                await EditorLoadedAsync(page);
                break;
            case "修改文章（提示恢复自动保存的内容）":
                await page.GotoAsync($"/admin/articles/{await SampleArticleAsync()}/edit");
                await EditorLoadedAsync(page);
                // As if the editor had typed here before the browser closed: the page's own autosave request.
                await page.EvaluateAsync(
                    """
                    async () => {
                      const form = document.querySelector('form[data-autosave]');
                      const body = new FormData();
                      body.append('formKey', form.dataset.autosave);
                      body.append('fields', JSON.stringify({ 'Input.Title': '没有保存的标题' }));
                      const token = form.querySelector('input[name="__RequestVerificationToken"]').value;
                      await fetch('/admin/editor/drafts', { method: 'POST', body, headers: { RequestVerificationToken: token, 'X-Requested-With': 'XMLHttpRequest' } });
                    }
                    """);
                await page.ReloadAsync();
                await page.GetByRole(AriaRole.Button, new() { Name = "恢复自动保存的内容" }).WaitForAsync();
                await EditorLoadedAsync(page);
                break;
            case "写新文章（登录已过期时保存）":
                await page.GotoAsync("/admin/articles/new");
                await EditorLoadedAsync(page);
                await page.Context.ClearCookiesAsync(new() { Name = "lnu_admin" });
                await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
                await page.GetByRole(AriaRole.Link, new() { Name = "在新标签页登录" }).WaitForAsync();
                break;
            case "文章详情与修订记录":
                await page.GotoAsync($"/admin/articles/{await SampleArticleAsync()}");
                break;
            case "修订比较":
                await page.GotoAsync($"/admin/articles/{await SampleArticleAsync()}");
                await page.GetByRole(AriaRole.Link, new() { Name = "与上一版比较" }).First.ClickAsync();
                await page.WaitForURLAsync("**/compare?**");
                break;
            case "审核已发布文章的修改":
                await page.GotoAsync($"/admin/articles/{await PendingChangeAsync()}");
                await page.GetByRole(AriaRole.Heading, new() { Name = "与线上版本的比较" }).WaitForAsync();
                break;
            case "审核时逐条确认严重问题":
                await page.GotoAsync($"/admin/articles/{await SeriousFindingsInReviewAsync()}");
                await page.GetByRole(AriaRole.Group, new() { Name = "逐条确认严重问题" }).WaitForAsync();
                break;
            case "敏感词名单":
                await page.GotoAsync("/admin/checks/sensitive");
                break;
            case "易错词名单":
                await page.GotoAsync("/admin/checks/mistakes");
                break;
            case "领导姓名与职务名单":
                await page.GotoAsync("/admin/checks/people");
                break;
            case "修改检查名单条目":
                var term = await site.App.WithDbAsync(db => db.Set<LnUnion.Portal.Checks.CheckTerm>().OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
                await page.GotoAsync($"/admin/checks/terms/{term}/edit");
                break;
            case "全站扫描":
                await page.GotoAsync("/admin/scan");
                break;
            case "网站自查":
                await page.GotoAsync("/admin/inspection");
                break;
            case "页面列表":
                await page.GotoAsync("/admin/pages");
                break;
            case "专题管理列表":
                await TopicAsync();
                await page.GotoAsync("/admin/topics");
                break;
            case "新建专题":
                await page.GotoAsync("/admin/topics/new");
                break;
            case "修改专题（含文章和查找结果）":
                var topicSlug = await TopicAsync();
                var topicId = await site.App.WithDbAsync(db => db.Topics.Where(t => t.Slug == topicSlug).Select(t => t.Id).SingleAsync());
                await page.GotoAsync($"/admin/topics/{topicId}/edit?q=" + Uri.EscapeDataString("无障碍"));
                break;
            case "页面详情":
                await page.GotoAsync($"/admin/pages/{await PageIdAsync(PageSlugs.About)}");
                break;
            case "修改页面":
                await page.GotoAsync($"/admin/pages/{await PageIdAsync(PageSlugs.About)}/edit");
                await EditorLoadedAsync(page);
                break;
            case "文件库":
                await page.GotoAsync("/admin/media");
                await UploadImageAsync(page);
                break;
            case "网站设置":
                await page.GotoAsync("/admin/settings");
                break;
            case "新增服务平台":
                await page.GotoAsync("/admin/settings/accounts/new");
                break;
            case "修改服务平台":
                var account = await site.App.WithDbAsync(db => db.ServiceAccounts.OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
                await page.GotoAsync($"/admin/settings/accounts/{account}/edit");
                break;
            case "职工服务列表":
                await page.GotoAsync("/admin/services");
                break;
            case "修改职工服务":
                var service = await site.App.WithDbAsync(db => db.WorkerServices.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync());
                await page.GotoAsync($"/admin/services/{service}/edit");
                break;
            case "新增职工服务（链接有误时保存）":
                await page.GotoAsync("/admin/services/new");
                await page.GetByLabel("服务名称").FillAsync("无障碍检查");
                await page.GetByLabel("外部服务网址（https）").CheckAsync();
                await page.GetByLabel("地址或号码").FillAsync("http://example.cn/");
                await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
                await page.Locator(".alert-danger").WaitForAsync();
                break;
            case "修改友情链接":
                await page.GotoAsync($"/admin/settings/links/{await FriendlyLinkAsync()}/edit");
                break;
            case "节假日安排":
                await page.GotoAsync("/admin/calendar?year=2026&from=2026-09-18&days=5");
                break;
            case "修改节假日":
                await page.GotoAsync("/admin/calendar/days/2026-10-01/edit");
                break;
            case "机构与领导":
                await WithOrganisationAsync(string.Empty);
                await page.GotoAsync("/admin/organisation");
                break;
            case "修改机构（有修订记录）":
                await WithOrganisationAsync(string.Empty);
                var unit = await site.App.WithDbAsync(db => db.OrganisationUnits.OrderBy(u => u.Id).Select(u => u.Id).FirstAsync());
                await page.GotoAsync($"/admin/organisation/units/{unit}/edit");
                break;
            case "修改领导信息":
                await WithOrganisationAsync(string.Empty);
                var leader = await site.App.WithDbAsync(db => db.Leaders.OrderBy(l => l.Id).Select(l => l.Id).FirstAsync());
                await page.GotoAsync($"/admin/organisation/leaders/{leader}/edit");
                break;
            case "栏目列表":
                await page.GotoAsync("/admin/channels");
                break;
            case "新增栏目":
                await page.GotoAsync("/admin/channels/new");
                break;
            case "修改栏目":
                var channel = await site.App.WithDbAsync(db => db.Channels.Where(c => c.Slug == ChannelSlugs.Inspection).Select(c => c.Id).SingleAsync());
                await page.GotoAsync($"/admin/channels/{channel}/edit");
                break;
            case "用户列表":
                await page.GotoAsync("/admin/users");
                break;
            case "新建用户":
                await page.GotoAsync("/admin/users/new");
                break;
            case "修改用户":
                var editor = await site.App.CreateStaffAsync(Roles.Editor);
                await page.GotoAsync($"/admin/users/{editor.Id}");
                break;
            case "新用户的初始密码":
                await page.GotoAsync("/admin/users/new");
                await page.Locator("#Email").FillAsync($"new-{Guid.NewGuid():N}@test.example.cn");
                await page.Locator("#DisplayName").FillAsync("新编辑");
                await page.GetByRole(AriaRole.Button, new() { Name = "创建账号" }).ClickAsync();
                await page.WaitForURLAsync("**/admin/users/new");
                break;
            case "操作日志":
                await page.GotoAsync("/admin/audit");
                break;
            case "信件办理":
                await AcceptedLetterAsync();
                await page.GotoAsync("/admin/letters");
                break;
            case "信件详情":
                await page.GotoAsync($"/admin/letters/{await AcceptedLetterAsync()}");
                break;
            case "承办部门":
                await AcceptedLetterAsync();
                await page.GotoAsync("/admin/letters/departments");
                break;
            case "信件类型":
                await page.GotoAsync("/admin/letters/types");
                break;
            case "修改信件类型":
                var type = await site.App.WithDbAsync(db => db.LetterTypes.OrderBy(t => t.Id).Select(t => t.Id).FirstAsync());
                await page.GotoAsync($"/admin/letters/types/{type}/edit");
                break;
            case "修改密码":
                await page.GotoAsync("/admin/account/password");
                break;
            case "修改密码（未填写时提交）":
                await page.GotoAsync("/admin/account/password");
                await page.Locator("main button[type=submit]").ClickAsync();
                await page.Locator(".validation-summary-errors, [role=alert]").First.WaitForAsync();
                break;
            case "两步验证设置":
                await page.GotoAsync("/admin/account/two-factor");
                break;
            case "管理区 404 页":
                await page.GotoAsync("/admin/no-such-page");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pageName), pageName, null);
        }

        return page;
    }

    /// <summary>The body editor has started in its visual mode, with the text rendered and editable.</summary>
    private static Task EditorLoadedAsync(IPage page) => page.Locator(".md-visual-surface[contenteditable='true']").First.WaitForAsync();

    private static async Task UploadImageAsync(IPage page)
    {
        await page.Locator("#files").SetInputFilesAsync(new FilePayload { Name = "无障碍检查.png", MimeType = "image/png", Buffer = Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "上传", Exact = true }).ClickAsync();
        await page.Locator("main table tbody tr").First.WaitForAsync();
    }

    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private const string SampleTitle = "无障碍检查用的示例文章";

    private const string SampleBody = """
        第一段正文，有一个[站内链接](/about)和一个[站外链接](https://www.acftu.org/)。

        ## 小标题

        - 列表第一项
        - 列表第二项

        1. 第一步
        2. 第二步

        > 引用的一段话。

        | 项目 | 数量 |
        | --- | --- |
        | 职工之家 | 12 |
        | 工间休息站 | 30 |

        最后一段，有**加粗**和`代码`。
        """;

    /// <summary>An article with most of what an editor writes (lists, a table, a quotation, links) and two revisions to compare.</summary>
    private Task<int> SampleArticleAsync() => ArticleAsync(SampleTitle, article =>
    {
        article.BodyMarkdown = SampleBody;
        article.Summary = "示例摘要。";
        article.Source = "辽宁省总工会";
        article.Author = "宣教部";
        article.Revisions.Add(new ArticleRevision { Title = SampleTitle, BodyMarkdown = "初稿。", CreatedAt = PortalApplication.LongAgo, Note = "初稿" });
        article.Revisions.Add(new ArticleRevision { Title = SampleTitle, BodyMarkdown = SampleBody, CreatedAt = PortalApplication.LongAgo.AddHours(1), Note = "修改" });
    });

    /// <summary>A published article whose change of author, summary and body waits for review: the comparison shows.</summary>
    private async Task<int> PendingChangeAsync()
    {
        var id = await ArticleAsync("无障碍检查用的待审修改", article =>
        {
            article.Author = "宣教部";
            article.Source = "辽宁省总工会";
            article.BodyMarkdown = "会议于3月5日召开。";
        });
        if (await site.App.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.PendingRevisionId).SingleAsync()) is null)
        {
            await site.App.AddPendingChangeAsync(id, new ArticleRevision
            {
                Title = "无障碍检查用的待审修改",
                Summary = "修改后的摘要。",
                BodyMarkdown = "会议于3月6日召开。",
                Author = "办公室",
                Source = "辽宁省总工会",
                CreatedAt = PortalApplication.LongAgo,
                Note = "修改",
            });
        }

        return id;
    }

    /// <summary>An article at its last review level with an unmasked ID number and mobile number: the review form asks for a reason for each.</summary>
    private Task<int> SeriousFindingsInReviewAsync() => ArticleAsync("无障碍检查用的待审文章", article =>
    {
        article.Status = ArticleStatus.InReview;
        article.PublishAt = null;
        article.SubmittedAt = DateTime.UtcNow.AddDays(-1);
        article.BodyMarkdown = "报名联系人身份证号 11010519491231002X，手机 13912345678。";
    });

    /// <summary>
    /// An inspection notice with every field, so the whole box and its status badge show. Its acceptance period has
    /// ended, which keeps it off the home page (and out of the README's screenshot of it) whichever test runs first.
    /// </summary>
    private Task<int> InspectionNoticeAsync() => ArticleAsync("无障碍检查用的巡视公告", article =>
    {
        var today = site.App.Today;
        article.Inspection = new InspectionDetails
        {
            Team = "省委第一巡视组",
            AcceptFrom = today.AddDays(-60),
            AcceptTo = today.AddDays(-30),
            Hotline = "024-12345678",
            PostalBox = "沈阳市A001号信箱",
            Email = "xunshi@example.gov.cn",
        };
    }, ChannelSlugs.Inspection);

    /// <summary>A 公示 with every field whose period has not begun, so the box shows its 未开始 badge.</summary>
    private Task<int> PublicityNoticeAsync() => ArticleAsync("无障碍检查用的公示", article =>
    {
        var today = site.App.Today;
        article.Kind = ArticleKind.Publicity;
        article.Publicity = new PublicityDetails
        {
            From = today.AddDays(30),
            To = today.AddDays(37),
            ObjectionAddress = "沈阳市沈河区北站路118号",
            ObjectionPerson = "组织部",
            ObjectionPhone = "024-22581001",
            ObjectionEmail = "gongshi@example.gov.cn",
        };
    }, ChannelSlugs.Notices);

    /// <summary>A current topic with an introduction and one article, whose slug is returned; an archived one beside it fills 往期专题.</summary>
    private async Task<string> TopicAsync()
    {
        const string Slug = "a11y-topic";
        var article = await ArticleAsync("无障碍检查用的专题文章", _ => { });
        await site.App.WithDbAsync(async db =>
        {
            if (await db.Topics.AnyAsync(t => t.Slug == Slug))
            {
                return;
            }

            var today = site.App.Today;
            var topic = new LnUnion.Portal.Topics.Topic
            {
                Slug = Slug,
                Title = "无障碍检查用的专题",
                BodyMarkdown = "专题介绍的**正文**。",
                StartsOn = today.AddDays(-10),
                EndsOn = today.AddDays(10),
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            };
            topic.Articles.Add(new LnUnion.Portal.Topics.TopicArticle { ArticleId = article, AddedAt = DateTime.UtcNow });
            db.Topics.Add(topic);
            db.Topics.Add(new LnUnion.Portal.Topics.Topic
            {
                Slug = Slug + "-past",
                Title = "无障碍检查用的往期专题",
                BodyMarkdown = "往期专题的介绍。",
                StartsOn = today.AddDays(-60),
                EndsOn = today.AddDays(-30),
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        await site.App.Services.GetRequiredService<PublicCache>().ChangedAsync(new LnUnion.Portal.Publishing.ContentChangeSet(new HashSet<int>(), new HashSet<string>(), new HashSet<string>(), false) { Topics = true });
        return Slug;
    }

    private async Task<string> TopicListAsync()
    {
        await TopicAsync();
        return "/topics";
    }

    private async Task<int> ArticleAsync(string title, Action<Article> configure, string channel = ChannelSlugs.News)
    {
        var existing = await site.App.WithDbAsync(db => db.Articles.Where(a => a.Title == title).Select(a => (int?)a.Id).FirstOrDefaultAsync());
        return existing ?? await site.App.AddArticleAsync(channel, title, configure);
    }

    private Task<int> PageIdAsync(string slug) => site.App.WithDbAsync(db => db.Pages.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync());

    private async Task<int> FriendlyLinkAsync()
    {
        var id = await site.App.WithDbAsync(async db =>
        {
            if (await db.FriendlyLinks.OrderBy(l => l.Id).FirstOrDefaultAsync() is { } link)
            {
                return link.Id;
            }

            var added = new FriendlyLink { Name = "中华全国总工会", Url = "https://www.acftu.org/", SortOrder = 1 };
            db.FriendlyLinks.Add(added);
            await db.SaveChangesAsync();
            return added.Id;
        });
        await site.App.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
        return id;
    }

    /// <summary>The axe-core build the Deque package ships, read once.</summary>
    private static readonly Lazy<string> AxeSource = new(() => new BundledAxeScriptProvider().GetScript());

    /// <summary>
    /// Runs axe-core on the page as it is now, with its default rules or only <paramref name="rules"/>, and describes
    /// each violation for a developer to fix: rule, impact, help and the selector of every element with what is wrong
    /// with it. Empty when there are none. Only violations are asked for: collecting every pass costs time.
    /// axe is put into the page once per document and run there with <c>axe.run</c>: the package's own
    /// <c>RunAxe</c> puts its half-megabyte script in again on every run and finishes each run in a new blank page
    /// (its way through cross-origin frames, which our pages do not have), a second of each of the 230 runs.
    /// </summary>
    private static async Task<List<string>> ViolationsAsync(IPage page, string what, string[]? rules = null)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            await page.EvaluateAsync($"() => {{ {AxeSource.Value} }}");
        }

        var violations = await page.EvaluateAsync<JsonElement>(
            """
            async rules => {
                const options = { resultTypes: ['violations'] };
                if (rules) options.runOnly = { type: 'rule', values: rules };
                return (await axe.run(document, options)).violations;
            }
            """,
            rules);
        if (violations.GetArrayLength() == 0)
        {
            return [];
        }

        var text = new StringBuilder($"axe-core found {violations.GetArrayLength()} violation(s) on {what} ({page.Url}):");
        foreach (var violation in violations.EnumerateArray())
        {
            text.AppendLine().Append("- ").Append(violation.GetProperty("id").GetString()).Append(" (").Append(violation.GetProperty("impact").GetString())
                .Append("): ").Append(violation.GetProperty("help").GetString()).Append(' ').Append(violation.GetProperty("helpUrl").GetString());
            foreach (var node in violation.GetProperty("nodes").EnumerateArray())
            {
                var checks = new[] { "any", "all", "none" }
                    .SelectMany(kind => node.GetProperty(kind).EnumerateArray())
                    .Select(check => check.GetProperty("message").GetString())
                    .Distinct();
                text.AppendLine().Append("    ").Append(node.GetProperty("target").ToString()).Append(": ").Append(string.Join("; ", checks));
            }
        }

        return [text.ToString()];
    }
}
