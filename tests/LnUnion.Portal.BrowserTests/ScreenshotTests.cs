using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>The pictures of the site in docs/screenshots, taken from the real pages on every run.</summary>
[Collection(BrowserTests.Name)]
public sealed class ScreenshotTests(BrowserFixture site)
{
    /// <summary>Titles of the kind the federation publishes, so the home page looks as it does in use.</summary>
    private static readonly string[] News =
    [
        "省总工会召开全省工会系统深化产业工人队伍建设改革推进会",
        "全省职工职业技能大赛决赛在沈阳开幕",
        "省总工会开展“送温暖”活动 走访慰问困难职工和一线劳动者",
        "辽宁省劳动模范和先进工作者事迹报告会举行",
        "省总工会部署开展新就业形态劳动者入会集中行动",
        "全省工会户外劳动者服务站点建设工作现场会在大连召开",
        "省总工会启动年度职工疗休养工作",
        "全省工会法律援助服务月活动启动 为职工提供免费法律咨询",
    ];

    private static readonly string[] Notices =
    [
        "关于开展辽宁省五一劳动奖评选推荐工作的通知",
        "关于举办全省工会财务干部业务培训班的通知",
        "关于做好元旦春节期间困难职工帮扶工作的通知",
        "关于征集全省职工技术创新成果的通知",
        "关于开展全省职工书屋示范点申报工作的通知",
    ];

    [Fact]
    public async Task ScreenshotsShowTheHomePageAndAnArticleAsReadersSeeThem()
    {
        await AddRecentArticlesAsync();

        var desktop = await site.NewPageAsync(BrowserFixture.Desktop);
        await desktop.GotoAsync("/");
        await AssertLooksFinishedAsync(desktop);
        await Expect(desktop.Locator("#news-title + .article-list li")).ToHaveCountAsync(News.Length);
        await Expect(desktop.Locator("#news-title + .article-list")).ToContainTextAsync(News[0]);
        // The navigation lines up with the header and content above and below it, not with the window's edge.
        var header = await desktop.Locator(".site-header > .wrap").BoundingBoxAsync();
        var navigation = await desktop.Locator(".site-nav ul").BoundingBoxAsync();
        Assert.Equal(header!.X, navigation!.X);
        await Screenshots.SaveAsync(desktop, "home-desktop");

        var articleId = await site.App.WithDbAsync(db => db.Articles.Where(a => a.Title == SeedContent.CampaignTitle).Select(a => a.Id).SingleAsync());
        await desktop.GotoAsync($"/articles/{articleId}");
        await AssertLooksFinishedAsync(desktop);
        await Expect(desktop.Locator("main h1")).ToHaveTextAsync(SeedContent.CampaignTitle);
        await Screenshots.SaveAsync(desktop, "article");

        var phone = await site.NewPageAsync(BrowserFixture.Phone);
        await phone.GotoAsync("/");
        await AssertLooksFinishedAsync(phone);
        await Screenshots.SaveAsync(phone, "home-phone");

        site.AssertNothingUnexpected(desktop);
        site.AssertNothingUnexpected(phone);
        await desktop.Context.CloseAsync();
        await phone.Context.CloseAsync();
    }

    private async Task AddRecentArticlesAsync()
    {
        var now = DateTime.UtcNow;
        for (var i = 0; i < News.Length; i++)
        {
            var published = now.AddDays(-i).AddHours(-i);
            await site.App.AddArticleAsync(ChannelSlugs.News, News[i], a => Recent(a, published));
        }

        for (var i = 0; i < Notices.Length; i++)
        {
            var published = now.AddDays(-2 * i).AddHours(-3);
            await site.App.AddArticleAsync(ChannelSlugs.Notices, Notices[i], a => Recent(a, published));
        }
    }

    private static void Recent(Article article, DateTime published)
    {
        article.PublishAt = published;
        article.CreatedAt = published;
        article.UpdatedAt = published;
        article.Source = "辽宁省总工会";
    }

    /// <summary>The stylesheet applied, fonts loaded and the 长者模式 bar shown by the script, so the picture is the real look.</summary>
    private static async Task AssertLooksFinishedAsync(IPage page)
    {
        await Expect(page.Locator(".site-header")).ToHaveCSSAsync("background-color", "rgb(163, 20, 27)");
        await Expect(page.Locator("#a11y-bar")).ToBeVisibleAsync();
        await page.EvaluateAsync("() => document.fonts.ready");
    }
}
