using System.Globalization;
using System.Net;
using LnUnion.Portal.Data;
using LnUnion.Portal.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

/// <summary>Reads are counted in memory and written in batches, so the article page stays cached and cheap.</summary>
[Collection(PortalTests.Name)]
public sealed class ViewCountTests(PortalApplication app)
{
    private const string Browser = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36";

    private readonly HttpClient _client = app.CreatePublicClient();

    private ViewCounter Counter => app.Services.GetRequiredService<ViewCounter>();

    [Fact]
    public async Task NReadsRaiseTheArticlesCountAndTodaysViewsByNAfterAFlush()
    {
        var id = await app.AddArticleAsync(await app.AddChannelAsync("views-count"), "计数的文章");
        await Counter.FlushAsync();
        var todayBefore = await TodaysViewsAsync();

        var answers = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            answers.Add(await HitAsync(id));
        }

        Assert.Equal(Enumerable.Range(1, 7).Select(n => n.ToString(CultureInfo.InvariantCulture)), answers);
        await Counter.FlushAsync();
        Assert.Equal(7, await StoredCountAsync(app, id));
        Assert.Equal(todayBefore + 7, await TodaysViewsAsync());
        Assert.Equal("8", await HitAsync(id));
    }

    [Fact]
    public async Task TheCachedArticlePageIsStillServedWhileReadsAreCounted()
    {
        var id = await app.AddArticleAsync(await app.AddChannelAsync("views-cache"), "缓存中计数的文章");
        await GetPageAsync(id);
        var cached = await GetPageAsync(id);
        Assert.NotNull(cached.Headers.Age);
        var html = await cached.Content.ReadAsStringAsync();
        var counter = PublicHtml.One(html, $"span[data-hit='/articles/{id}/hit']");
        Assert.Equal(("0", "浏览次数：0"), (counter.TextContent, counter.ParentElement?.TextContent));

        for (var i = 0; i < 3; i++)
        {
            await HitAsync(id);
        }

        await Counter.FlushAsync();

        var after = await GetPageAsync(id);
        Assert.NotNull(after.Headers.Age);
        Assert.Equal(html, await after.Content.ReadAsStringAsync());
        Assert.Equal(3, await StoredCountAsync(app, id));
        Assert.Equal("4", await HitAsync(id));
    }

    [Fact]
    public async Task ReadsAreNotWrittenPerRequestButAreAllWrittenOnShutdown()
    {
        var id = await app.AddArticleAsync(await app.AddChannelAsync("views-restart"), "重启前计数的文章");
        var node = app.WithWebHostBuilder(builder => builder.UseSetting("Site:ViewCountFlushSeconds", "3600"));
        var client = node.CreatePublicClient();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal((i + 1).ToString(CultureInfo.InvariantCulture), await HitAsync(id, client));
        }

        Assert.Equal(0, await StoredCountAsync(app, id));

        await node.DisposeAsync();

        Assert.Equal(5, await StoredCountAsync(app, id));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)")]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36")]
    [InlineData("curl/8.5.0")]
    [InlineData("python-requests/2.31")]
    public async Task CrawlersAndScriptsGetTheCountWithoutAddingToIt(string userAgent)
    {
        var id = await app.AddArticleAsync(await app.AddChannelAsync($"views-bot-{Guid.NewGuid():N}"[..20]), "爬虫访问的文章");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/articles/{id}/hit");
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        var response = await _client.SendAsync(request);
        await Counter.FlushAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("0", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await StoredCountAsync(app, id));
    }

    [Fact]
    public async Task HeadRequestsAreNotCounted()
    {
        var id = await app.AddArticleAsync(await app.AddChannelAsync("views-head"), "只取头部的文章");

        using var request = new HttpRequestMessage(HttpMethod.Head, $"/articles/{id}/hit");
        request.Headers.UserAgent.ParseAdd(Browser);
        var response = await _client.SendAsync(request);
        await Counter.FlushAsync();

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, await StoredCountAsync(app, id));
    }

    [Theory]
    [MemberData(nameof(HiddenArticles.States), MemberType = typeof(HiddenArticles))]
    public async Task HiddenArticlesCannotBeCounted(string state, Action<Article> makeHidden)
    {
        var id = await app.AddArticleAsync(await app.AddChannelAsync("views-hidden-" + Guid.NewGuid().ToString("N")[..8]), $"不公开的文章（{state}）", makeHidden);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/articles/{id}/hit");
        request.Headers.UserAgent.ParseAdd(Browser);
        var response = await _client.SendAsync(request);
        await Counter.FlushAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(0, await StoredCountAsync(app, id));
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri("/articles/2147483647/hit", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task TheLiveCountIsNeverCachedOrIndexed()
    {
        var id = await app.AddArticleAsync(await app.AddChannelAsync("views-nocache"), "不缓存计数的文章");

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/articles/{id}/hit");
        request.Headers.UserAgent.ParseAdd(Browser);
        var response = await _client.SendAsync(request);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoStore);
        Assert.Null(response.Headers.Age);
        Assert.Equal("noindex", response.Headers.GetValues("X-Robots-Tag").Single());
        Assert.Equal("2", await HitAsync(id));
        var robots = await _client.GetStringAsync(new Uri("/robots.txt", UriKind.Relative));
        Assert.Contains("Disallow: /articles/*/hit\n", robots, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheScriptFetchesTheLiveCountWithoutCookies()
    {
        var script = await _client.GetStringAsync(new Uri("/js/site.js", UriKind.Relative));

        Assert.Contains("document.querySelector('[data-hit]')", script, StringComparison.Ordinal);
        Assert.Contains("credentials: 'omit', cache: 'no-store'", script, StringComparison.Ordinal);
    }

    private async Task<string> HitAsync(int id, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/articles/{id}/hit");
        request.Headers.UserAgent.ParseAdd(Browser);
        var response = await (client ?? _client).SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task<HttpResponseMessage> GetPageAsync(int id) => _client.GetAsync(new Uri($"/articles/{id}", UriKind.Relative));

    private static Task<long> StoredCountAsync(PortalApplication app, int id) =>
        app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.ViewCount).SingleAsync());

    private Task<long> TodaysViewsAsync()
    {
        var today = app.Today;
        return app.WithDbAsync(async db => await db.DailyViewCounts.Where(d => d.Day == today).Select(d => d.Views).SingleOrDefaultAsync());
    }
}
