using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Caching;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

/// <summary>Every public page again under /zh-hant/, converted on the server to Traditional script.</summary>
[Collection(PortalTests.Name)]
public sealed partial class TraditionalChineseTests(PortalApplication app)
{
    private const string Origin = "https://www.example.gov.cn";

    private readonly HttpClient _client = app.CreatePublicClient();

    [Theory]
    [InlineData("/zh-hant/", "專項行動")]
    [InlineData("/zh-hant/news", "工會要聞")]
    [InlineData("/zh-hant/notices", "通知公告")]
    [InlineData("/zh-hant/inspection", "省委第一巡視組巡視省總工會黨組工作動員會議召開")]
    [InlineData("/zh-hant/campaigns", "千名工會幹部進企業")]
    [InlineData("/zh-hant/articles/1", "根據省委關於巡視工作的統一部署")]
    [InlineData("/zh-hant/articles/2", "專項行動小組深入大連市、鞍山市、遼陽市進行走訪調研")]
    [InlineData("/zh-hant/about", "遼寧省總工會是遼寧省工會組織的領導機關")]
    [InlineData("/zh-hant/about/responsibilities", "主要職責")]
    [InlineData("/zh-hant/contact", "聯繫我們")]
    public async Task EveryPublicPageIsServedInTraditionalUnderZhHant(string path, string traditional)
    {
        var html = await GetHtmlAsync(path);

        Assert.Equal(("zh-Hant", null), PublicHtml.Root(html));
        Assert.Contains(traditional, html, StringComparison.Ordinal);
        Assert.Contains("版權所有：遼寧省總工會", html, StringComparison.Ordinal);
        Assert.Contains("地址：瀋陽市瀋河區北站路118號", html, StringComparison.Ordinal);
        Assert.DoesNotContain("辽宁省总工会", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/articles/1", "zh-CN")]
    [InlineData("/zh-hant/articles/1", "zh-Hant")]
    public async Task AnArticleNamesItsOwnAddressAndLanguageToSearchEnginesAndSharing(string path, string language)
    {
        var page = new HtmlParser().ParseDocument(await _client.GetStringAsync(new Uri(path, UriKind.Relative)));
        var address = Origin + path;

        Assert.Equal(address, page.QuerySelector("link[rel=canonical]")?.GetAttribute("href"));
        Assert.Equal(address, page.QuerySelector("meta[property='og:url']")?.GetAttribute("content"));
        Assert.Equal(language == "zh-CN" ? "zh_CN" : "zh_TW", page.QuerySelector("meta[property='og:locale']")?.GetAttribute("content"));
        using var json = JsonDocument.Parse(page.QuerySelector("script[type='application/ld+json']")!.TextContent);
        Assert.Equal(address, json.RootElement.GetProperty("url").GetString());
        Assert.Equal(address, json.RootElement.GetProperty("mainEntityOfPage").GetProperty("@id").GetString());
        Assert.Equal(language, json.RootElement.GetProperty("inLanguage").GetString());
    }

    [Theory]
    [InlineData("", "zh-CN")]
    [InlineData("/zh-hant", "zh-Hant")]
    public async Task AFeedNamesItsOwnAddressAndLanguageAndLeadsToPagesInItsScript(string prefix, string language)
    {
        // 专项行动 has a seeded article, so the feed has an entry whichever tests ran before.
        var feed = XDocument.Parse(await _client.GetStringAsync(new Uri($"{prefix}/campaigns/feed.xml", UriKind.Relative)));
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var root = feed.Root!;
        string Link(XElement element, string rel) => element.Elements(atom + "link").Single(l => (string?)l.Attribute("rel") == rel).Attribute("href")!.Value;

        Assert.Equal(language, root.Attribute(XNamespace.Xml + "lang")?.Value);
        Assert.Equal($"{Origin}{prefix}/campaigns/feed.xml", Link(root, "self"));
        Assert.Equal($"{Origin}{prefix}/campaigns", Link(root, "alternate"));
        var entries = root.Elements(atom + "entry").ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, entry => Assert.Matches($"^{Regex.Escape(Origin + prefix)}/articles/\\d+$", Link(entry, "alternate")));
    }

    [Fact]
    public async Task TheSimplifiedPageIsUntouched()
    {
        var html = await GetHtmlAsync("/about");

        Assert.Equal(("zh-CN", null), PublicHtml.Root(html));
        Assert.Contains("辽宁省总工会是辽宁省工会组织的领导机关", html, StringComparison.Ordinal);
        Assert.Empty(PublicHtml.All(html, "[href^='/zh-hant/about/']"));
    }

    [Theory]
    [InlineData("/zh-hant/")]
    [InlineData("/zh-hant/campaigns")]
    [InlineData("/zh-hant/articles/2")]
    [InlineData("/zh-hant/about")]
    public async Task LocalLinksStayUnderZhHantButFilesAndTheSwitchDoNot(string path)
    {
        var html = await GetHtmlAsync(path);

        var links = LocalLink().Matches(html).Select(m => (Tag: m.Value, Url: m.Groups["url"].Value)).ToList();
        Assert.Contains(links, link => link.Url.StartsWith("/zh-hant/", StringComparison.Ordinal));
        Assert.All(links, link => Assert.True(
            link.Url.StartsWith("/zh-hant/", StringComparison.Ordinal)
                || link.Url.StartsWith("/css/", StringComparison.Ordinal)
                || link.Url == "/favicon.svg"
                || link.Tag.Contains("hreflang=\"zh-Hans\"", StringComparison.Ordinal),
            $"{link.Tag} leaves the Traditional site"));
    }

    [Fact]
    public async Task TheSwitchLeadsToTheSamePageInTheOtherScript()
    {
        PublicHtml.AssertLink(await GetHtmlAsync("/about/responsibilities"), "繁體", "class=script-switch", "href=/zh-hant/about/responsibilities", "hreflang=zh-Hant", "lang=zh-Hant");
        // The label 简体 is written so that the conversion leaves it in Simplified.
        PublicHtml.AssertLink(await GetHtmlAsync("/zh-hant/about/responsibilities"), "简体", "class=script-switch", "href=/about/responsibilities", "hreflang=zh-Hans", "lang=zh-Hans");
        PublicHtml.AssertElementHas(await GetHtmlAsync("/"), "*", "href=/zh-hant/", "hreflang=zh-Hant");
        PublicHtml.AssertElementHas(await GetHtmlAsync("/zh-hant/"), "*", "href=/", "hreflang=zh-Hans");
    }

    [Fact]
    public async Task TheSwitchOfAMissingPageKeepsItsPathAndQuery()
    {
        var traditional = await _client.GetAsync(new Uri("/zh-hant/no-such/page?from=1", UriKind.Relative));
        var simplified = await _client.GetAsync(new Uri("/no-such/page?from=1", UriKind.Relative));

        PublicHtml.AssertElementHas(await traditional.Content.ReadAsStringAsync(), "*", "href=/no-such/page?from=1", "hreflang=zh-Hans");
        PublicHtml.AssertElementHas(await simplified.Content.ReadAsStringAsync(), "*", "href=/zh-hant/no-such/page?from=1", "hreflang=zh-Hant");
    }

    [Theory]
    [InlineData("/about", "/about")]
    [InlineData("/zh-hant/about", "/zh-hant/about")]
    [InlineData("/", "/")]
    [InlineData("/zh-hant/", "/zh-hant/")]
    public async Task BothScriptsNameEachOtherWithHreflangAndEachIsItsOwnCanonical(string path, string canonical)
    {
        var html = await GetHtmlAsync(path);
        var simplified = canonical.Replace("/zh-hant", "", StringComparison.Ordinal);
        simplified = simplified.Length == 0 ? "/" : simplified;

        Assert.Equal($"{Origin}{canonical}", PublicHtml.Link(html, "canonical"));
        Assert.Equal($"{Origin}{simplified}", PublicHtml.Link(html, "alternate", "zh-Hans"));
        Assert.Equal($"{Origin}{(simplified == "/" ? "/zh-hant/" : "/zh-hant" + simplified)}", PublicHtml.Link(html, "alternate", "zh-Hant"));
        Assert.Equal($"{Origin}{simplified}", PublicHtml.Link(html, "alternate", "x-default"));
    }

    [Theory]
    [InlineData("/zh-hant/no-such/page")]
    [InlineData("/zh-hant/articles/999999")]
    [InlineData("/zh-hant/media/missing.png")]
    [InlineData("/zh-hant/admin")]
    [InlineData("/zh-hant/zh-hant/about")]
    public async Task AMissingPageUnderZhHantIsATraditional404(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(("zh-Hant", null), PublicHtml.Root(html));
        Assert.Contains("頁面不存在", html, StringComparison.Ordinal);
        PublicHtml.AssertElement(html, "a", "返回首頁", "href=/zh-hant/");
    }

    [Theory]
    [InlineData("/zh-hant", "/zh-hant/")]
    [InlineData("/zh-hant?from=1", "/zh-hant/?from=1")]
    // A query of its own, since the output cache treats paths case-insensitively and may hold /zh-hant/news already.
    [InlineData("/zh-hant/NEWS?page=1", "/zh-hant/news?page=1")]
    public async Task RedirectsStayUnderZhHant(string path, string location)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task TheTraditionalPageIsCachedCompressedApartFromTheSimplifiedOne()
    {
        var first = await GetBrotliAsync("/zh-hant/contact");
        var second = await GetBrotliAsync("/zh-hant/contact");
        var simplified = await GetBrotliAsync("/contact");

        Assert.Equal("br", Assert.Single(second.Response.Content.Headers.ContentEncoding));
        Assert.NotNull(second.Response.Headers.Age);
        Assert.Equal(first.Bytes, second.Bytes);
        PublicHtml.AssertElement(second.Html, "h1", "聯繫我們");
        PublicHtml.AssertElement(simplified.Html, "h1", "联系我们");
        Assert.DoesNotContain("聯繫我們", simplified.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvictingAnArticleEvictsBothScripts()
    {
        var channel = await app.AddChannelAsync("zh-hant-evict");
        var id = await app.AddArticleAsync(channel, "发展前的标题");
        Assert.Contains("發展前的標題", await GetHtmlAsync($"/zh-hant/articles/{id}"), StringComparison.Ordinal);
        Assert.Contains("发展前的标题", await GetHtmlAsync($"/articles/{id}"), StringComparison.Ordinal);

        await app.WithDbAsync(async db =>
        {
            (await db.Articles.SingleAsync(a => a.Id == id)).Title = "修改后的标题";
            await db.SaveChangesAsync();
        });
        Assert.Contains("發展前的標題", await GetHtmlAsync($"/zh-hant/articles/{id}"), StringComparison.Ordinal);

        await app.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, channel);

        Assert.Contains("修改後的標題", await GetHtmlAsync($"/zh-hant/articles/{id}"), StringComparison.Ordinal);
        Assert.Contains("修改后的标题", await GetHtmlAsync($"/articles/{id}"), StringComparison.Ordinal);
        Assert.Contains("修改後的標題", await GetHtmlAsync($"/zh-hant/{channel}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATraditionalQueryValueReachesTheActionAsSimplified()
    {
        var withEcho = app.WithWebHostBuilder(builder => builder.ConfigureServices(services =>
            services.AddControllers().AddApplicationPart(typeof(QueryEchoController).Assembly)));
        var client = withEcho.CreateClient();

        Assert.Equal("辽宁省总工会 鞍山 调研|2", await client.GetStringAsync(new Uri("/zh-hant/test/echo?q=遼寧省總工會%20鞍山%20調研&page=2", UriKind.Relative)));
        Assert.Equal("遼寧省總工會|", await client.GetStringAsync(new Uri("/test/echo?q=遼寧省總工會", UriKind.Relative)));
    }

    private async Task<string> GetHtmlAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<(HttpResponseMessage Response, byte[] Bytes, string Html)> GetBrotliAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        var response = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        await using var brotli = new BrotliStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(brotli);
        return (response, bytes, await reader.ReadToEndAsync());
    }

    [GeneratedRegex("<(?:a|link|form)\\s[^>]*?(?:href|action)=\"(?<url>/[^\"]*)\"[^>]*>")]
    private static partial Regex LocalLink();
}

/// <summary>Shows what an action receives, for the query conversion test; only the test's own host has it.</summary>
[AllowAnonymous]
public sealed class QueryEchoController : Controller
{
    [HttpGet("/test/echo")]
    public IActionResult Echo(string? q, string? page) => Content($"{q}|{page}");
}
