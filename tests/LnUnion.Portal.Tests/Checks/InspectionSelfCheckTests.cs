using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests.Checks;

/// <summary>
/// 网站自查 on a node whose clock stands a year and more ahead, so every article other tests added is old, and the
/// test's own articles are dated against that clock.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class InspectionSelfCheckTests(PortalApplication app)
{
    private static readonly DateTime Now = DateTime.UtcNow.Date.AddDays(500).AddHours(3);

    [Fact]
    public async Task ChannelsAreStaleByTheLimitOfTheirKindAndAStaticChannelNever()
    {
        await using var node = Node();
        await AddChannelWithArticleAsync("insp-news-stale", ChannelKind.News, daysAgo: 15);
        await AddChannelWithArticleAsync("insp-news-fresh", ChannelKind.News, daysAgo: 13);
        await AddChannelWithArticleAsync("insp-notice-fresh", ChannelKind.Notices, daysAgo: 150);
        await AddChannelWithArticleAsync("insp-notice-stale", ChannelKind.Notices, daysAgo: 200);
        await AddChannelWithArticleAsync("insp-static", ChannelKind.Static, daysAgo: 400);
        using var staff = await node.SignInAsNewAsync(Roles.Staff);

        var row = Row(await staff.GetPageAsync("/admin/inspection"), "栏目更新");

        PublicHtml.AssertElement(row, "td", "单项否决");
        Assert.Contains("不合格", row, StringComparison.Ordinal);
        PublicHtml.AssertElement(row, "a", "测试栏目insp-news-stale（动态/要闻）：15 天未更新，期限 14 天", "href=/insp-news-stale");
        PublicHtml.AssertElement(row, "a", "测试栏目insp-notice-stale（通知公告/文件）：200 天未更新，期限 183 天", "href=/insp-notice-stale");
        Assert.DoesNotContain("insp-news-fresh", row, StringComparison.Ordinal);
        Assert.DoesNotContain("insp-notice-fresh", row, StringComparison.Ordinal);
        Assert.DoesNotContain("insp-static", row, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHomePageNotChangedForTwoWeeksIsAVetoItemAndTheReportSaysWhenItWasComputed()
    {
        await using var node = Node();
        var old = await app.AddArticleAsync(ChannelSlugs.News, "二十天前的要闻", a => a.PublishAt = Now.AddDays(-20));
        using var staff = await node.SignInAsNewAsync(Roles.Staff);

        var stale = await staff.GetPageAsync("/admin/inspection");
        var recent = await app.AddArticleAsync(ChannelSlugs.Notices, "两天前的通知", a => a.PublishAt = Now.AddDays(-2));
        var fresh = await staff.GetPageAsync("/admin/inspection");

        Assert.Contains($"首页距上次更新 20 天（{ChinaTime.Date(Now.AddDays(-20))}），期限 14 天。", Row(stale, "首页更新"), StringComparison.Ordinal);
        Assert.Contains("不合格", Row(stale, "首页更新"), StringComparison.Ordinal);
        Assert.Contains("首页距上次更新 2 天", Row(fresh, "首页更新"), StringComparison.Ordinal);
        Assert.DoesNotContain("不合格", Row(fresh, "首页更新"), StringComparison.Ordinal);
        Assert.Contains($"计算时间：<time datetime=\"{ChinaTime.IsoUtc(Now)}\">{ChinaTime.DateAndTime(Now)}</time>", fresh, StringComparison.Ordinal);
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == old || a.Id == recent).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task FiveEmptyChannelsAreAVetoItemAndFewerAreNot()
    {
        await using var node = Node();
        for (var i = 0; i < 5; i++)
        {
            await app.AddChannelAsync($"insp-empty-{i}");
        }

        var empty = await app.WithDbAsync(db => db.Channels.CountAsync(c => !db.Articles.VisibleToPublic(Now).Any(a => a.ChannelId == c.Id)));
        using var staff = await node.SignInAsNewAsync(Roles.Staff);
        var row = Row(await staff.GetPageAsync("/admin/inspection"), "空白栏目");
        await using var lenient = Node(("Inspection:EmptyChannelsVeto", (empty + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var staffOfLenient = await lenient.SignInAsNewAsync(Roles.Staff);
        var lenientRow = Row(await staffOfLenient.GetPageAsync("/admin/inspection"), "空白栏目");

        Assert.Contains($"{empty} 个栏目没有公开的文章（达到 5 个即单项否决）。", row, StringComparison.Ordinal);
        PublicHtml.AssertElement(row, "a", "测试栏目insp-empty-4", "href=/insp-empty-4");
        Assert.Contains("不合格", row, StringComparison.Ordinal);
        Assert.Contains($"{empty} 个栏目没有公开的文章（达到 {empty + 1} 个即单项否决）。", lenientRow, StringComparison.Ordinal);
        Assert.DoesNotContain("不合格", lenientRow, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenFindingsBySeverityAndDeadLinksAreCountedAndTheDashboardSumsItUp()
    {
        await using var node = Node();
        var article = await app.AddArticleAsync(ChannelSlugs.News, "有问题的文章", a => a.PublishAt = Now.AddDays(-1));
        await app.WithDbAsync(async db =>
        {
            await db.ScanFindings.ExecuteDeleteAsync();
            ScanFinding Finding(string kind, FindingSeverity severity, FindingStatus status) => new()
            {
                ArticleId = article, Kind = kind, Severity = severity, Status = status, Place = "正文", Found = kind, Message = "测试",
                FirstSeenAt = Now, LastSeenAt = Now,
            };
            db.ScanFindings.AddRange(
                Finding("sensitive-word", FindingSeverity.Serious, FindingStatus.Open),
                Finding(LinkKinds.ExternalLink, FindingSeverity.Warning, FindingStatus.Open),
                Finding(LinkKinds.InternalLink, FindingSeverity.Warning, FindingStatus.Open),
                Finding("heading-level", FindingSeverity.Notice, FindingStatus.Open),
                Finding(LinkKinds.MissingFile, FindingSeverity.Warning, FindingStatus.Ignored),
                Finding("id-number", FindingSeverity.Serious, FindingStatus.Fixed));
            await db.SaveChangesAsync();
        });
        using var staff = await node.SignInAsNewAsync(Roles.Staff);

        var html = await staff.GetPageAsync("/admin/inspection");
        var dashboard = await staff.GetPageAsync("/admin");

        Assert.Contains("全站扫描有 1 个待处理的严重问题。", Row(html, "严重问题（全站扫描）"), StringComparison.Ordinal);
        PublicHtml.AssertElement(Row(html, "严重问题（全站扫描）"), "td", "单项否决");
        Assert.Contains("待处理：警告 2 个，提示 1 个。", Row(html, "一般问题（全站扫描）"), StringComparison.Ordinal);
        PublicHtml.AssertElement(Row(html, "一般问题（全站扫描）"), "td", "扣分");
        var links = Row(html, "链接和附件可用性");
        Assert.Contains("2 个链接或附件打不开。", links, StringComparison.Ordinal);
        Assert.Contains("站内链接打不开：1 个", links, StringComparison.Ordinal);
        Assert.Contains("外部链接打不开：1 个", links, StringComparison.Ordinal);
        Assert.DoesNotContain("文件丢失", links, StringComparison.Ordinal);
        Assert.Matches("<span class=\"badge stale\">\\d+ 项单项否决指标不合格</span><span>，\\d+ 项扣分指标不合格：</span>[^<]*严重问题（全站扫描）", dashboard);
        PublicHtml.AssertElement(dashboard, "a", "查看网站自查详情", "href=/admin/inspection");
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == article).ExecuteDeleteAsync());
    }

    /// <summary>A second node on the shared database with the clock at <see cref="Now"/>, standing still.</summary>
    private WebApplicationFactory<Program> Node(params (string Key, string Value)[] settings) =>
        app.WithWebHostBuilder(builder =>
        {
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(new DateTimeOffset(Now))));
        });

    private async Task AddChannelWithArticleAsync(string slug, ChannelKind kind, int daysAgo)
    {
        await app.AddChannelAsync(slug);
        await app.WithDbAsync(db => db.Channels.Where(c => c.Slug == slug).ExecuteUpdateAsync(s => s.SetProperty(c => c.Kind, kind)));
        await app.AddArticleAsync(slug, $"{slug}的文章", a => a.PublishAt = Now.AddDays(-daysAgo));
    }

    /// <summary>The table row of one indicator.</summary>
    /// <summary>The table row headed <paramref name="title"/>, in a table of its own, so it reads as the page's row does.</summary>
    private static string Row(string html, string title)
    {
        var row = PublicHtml.All(html, "tr").FirstOrDefault(tr => tr.QuerySelector("th[scope=row]")?.TextContent == title);
        Assert.True(row is not null, $"No line {title} on the page.");
        return $"<table>{row.OuterHtml}</table>";
    }
}
