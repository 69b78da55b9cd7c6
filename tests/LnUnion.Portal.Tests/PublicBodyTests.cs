using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests;

/// <summary>What a public body's site shows around its content: the date, 更多, 职工服务, 职工信箱, 网站地图 and the footer's filings.</summary>
[Collection(PortalTests.Name)]
public sealed class PublicBodyTests(PortalApplication app)
{
    private readonly HttpClient _client = app.CreatePublicClient();

    [Fact]
    public async Task EveryHomePanelWithAChannelEndsWithAMoreLinkToIt()
    {
        var home = await GetDocumentAsync("/");

        var panels = home.QuerySelectorAll("section.panel").Where(p => p.QuerySelector("a.more") is not null).ToList();
        Assert.Equal(["/news", "/notices", "/inspection", "/campaigns", "/services"], panels.Select(p => p.QuerySelector("a.more")!.GetAttribute("href")));
        foreach (var panel in panels)
        {
            Assert.Equal(panel.QuerySelector("h2 a")!.GetAttribute("href"), panel.QuerySelector("a.more")!.GetAttribute("href"));
            Assert.Equal("更多" + panel.QuerySelector("h2")!.TextContent.Trim(), panel.QuerySelector("a.more")!.TextContent.Trim());
        }
    }

    [Fact]
    public async Task NoticeTitlesOnTheHomePageAreLinksWithTheirDates()
    {
        var title = "首页通知标题链接" + Guid.NewGuid().ToString("N")[..6];
        var id = await app.AddArticleAsync(ChannelSlugs.Notices, title, a => a.PublishAt = app.UtcNow.AddMinutes(-1));

        var home = await GetDocumentAsync("/");

        var item = home.QuerySelectorAll("#notices-title ~ ul li").Single(li => li.TextContent.Contains(title, StringComparison.Ordinal));
        var link = item.QuerySelectorAll("a")[0];
        Assert.Equal((title, $"/articles/{id}"), (link.TextContent, link.GetAttribute("href")));
        Assert.Null(link.GetAttribute("tabindex"));
        Assert.Equal(ChinaTime.Date(app.UtcNow.AddMinutes(-1)), item.QuerySelector("time")!.TextContent);
        // The federation's [详情] stays for the eye, out of the keyboard's and screen reader's way: one stop per notice.
        var detail = item.QuerySelector("a.detail")!;
        Assert.Equal(("[详情]", "-1", "true"), (detail.TextContent, detail.GetAttribute("tabindex"), detail.GetAttribute("aria-hidden")));
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync());
        await app.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, ChannelSlugs.Notices);
    }

    [Fact]
    public async Task TheHomePageLeadsToTheMailboxAndTheSeededServices()
    {
        var home = await GetDocumentAsync("/");

        var mailbox = home.QuerySelector("#mailbox-title")!.ParentElement!;
        Assert.Contains(mailbox.QuerySelectorAll("a"), a => a.GetAttribute("href") == "/mailbox" && a.TextContent == "我要写信");
        Assert.Contains(home.QuerySelectorAll(".site-nav a"), a => a.GetAttribute("href") == "/mailbox");
        var services = home.QuerySelector("#services-title")!.ParentElement!.QuerySelectorAll(".service-list li").Select(li => li.TextContent).ToList();
        Assert.Contains(services, s => s.Contains(ServicesSeed.HotlineName, StringComparison.Ordinal));
        Assert.Contains(services, s => s.Contains(SeedContent.MiniProgramName, StringComparison.Ordinal));
        Assert.Contains(services, s => s.Contains(SeedContent.EmploymentAccountName, StringComparison.Ordinal));
        Assert.Contains(home.QuerySelectorAll(".service-list a"), a => a.GetAttribute("href") == "tel:12351" && a.TextContent == ServicesSeed.HotlineName);
    }

    [Theory]
    [InlineData("/services")]
    [InlineData("/zh-hant/services")]
    public async Task TheServicesPageListsTheServicesAndTheMailboxInEitherScript(string path)
    {
        var page = await GetDocumentAsync(path);

        Assert.Equal(path.StartsWith("/zh-hant", StringComparison.Ordinal) ? "職工服務" : "职工服务", page.QuerySelector("main h1")!.TextContent);
        Assert.Equal(3, page.QuerySelectorAll("main .service-list li").Length);
        Assert.All(page.QuerySelectorAll("main .service-list svg"), svg => Assert.Equal("true", svg.GetAttribute("aria-hidden")));
        Assert.Contains(page.QuerySelectorAll("main a"), a => a.GetAttribute("href") is "/mailbox" or "/zh-hant/mailbox");
    }

    [Theory]
    [InlineData("/sitemap")]
    [InlineData("/zh-hant/sitemap")]
    public async Task TheSiteMapListsTheChannelsPagesAndServicesAndEveryPageLinksToIt(string path)
    {
        var prefix = path.StartsWith("/zh-hant", StringComparison.Ordinal) ? "/zh-hant" : string.Empty;
        var page = await GetDocumentAsync(path);

        var links = page.QuerySelectorAll("main .sitemap a").Select(a => a.GetAttribute("href")).ToList();
        foreach (var expected in new[] { "/news", "/notices", "/inspection", "/campaigns", "/about", "/about/responsibilities", "/about/organisation", "/about/leaders", "/contact", "/services", "/mailbox", "/mailbox/statistics", "/search" })
        {
            Assert.Contains(prefix + expected, links);
        }

        Assert.Contains(page.QuerySelectorAll("footer a"), a => a.GetAttribute("href") == prefix + "/sitemap");
        Assert.Contains(page.QuerySelectorAll("footer a"), a => a.GetAttribute("href") == prefix + "/services");
        Assert.Contains(page.QuerySelectorAll("head link[rel=canonical]"), l => l.GetAttribute("href")!.EndsWith(prefix + "/sitemap", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheFooterLinksEachFilingOnlyOnceItIsSet()
    {
        var original = await app.WithDbAsync(db => db.SiteSettings.AsNoTracking().SingleAsync());
        var footer = (await GetDocumentAsync("/contact")).QuerySelector("footer")!;
        Assert.Null(footer.QuerySelector(".filing"));

        try
        {
            await ChangeSettingsAsync(s =>
            {
                s.IcpNumber = "辽ICP备12345678号-1";
                s.PublicSecurityNumber = "辽公网安备21010302000123号";
                s.SiteCode = "2100000001";
                s.GovSiteMarkUrl = "https://bszs.conac.cn/sitename?method=show&id=TEST";
            });

            footer = (await GetDocumentAsync("/contact")).QuerySelector("footer")!;
            var links = footer.QuerySelectorAll(".filing a").Select(a => (a.TextContent.Trim(), a.GetAttribute("href"))).ToList();
            Assert.Equal(
                [
                    ("党政机关网站标识", "https://bszs.conac.cn/sitename?method=show&id=TEST"),
                    ("辽ICP备12345678号-1", "https://beian.miit.gov.cn/"),
                    ("辽公网安备21010302000123号", "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=21010302000123"),
                ],
                links);
            Assert.Contains("网站标识码：2100000001", footer.QuerySelector(".filing")!.TextContent, StringComparison.Ordinal);
            Assert.Empty(footer.QuerySelectorAll("script"));
        }
        finally
        {
            await ChangeSettingsAsync(s => (s.IcpNumber, s.PublicSecurityNumber, s.SiteCode, s.GovSiteMarkUrl) = (original.IcpNumber, original.PublicSecurityNumber, original.SiteCode, original.GovSiteMarkUrl));
        }
    }

    [Fact]
    public async Task TheHomePageStaysWithinTwentyKilobytesOverTheWireBeforeImages()
    {
        // With the 焦点图 full, each slide's title as long as a headline gets, so the bar holds on the heaviest day.
        var slides = await AddFullFocusAreaAsync();
        var home = await GetAsync("/", "br");
        var page = new HtmlParser().ParseDocument(await Decompressed(home));
        var assets = page.QuerySelectorAll("link[rel=stylesheet], script[src]").Select(e => e.GetAttribute("href") ?? e.GetAttribute("src")).ToList();
        Assert.Equal(2, assets.Count);

        long total = (await home.Content.ReadAsByteArrayAsync()).Length;
        foreach (var asset in assets)
        {
            var response = await GetAsync(asset!, "br");
            Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
            total += (await response.Content.ReadAsByteArrayAsync()).Length;
        }

        Assert.True(total <= 20 * 1024, $"The home page takes {total} bytes before images.");
        Assert.Equal(Portal.Focus.FocusImages.Count, page.QuerySelectorAll(".focus-slide").Length);
        await app.WithDbAsync(db => db.Articles.Where(a => slides.Contains(a.Id)).ExecuteDeleteAsync());
        await app.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(slides[0], ChannelSlugs.News);
    }

    private async Task<List<int>> AddFullFocusAreaAsync()
    {
        var cover = await app.WithDbAsync(async db =>
        {
            // A camera-sized cover, so each slide carries its full srcset: the heaviest markup a slide can have.
            var file = new MediaFile { StoredName = $"{Guid.NewGuid():N}.jpg", OriginalName = "封面.jpg", ContentType = "image/jpeg", Sha256 = new string('0', 64), Width = 4000, Height = 2250, HasRenditions = true };
            db.MediaFiles.Add(file);
            await db.SaveChangesAsync();
            return file;
        });
        var ids = new List<int>();
        for (var i = 0; i < Portal.Focus.FocusImages.Count; i++)
        {
            var n = i;
            ids.Add(await app.AddArticleAsync(ChannelSlugs.News, $"省总工会召开全省工会系统深化产业工人队伍建设改革推进会暨劳模工匠人才创新工作室命名大会第{n}场", a =>
            {
                a.ShowInFocus = true;
                a.CoverImageId = cover.Id;
                a.PublishAt = app.UtcNow.AddMinutes(-1 - n);
            }));
        }

        return ids;
    }

    [Fact]
    public async Task TheHeaderShowsTodayInBeijingAndNoCachedPageKeepsYesterdaysDate()
    {
        // A minute before midnight in Beijing (UTC+8).
        var beijingNow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var midnight = new DateTimeOffset(beijingNow.Date.AddDays(1), TimeSpan.FromHours(8));
        await using var site = new PortalApplication { Clock = new FakeTimeProvider(midnight.AddMinutes(-1)) };
        using var client = site.CreatePublicClient();
        var today = DateOnly.FromDateTime(midnight.Date.AddDays(-1));

        // 机构简介 is no page the midnight round evicts: only the date in the cache's key can renew it.
        Assert.Equal(Header(today), await HeaderDateAsync(client, "/about"));
        var cached = await client.GetAsync(new Uri("/about", UriKind.Relative));
        Assert.NotNull(cached.Headers.Age);

        await site.AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Header(today.AddDays(1)), await HeaderDateAsync(client, "/about"));
        Assert.Equal(Header(today.AddDays(1)), await HeaderDateAsync(client, "/zh-hant/about"));
    }

    [Fact]
    public void TheHeaderDateIsWrittenAsChineseReadersWriteIt() =>
        Assert.Equal("2026年12月2日 星期三", ChinaTime.LongDate(new DateOnly(2026, 12, 2)));

    private static (string, string) Header(DateOnly date) =>
        (date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), ChinaTime.LongDate(date));

    private static async Task<(string, string)> HeaderDateAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(new Uri(path, UriKind.Relative));
        var time = new HtmlParser().ParseDocument(html).QuerySelector("header .today time")!;
        return (time.GetAttribute("datetime")!, time.TextContent);
    }

    private async Task ChangeSettingsAsync(Action<SiteSettings> change)
    {
        await app.WithDbAsync(async db =>
        {
            change(await db.SiteSettings.SingleAsync());
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response;
    }

    private static async Task<string> Decompressed(HttpResponseMessage response)
    {
        await using var body = new System.IO.Compression.BrotliStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(body);
        return await reader.ReadToEndAsync();
    }

    private async Task<IDocument> GetDocumentAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }
}
