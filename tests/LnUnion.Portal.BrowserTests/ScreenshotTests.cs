using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SkiaSharp;
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
    public async Task ScreenshotsShowTheHomePageWithItsFocusImagesAndAnArticleAsReadersSeeThem()
    {
        var featured = await AddRecentArticlesAsync();

        try
        {
            var desktop = await site.NewPageAsync(BrowserFixture.Desktop);
            await desktop.GotoAsync("/");
            await AssertLooksFinishedAsync(desktop);
            // The 焦点图 beside 工会要闻, its newest slide first, with the controls site.js shows.
            await Expect(desktop.Locator(".focus-slide:visible")).ToContainTextAsync(News[0]);
            await Expect(desktop.Locator(".focus-controls")).ToBeVisibleAsync();
            await Expect(desktop.Locator(".focus-slide:visible img")).ToHaveJSPropertyAsync("complete", true);
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
            await Expect(phone.Locator(".focus-slide:visible img")).ToHaveJSPropertyAsync("complete", true);
            await Screenshots.SaveAsync(phone, "home-phone");

            site.AssertNothingUnexpected(desktop);
            site.AssertNothingUnexpected(phone);
            await desktop.Context.CloseAsync();
            await phone.Context.CloseAsync();
        }
        finally
        {
            // FocusImageTests count on their own slides alone in the 焦点图.
            await TakeNewsOutOfFocusAsync();
        }
    }

    [Fact]
    public async Task ScreenshotsShowTheWorkerServicesATopicAndAPublicityNotice()
    {
        var phone = await site.NewPageAsync(BrowserFixture.Phone);
        await phone.GotoAsync("/services");
        await AssertLooksFinishedAsync(phone);
        await Expect(phone.Locator("main h1")).ToHaveTextAsync("职工服务");
        await Expect(phone.Locator("main .service-list li").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(phone, "services-phone");

        var desktop = await site.NewPageAsync(BrowserFixture.Desktop);
        await desktop.GotoAsync($"/topics/{await AddTopicAsync()}");
        await AssertLooksFinishedAsync(desktop);
        await Expect(desktop.Locator("main h1")).ToHaveTextAsync(TopicTitle);
        await Expect(desktop.Locator("main .article-list li")).ToHaveCountAsync(TopicArticles.Length);
        await Expect(desktop.Locator(".topic-banner")).ToHaveJSPropertyAsync("complete", true);
        await Screenshots.SaveAsync(desktop, "topic", fullPage: true);

        await desktop.GotoAsync($"/articles/{await AddPublicityNoticeAsync()}");
        await AssertLooksFinishedAsync(desktop);
        await Expect(desktop.Locator("main h1")).ToHaveTextAsync(PublicityTitle);
        await Expect(desktop.Locator(".notice-box")).ToContainTextAsync("公示中");
        await Screenshots.SaveAsync(desktop, "publicity");

        site.AssertNothingUnexpected(phone);
        site.AssertNothingUnexpected(desktop);
        await phone.Context.CloseAsync();
        await desktop.Context.CloseAsync();
    }

    private const string TopicTitle = "深化产业工人队伍建设改革";

    private static readonly string[] TopicArticles =
    [
        "产业工人队伍建设改革推进会在沈阳召开",
        "全省百万职工技能提升行动成效显著",
        "“技能辽宁”职工创新成果展示交流活动举行",
        "新时代辽宁产业工匠人才评选结果揭晓",
    ];

    /// <summary>A current topic with its banner, introduction and articles, dated the days before today; answers its slug.</summary>
    private async Task<string> AddTopicAsync()
    {
        const string Slug = "industrial-workers";
        if (await site.App.WithDbAsync(db => db.Topics.AnyAsync(t => t.Slug == Slug)))
        {
            return Slug;
        }

        var today = DateTime.UtcNow.Date;
        var ids = new List<int>();
        for (var i = 0; i < TopicArticles.Length; i++)
        {
            var published = today.AddDays(-3 * i - 2).AddHours(1);
            ids.Add(await site.App.AddArticleAsync(ChannelSlugs.Campaigns, TopicArticles[i], a => Recent(a, published)));
        }

        await site.App.WithDbAsync(async db =>
        {
            var topic = new LnUnion.Portal.Topics.Topic
            {
                Slug = Slug,
                Title = TopicTitle,
                BodyMarkdown = """
                    深化产业工人队伍建设改革，是党中央着眼于实施制造强国战略、推动高质量发展作出的重大决策部署。各级工会组织要把思想政治引领放在首位，健全技能形成体系，畅通职业发展通道，维护产业工人合法权益。

                    本专题汇集全省工会推进产业工人队伍建设改革的动态、经验做法和先进典型。
                    """,
                BannerImage = StoredPicture(2, 1600, 300),
                StartsOn = site.App.Today.AddDays(-30),
                EndsOn = site.App.Today.AddDays(60),
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            };
            topic.Articles.AddRange(ids.Select(id => new LnUnion.Portal.Topics.TopicArticle { ArticleId = id, AddedAt = DateTime.UtcNow }));
            db.Topics.Add(topic);
            await db.SaveChangesAsync();
        });
        await site.App.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
        return Slug;
    }

    private const string PublicityTitle = "关于拟推荐全国五一劳动奖和全国工人先锋号的公示";

    /// <summary>A 公示 whose period is running, so its box shows 公示中 and where objections go.</summary>
    private async Task<int> AddPublicityNoticeAsync()
    {
        var existing = await site.App.WithDbAsync(db => db.Articles.Where(a => a.Title == PublicityTitle).Select(a => (int?)a.Id).FirstOrDefaultAsync());
        var today = site.App.Today;
        return existing ?? await site.App.AddArticleAsync(ChannelSlugs.Notices, PublicityTitle, article =>
        {
            Recent(article, DateTime.UtcNow.Date.AddHours(1));
            article.Kind = ArticleKind.Publicity;
            article.BodyMarkdown = """
                根据全国总工会有关通知要求，经基层推荐、逐级审核、省总工会研究，拟推荐12个集体为全国五一劳动奖状候选对象，30名个人为全国五一劳动奖章候选人，20个班组为全国工人先锋号候选对象，现予以公示（名单附后）。

                公示期间，任何单位和个人如有异议，可通过来信、来电、电子邮件等方式向省总工会组织部反映。反映问题要实事求是，以单位名义反映的应加盖公章，以个人名义反映的应署实名并提供联系方式。
                """;
            article.Publicity = new PublicityDetails
            {
                From = today.AddDays(-2),
                To = today.AddDays(5),
                ObjectionAddress = "沈阳市沈河区北站路118号",
                ObjectionPerson = "省总工会组织部",
                ObjectionPhone = "024-22581001",
                ObjectionEmail = "gongshi@example.gov.cn",
            };
        });
    }

    private async Task TakeNewsOutOfFocusAsync()
    {
        var titles = InFocus.Select(i => News[i]).ToList();
        await site.App.WithDbAsync(db => db.Articles.Where(a => a.ShowInFocus && titles.Contains(a.Title)).ExecuteUpdateAsync(a => a.SetProperty(x => x.ShowInFocus, false)));
        await site.App.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
    }

    /// <summary>The news with the 焦点图 mark and a cover: the newest, so they lead the home page's slides whatever else a run added.</summary>
    private static readonly int[] InFocus = [0, 2, 3];

    /// <summary>
    /// A cover picture, drawn here as we have no press photos to commit: a sky, a sun and a skyline of works and
    /// chimneys in the federation's colours, one palette per slide.
    /// </summary>
    private static byte[] Picture(int slide, int width, int height)
    {
        (SKColor Sky, SKColor Land)[] palettes = [(new(0x2f, 0x6f, 0xb0), new(0x7c, 0x0f, 0x14)), (new(0xe0, 0x8a, 0x3c), new(0x3a, 0x2a, 0x4a)), (new(0x6a, 0xa8, 0x8c), new(0x1f, 0x3b, 0x5c))];
        var (sky, land) = palettes[slide % palettes.Length];
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { IsAntialias = true })
        {
            paint.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [sky, SKColors.White], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, width, height, paint);
            paint.Shader = null;
            paint.Color = new SKColor(0xf2, 0xb3, 0x00);
            canvas.DrawCircle(width * (0.75f - slide * 0.2f), height * 0.26f, height / 9f, paint);
            var random = new Random(slide);
            paint.Color = land;
            for (var x = 0; x < width; x += 60 + random.Next(60))
            {
                var building = height * (0.17f + random.Next(30) / 100f);
                canvas.DrawRect(x, height - building, 50 + random.Next(50), building, paint);
                if (random.Next(3) == 0)
                {
                    canvas.DrawRect(x + 10, height - building - height / 8f, 16, height / 8f, paint);
                }
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 80);
        return data.ToArray();
    }

    private MediaFile StoredPicture(int slide, int width = 1280, int height = 720)
    {
        var storage = site.App.Services.GetRequiredService<MediaStorage>();
        var bytes = Picture(slide, width, height);
        Directory.CreateDirectory(storage.Root);
        var name = MediaStorage.NewStoredName(".jpg");
        File.WriteAllBytes(storage.PathOf(name)!, bytes);
        return new MediaFile { StoredName = name, OriginalName = "封面.jpg", ContentType = "image/jpeg", Size = bytes.Length, Width = width, Height = height, Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)) };
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
                if (InFocus.Contains(i))
                {
                    a.ShowInFocus = true;
                    a.CoverImage = StoredPicture(Array.IndexOf(InFocus, i));
                }

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
