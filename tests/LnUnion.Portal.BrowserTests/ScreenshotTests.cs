using LnUnion.Portal.Data;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>The pages the pictures in docs/screenshots show, checked on every run and saved when asked (<see cref="Screenshots"/>).</summary>
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
        var featured = await AddRecentArticlesAsync();

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

        await desktop.GotoAsync($"/articles/{featured}");
        await AssertLooksFinishedAsync(desktop);
        await Expect(desktop.Locator("main h1")).ToHaveTextAsync(News[Featured]);
        await Expect(desktop.Locator(".article-body p")).ToHaveCountAsync(4);
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

    /// <summary>The news item the article screenshot shows.</summary>
    private const int Featured = 1;

    private const string FeaturedBody = """
        近日，由省总工会、省人力资源和社会保障厅联合主办的全省职工职业技能大赛决赛在沈阳开幕。来自全省各市和省直有关产业的数百名选手，将在数控车工、焊工、电工、汽车维修工等工种展开角逐。

        开幕式上，省总工会负责同志指出，举办职工职业技能大赛是深化产业工人队伍建设改革的重要举措，是培养选拔高技能人才的重要平台。各级工会要以大赛为契机，广泛开展岗位练兵和技术比武，引导广大职工爱岗敬业、钻研技术，努力成为知识型、技能型、创新型劳动者。

        本次大赛坚持理论考试与实际操作相结合，严格执行国家职业技能标准。决赛各工种成绩优秀的选手，符合条件的将按程序推荐申报辽宁五一劳动奖章，并可按规定晋升相应职业技能等级。

        省总工会有关部门负责人表示，全省各级工会将持续办好职工技能竞赛，完善技能人才培养、使用、评价和激励机制，为辽宁全面振兴新突破提供有力的技能人才支撑。
        """;

    /// <summary>
    /// Adds the news and notices, newest first, and answers the featured article's id. Past the first, each is dated
    /// 09:00 Beijing time on its day, so the article screenshot does not change from one run to the next that day.
    /// </summary>
    private async Task<int> AddRecentArticlesAsync()
    {
        var now = DateTime.UtcNow;
        var featured = 0;
        for (var i = 0; i < News.Length; i++)
        {
            var published = i == 0 ? now : now.Date.AddDays(-i).AddHours(1);
            var id = await site.App.AddArticleAsync(ChannelSlugs.News, News[i], a =>
            {
                Recent(a, published);
                if (i == Featured)
                {
                    a.BodyMarkdown = FeaturedBody;
                }
            });
            featured = i == Featured ? id : featured;
        }

        for (var i = 0; i < Notices.Length; i++)
        {
            var published = now.Date.AddDays(-2 * i - 1).AddHours(1);
            await site.App.AddArticleAsync(ChannelSlugs.Notices, Notices[i], a => Recent(a, published));
        }

        return featured;
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
