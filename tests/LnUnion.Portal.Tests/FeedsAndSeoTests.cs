using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Publishing;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests;

/// <summary>Feeds, the sitemap, robots.txt and each page's metadata: what feed readers and search engines see.</summary>
[Collection(PortalTests.Name)]
public sealed class FeedsAndSeoTests(PortalApplication app)
{
    private const string Origin = "https://www.example.gov.cn";
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemaps = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private readonly HttpClient _client = app.CreatePublicClient();

    [Fact]
    public async Task SiteFeedIsAtomWithAbsoluteLinksNewestFirst()
    {
        var feed = await GetXmlAsync("/feed.xml", "application/atom+xml");

        Assert.Equal(Atom + "feed", feed.Root!.Name);
        Assert.Equal("辽宁省总工会", feed.Root.Element(Atom + "title")?.Value);
        Assert.Equal($"{Origin}/feed.xml", feed.Root.Element(Atom + "id")?.Value);
        Assert.Equal($"{Origin}/feed.xml", feed.Root.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "self").Attribute("href")?.Value);
        Assert.Equal("辽宁省总工会", feed.Root.Element(Atom + "author")?.Element(Atom + "name")?.Value);
        ParseTime(feed.Root.Element(Atom + "updated")?.Value);

        var entries = feed.Root.Elements(Atom + "entry").ToList();
        Assert.InRange(entries.Count, 1, 20);
        Assert.Contains(entries, e => e.Element(Atom + "title")?.Value == SeedContent.CampaignTitle);
        foreach (var entry in entries)
        {
            var id = entry.Element(Atom + "id")?.Value;
            Assert.StartsWith($"{Origin}/articles/", id, StringComparison.Ordinal);
            Assert.Equal(id, entry.Element(Atom + "link")?.Attribute("href")?.Value);
            Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + "title")?.Value));
            Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + "summary")?.Value));
            ParseTime(entry.Element(Atom + "updated")?.Value);
        }

        var published = entries.Select(e => ParseTime(e.Element(Atom + "published")?.Value)).ToList();
        Assert.Equal(published.OrderDescending(), published);
    }

    [Fact]
    public async Task ChannelFeedHasTheLatestTwentyOfItsOwnArticles()
    {
        var channel = await app.AddChannelAsync("feed-twenty");
        for (var i = 1; i <= 22; i++)
        {
            await app.AddArticleAsync(channel, $"订阅测试文章{i:00}", a => a.PublishAt = PortalApplication.LongAgo.AddDays(i));
        }

        var feed = await GetXmlAsync($"/{channel}/feed.xml", "application/atom+xml");

        var titles = feed.Root!.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")?.Value).ToList();
        Assert.Equal(Enumerable.Range(3, 20).Reverse().Select(i => $"订阅测试文章{i:00}"), titles);
        Assert.Equal($"测试栏目{channel} - 辽宁省总工会", feed.Root.Element(Atom + "title")?.Value);
        Assert.Equal($"{Origin}/{channel}", feed.Root.Elements(Atom + "link").Single(l => (string?)l.Attribute("rel") == "alternate").Attribute("href")?.Value);
    }

    [Theory]
    [InlineData("/no-such-channel/feed.xml")]
    [InlineData("/News/feed.xml")]
    [InlineData("/admin/feed.xml")]
    [InlineData("/sitemap-1.xml")]
    [InlineData("/sitemap-99999999999.xml")]
    public async Task FeedsAndSitemapFilesThatDoNotExistAreNotFound(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(HiddenArticles.States), MemberType = typeof(HiddenArticles))]
    public async Task HiddenArticlesNeverAppearInFeedsOrTheSitemap(string state, Action<Article> makeHidden)
    {
        var channel = await app.AddChannelAsync($"feedhide-{Guid.NewGuid():N}"[..20]);
        var visible = await app.AddArticleAsync(channel, $"可以订阅的{state}对照文章");
        // Recent, so it would head the site feed were it visible.
        var hidden = await app.AddArticleAsync(channel, $"不应订阅的{state}文章", a =>
        {
            a.PublishAt = app.UtcNow.AddMinutes(-1);
            makeHidden(a);
        });

        var siteFeed = await GetStringAsync("/feed.xml");
        var channelFeed = await GetStringAsync($"/{channel}/feed.xml");
        var sitemap = await GetStringAsync("/sitemap.xml");

        Assert.DoesNotContain($"不应订阅的{state}文章", siteFeed + channelFeed, StringComparison.Ordinal);
        Assert.DoesNotContain($"/articles/{hidden}<", siteFeed + channelFeed + sitemap, StringComparison.Ordinal);
        Assert.Contains($"可以订阅的{state}对照文章", channelFeed, StringComparison.Ordinal);
        Assert.Contains($"<loc>{Origin}/articles/{visible}</loc>", sitemap, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FeedsAndSitemapAreCachedUntilAnArticleChanges()
    {
        var channel = await app.AddChannelAsync("feed-cache");
        await app.AddArticleAsync(channel, "订阅缓存的第一篇");
        await GetStringAsync($"/{channel}/feed.xml");
        await GetStringAsync("/feed.xml");
        await GetStringAsync("/sitemap.xml");
        var cached = await _client.GetAsync(new Uri("/sitemap.xml", UriKind.Relative));
        Assert.NotNull(cached.Headers.Age);

        var id = await app.WithDbAsync(async db =>
        {
            var article = new Article
            {
                ChannelId = (await db.Channels.SingleAsync(c => c.Slug == channel)).Id,
                Title = "订阅缓存的第二篇",
                BodyMarkdown = "正文。",
                Status = ArticleStatus.Published,
                PublishAt = app.UtcNow.AddMinutes(-1),
            };
            db.Articles.Add(article);
            await db.SaveChangesAsync();
            return article.Id;
        });
        Assert.DoesNotContain("订阅缓存的第二篇", await GetStringAsync($"/{channel}/feed.xml"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/articles/{id}<", await GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);

        await app.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, channel);

        Assert.Contains("订阅缓存的第二篇", await GetStringAsync($"/{channel}/feed.xml"), StringComparison.Ordinal);
        Assert.Contains("订阅缓存的第二篇", await GetStringAsync("/feed.xml"), StringComparison.Ordinal);
        Assert.Contains($"<loc>{Origin}/articles/{id}</loc>", await GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledArticleEntersTheFeedOnTimeWithoutAnyoneTouchingIt()
    {
        await using var site = new PortalApplication { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
        using var client = site.CreatePublicClient();
        var channel = await site.AddChannelAsync("feed-scheduled");
        await site.AddArticleAsync(channel, "订阅中已发布的文章");
        await site.AddArticleAsync(channel, "订阅中定时发布的文章", a => a.PublishAt = site.UtcNow.AddMinutes(5));
        Assert.DoesNotContain("订阅中定时发布的文章", await client.GetStringAsync(new Uri($"/{channel}/feed.xml", UriKind.Relative)), StringComparison.Ordinal);

        // The feed is now in the output cache, which the scheduler alone evicts when the publish time passes.
        await site.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Contains("订阅中定时发布的文章", await client.GetStringAsync(new Uri($"/{channel}/feed.xml", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ControlCharactersInATitleDoNotBreakTheFeed()
    {
        var channel = await app.AddChannelAsync("feed-control");
        await app.AddArticleAsync(channel, "标题里有\u0001控制字符😀与<尖括号>&");

        var feed = await GetXmlAsync($"/{channel}/feed.xml", "application/atom+xml");

        Assert.Equal("标题里有控制字符😀与<尖括号>&", feed.Root!.Element(Atom + "entry")?.Element(Atom + "title")?.Value);
    }

    [Fact]
    public async Task SitemapListsHomeChannelsStandingPagesAndEveryVisibleArticleWithLastmod()
    {
        // Other tests may have written articles straight to the database without evicting.
        await app.Services.GetRequiredService<IOutputCacheStore>().EvictByTagAsync(PublicCache.Sitemap, default);
        var sitemap = await GetXmlAsync("/sitemap.xml", "application/xml");

        Assert.Equal(Sitemaps + "urlset", sitemap.Root!.Name);
        var urls = sitemap.Root.Elements(Sitemaps + "url")
            .ToDictionary(u => u.Element(Sitemaps + "loc")!.Value, u => u.Element(Sitemaps + "lastmod")?.Value);
        foreach (var path in new[] { "/", "/news", "/notices", "/inspection", "/campaigns", "/about", "/about/responsibilities", "/contact", "/accessibility" })
        {
            Assert.True(urls.ContainsKey(Origin + path), path);
        }

        var visible = await app.WithDbAsync(db => db.Articles.VisibleToPublic(app.UtcNow).Select(a => a.Id).ToListAsync());
        var listed = urls.Keys.Where(u => u.StartsWith($"{Origin}/articles/", StringComparison.Ordinal)).ToList();
        Assert.Equal(visible.Order().Select(id => $"{Origin}/articles/{id}"), listed);
        Assert.All(listed, url => ParseTime(urls[url]));
        ParseTime(urls[Origin + "/"]);
        ParseTime(urls[Origin + "/about"]);
    }

    [Fact]
    public async Task SitemapBecomesAnIndexOfFilesPastTheLimitPerFile()
    {
        var visible = await app.WithDbAsync(db => db.Articles.VisibleToPublic(app.UtcNow).Select(a => a.Id).ToListAsync());
        var letters = await app.WithDbAsync(db => MailboxPublication.VisibleToPublic(db.Letters).Select(l => l.Id).ToListAsync());
        var perFile = Math.Max(1, (visible.Count + letters.Count + 2) / 3);
        var files = (visible.Count + letters.Count + perFile - 1) / perFile;
        await using var small = app.WithWebHostBuilder(builder =>
            builder.UseSetting("Site:SitemapArticlesPerFile", perFile.ToString(CultureInfo.InvariantCulture)));
        var client = small.CreateClient();

        var index = XDocument.Parse(await client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)));

        Assert.Equal(Sitemaps + "sitemapindex", index.Root!.Name);
        var locations = index.Root.Elements(Sitemaps + "sitemap").Select(s => s.Element(Sitemaps + "loc")!.Value).ToList();
        Assert.Equal(Enumerable.Range(1, files).Select(n => $"{Origin}/sitemap-{n}.xml"), locations);
        var listed = new List<string>();
        foreach (var location in locations)
        {
            var part = XDocument.Parse(await client.GetStringAsync(new Uri(location[Origin.Length..], UriKind.Relative)));
            var urls = part.Root!.Elements(Sitemaps + "url").Select(u => u.Element(Sitemaps + "loc")!.Value).ToList();
            // Articles and exchanges are cut into files of the size set; the first file also has the fixed addresses
            // (home, channels, standing pages, mailbox and structure pages, topics).
            var cut = urls.Count(u => u.Contains("/articles/", StringComparison.Ordinal) || u.Contains("/mailbox/replies/", StringComparison.Ordinal));
            Assert.True(cut <= perFile, $"{cut} articles and exchanges in a file of {perFile}");
            if (location != locations[0])
            {
                Assert.Equal(cut, urls.Count);
            }

            listed.AddRange(urls);
        }

        Assert.Contains($"{Origin}/about", listed);
        Assert.Equal(visible.Order().Select(id => $"{Origin}/articles/{id}"), listed.Where(u => u.Contains("/articles/", StringComparison.Ordinal)));
        Assert.Equal(letters.Order().Select(id => $"{Origin}/mailbox/replies/{id}"), listed.Where(u => u.Contains("/mailbox/replies/", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/sitemap-{files + 1}.xml", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task RobotsTxtAllowsThePublicKeepsOutOfAdminAndPointsToTheSitemap()
    {
        var response = await _client.GetAsync(new Uri("/robots.txt", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n');
        Assert.Equal("User-agent: *", lines[0]);
        Assert.Contains("Allow: /", lines);
        Assert.Contains("Disallow: /admin", lines);
        Assert.Contains($"Sitemap: {Origin}/sitemap.xml", lines);
    }

    [Theory]
    [InlineData("/feed.xml")]
    [InlineData("/campaigns/feed.xml")]
    [InlineData("/sitemap.xml")]
    public async Task FeedsAreCompressedLikeThePages(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("gzip, br");

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
    }

    [Theory]
    [InlineData("/", "辽宁省总工会", "website")]
    [InlineData("/campaigns", "专项行动 - 辽宁省总工会", "website")]
    [InlineData("/about", "机构简介 - 辽宁省总工会", "website")]
    [InlineData("/about/responsibilities", "主要职责 - 辽宁省总工会", "website")]
    [InlineData("/contact", "联系我们 - 辽宁省总工会", "website")]
    public async Task EveryPageHasItsOwnTitleDescriptionCanonicalAndOpenGraph(string path, string title, string type)
    {
        var html = await GetStringAsync(path);

        PublicHtml.AssertElement(html, "title", title);
        Assert.Matches("<meta name=\"description\" content=\"[^\"]+\">", html);
        Assert.Equal($"{Origin}{path}", PublicHtml.Link(html, "canonical"));
        Assert.Equal(type, PublicHtml.Meta(html, "og:type"));
        Assert.Equal($"{Origin}{path}", PublicHtml.Meta(html, "og:url"));
        Assert.Equal("辽宁省总工会", PublicHtml.Meta(html, "og:site_name"));
        Assert.Equal("zh_CN", PublicHtml.Meta(html, "og:locale"));
        Assert.Matches("<meta property=\"og:title\" content=\"[^\"]+\">", html);
        Assert.Matches("<meta property=\"og:description\" content=\"[^\"]+\">", html);
        Assert.DoesNotContain("og:image", html, StringComparison.Ordinal);
        PublicHtml.AssertElementHas(html, "link", "rel=alternate", "type=application/atom+xml", "href=/feed.xml");
    }

    [Fact]
    public async Task ChannelPagesPointToTheirOwnFeed()
    {
        var html = await GetStringAsync("/campaigns");

        PublicHtml.AssertElement(html, "link", null, "rel=alternate", "type=application/atom+xml", "href=/campaigns/feed.xml", "title=专项行动 - 辽宁省总工会");
    }

    [Fact]
    public async Task ErrorPagesAreNotIndexedOrShared()
    {
        var response = await _client.GetAsync(new Uri("/no-such-channel", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("noindex", PublicHtml.Meta(html, "robots"));
        Assert.DoesNotContain("og:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("application/ld+json", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ArticlePageIsAnOpenGraphArticleWithItsCoverAndANewsArticleInJsonLd()
    {
        var channel = await app.AddChannelAsync("seo-article");
        var cover = await app.WithDbAsync(async db =>
        {
            var file = new MediaFile { StoredName = $"{Guid.NewGuid():N}.jpg", OriginalName = "封面.jpg", ContentType = "image/jpeg", Sha256 = new string('0', 64) };
            db.MediaFiles.Add(file);
            await db.SaveChangesAsync();
            return file;
        });
        var published = new DateTime(2024, 5, 1, 2, 0, 0, DateTimeKind.Utc);
        var id = await app.AddArticleAsync(channel, "职工技能大赛在沈阳举行", a =>
        {
            a.Summary = "全省职工技能大赛开幕。";
            a.Author = "张三";
            a.PublishAt = published;
            a.RevisedAt = published.AddDays(2);
            a.CoverImageId = cover.Id;
        });

        var html = await GetStringAsync($"/articles/{id}");

        PublicHtml.AssertElement(html, "title", "职工技能大赛在沈阳举行 - 辽宁省总工会");
        Assert.Equal("全省职工技能大赛开幕。", PublicHtml.Meta(html, "description"));
        Assert.Equal("article", PublicHtml.Meta(html, "og:type"));
        Assert.Equal("职工技能大赛在沈阳举行", PublicHtml.Meta(html, "og:title"));
        Assert.Equal($"{Origin}/media/{cover.StoredName}", PublicHtml.Meta(html, "og:image"));

        var json = JsonLd(html);
        Assert.Equal("https://schema.org", json.GetProperty("@context").GetString());
        Assert.Equal("NewsArticle", json.GetProperty("@type").GetString());
        Assert.Equal("职工技能大赛在沈阳举行", json.GetProperty("headline").GetString());
        Assert.Equal("2024-05-01T02:00:00Z", json.GetProperty("datePublished").GetString());
        Assert.Equal("2024-05-03T02:00:00Z", json.GetProperty("dateModified").GetString());
        Assert.Equal("张三", json.GetProperty("author").GetProperty("name").GetString());
        Assert.Equal("Organization", json.GetProperty("publisher").GetProperty("@type").GetString());
        Assert.Equal("辽宁省总工会", json.GetProperty("publisher").GetProperty("name").GetString());
        Assert.Equal($"{Origin}/articles/{id}", json.GetProperty("mainEntityOfPage").GetProperty("@id").GetString());
        Assert.Equal($"{Origin}/media/{cover.StoredName}", json.GetProperty("image")[0].GetString());
    }

    [Fact]
    public async Task ArticleWithoutANamedAuthorIsCreditedToTheFederation()
    {
        var channel = await app.AddChannelAsync("seo-no-author");
        var id = await app.AddArticleAsync(channel, "没有署名的文章");

        var json = JsonLd(await GetStringAsync($"/articles/{id}"));

        Assert.Equal("Organization", json.GetProperty("author").GetProperty("@type").GetString());
        Assert.Equal("辽宁省总工会", json.GetProperty("author").GetProperty("name").GetString());
        Assert.False(json.TryGetProperty("image", out _));
    }

    [Fact]
    public async Task ATitleContainingAClosingScriptTagCannotBreakOutOfTheJsonLd()
    {
        var channel = await app.AddChannelAsync("seo-injection");
        const string title = "标题</script><script>alert(1)</script><!--&\"'";
        var id = await app.AddArticleAsync(channel, title);

        var html = await GetStringAsync($"/articles/{id}");

        var start = html.IndexOf("<script type=\"application/ld+json\">", StringComparison.Ordinal);
        var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<", html[(start + 1)..end], StringComparison.Ordinal);
        Assert.Equal(title, JsonLd(html).GetProperty("headline").GetString());
    }

    [Fact]
    public async Task ArticlePrintsWithItsAddressAtTheEnd()
    {
        var id = await app.WithDbAsync(db => db.Articles.Where(a => a.Title == SeedContent.CampaignTitle).Select(a => a.Id).SingleAsync());

        var html = await GetStringAsync($"/articles/{id}");
        var css = await GetStringAsync("/css/site.css");

        var address = html.IndexOf($"<p class=\"print-only\">本文网址：{Origin}/articles/{id}</p>", StringComparison.Ordinal);
        Assert.True(address > html.IndexOf("<div class=\"article-body\">", StringComparison.Ordinal));
        Assert.True(address < html.IndexOf("</article>", StringComparison.Ordinal));
        Assert.Contains(".print-only { display: none; }", css, StringComparison.Ordinal);
        var print = css[css.IndexOf("@media print {", StringComparison.Ordinal)..];
        Assert.Contains(".print-only { display: block;", print, StringComparison.Ordinal);
        Assert.Contains(".site-nav, .site-footer, .skip-link, .prev-next, .breadcrumb, .a11y-bar { display: none; }", print, StringComparison.Ordinal);
    }

    /// <summary>The page's JSON-LD, which must stand in its head.</summary>
    internal static JsonElement JsonLd(string html)
    {
        const string open = "<script type=\"application/ld+json\">";
        var start = html.IndexOf(open, StringComparison.Ordinal) + open.Length;
        Assert.True(start >= open.Length, "JSON-LD present");
        Assert.True(start < html.IndexOf("</head>", StringComparison.Ordinal), "JSON-LD in the head");
        var end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        return JsonDocument.Parse(html[start..end]).RootElement;
    }

    private static DateTimeOffset ParseTime(string? value)
    {
        Assert.NotNull(value);
        return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
    }

    private async Task<XDocument> GetXmlAsync(string path, string mediaType)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<string> GetStringAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
