using System.Net;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Site;
using Microsoft.AspNetCore.Html;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

[Collection(PortalTests.Name)]
public sealed class PublicCacheTests(PortalApplication app)
{
    private readonly HttpClient _client = app.CreatePublicClient();
    private PublicCache Cache => app.Services.GetRequiredService<PublicCache>();

    [Fact]
    public async Task WithoutARedisSettingPagesAreCachedInMemoryAndHealthNeedsNoRedis()
    {
        Assert.IsNotType<Caching.ResilientOutputCacheStore>(app.Services.GetRequiredService<Microsoft.AspNetCore.OutputCaching.IOutputCacheStore>());
        await _client.GetAsync(new Uri("/contact", UriKind.Relative));

        using var again = await _client.GetAsync(new Uri("/contact", UriKind.Relative));

        Assert.NotNull(again.Headers.Age);
        Assert.Equal("Healthy", await _client.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task ArticlePageIsServedFromTheCacheUntilTheArticleChanges()
    {
        var channel = await app.AddChannelAsync("cache-article");
        var id = await app.AddArticleAsync(channel, "缓存前的标题");
        Assert.Contains("缓存前的标题", await GetAsync($"/articles/{id}"), StringComparison.Ordinal);
        Assert.Contains("缓存前的标题", await GetAsync($"/{channel}"), StringComparison.Ordinal);

        await RenameArticleAsync(id, "修改后的标题");

        Assert.Contains("缓存前的标题", await GetAsync($"/articles/{id}"), StringComparison.Ordinal);
        Assert.Contains("缓存前的标题", await GetAsync($"/{channel}"), StringComparison.Ordinal);

        await Cache.ArticleChangedAsync(id, channel);

        Assert.Contains("修改后的标题", await GetAsync($"/articles/{id}"), StringComparison.Ordinal);
        Assert.Contains("修改后的标题", await GetAsync($"/{channel}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangingAnArticleEvictsItsNeighboursButNotOtherChannels()
    {
        var channel = await app.AddChannelAsync("cache-neighbours");
        var other = await app.AddChannelAsync("cache-other");
        var older = await app.AddArticleAsync(channel, "较早的邻居文章");
        var changed = await app.AddArticleAsync(channel, "将被改名的文章", a => a.PublishAt = PortalApplication.LongAgo.AddDays(1));
        await app.AddArticleAsync(other, "另一栏目的文章");
        Assert.Contains("将被改名的文章", await GetAsync($"/articles/{older}"), StringComparison.Ordinal);
        var otherBefore = await GetAsync($"/{other}");

        await RenameArticleAsync(changed, "已改名的文章");
        await app.WithDbAsync(async db =>
        {
            (await db.Channels.SingleAsync(c => c.Slug == other)).Name = "改名但未清缓存的栏目";
            await db.SaveChangesAsync();
        });
        await Cache.ArticleChangedAsync(changed, channel);

        Assert.Contains("已改名的文章", await GetAsync($"/articles/{older}"), StringComparison.Ordinal);
        Assert.Equal(otherBefore, await GetAsync($"/{other}"));
    }

    [Fact]
    public async Task SettingsChangeShowsInEveryFooterOnceEvicted()
    {
        Assert.Contains("22581001", await GetAsync("/about"), StringComparison.Ordinal);
        await SetPhoneAsync("024-22581999");
        try
        {
            await Cache.EverythingChangedAsync();

            Assert.Contains("024-22581999", await GetAsync("/about"), StringComparison.Ordinal);
            Assert.Contains("024-22581999", await GetAsync("/"), StringComparison.Ordinal);
            Assert.Contains("024-22581999", await GetAsync("/contact"), StringComparison.Ordinal);
        }
        finally
        {
            await SetPhoneAsync("22581001");
            await Cache.EverythingChangedAsync();
        }
    }

    /// <summary>Pages rendered afresh print the footer held with the chrome; a site-wide change makes a new one.</summary>
    [Fact]
    public async Task TheFooterIsRenderedOncePerChromeAndAgainAfterASiteWideChange()
    {
        var chrome = app.Services.GetRequiredService<SiteChrome>();
        var renders = 0;
        Task<IHtmlContent> RenderAsync() => Task.FromResult<IHtmlContent>(new HtmlString($"<footer>第{++renders}次</footer>"));

        // A chrome no page has been rendered with yet.
        await Cache.EverythingChangedAsync();
        var model = await chrome.GetAsync();
        var footer = await chrome.FooterAsync(model, RenderAsync);
        Assert.Same(footer, await chrome.FooterAsync(model, RenderAsync));
        Assert.Equal(("<footer>第1次</footer>", 1), (footer.Value, renders));

        await Cache.EverythingChangedAsync();
        var changed = await chrome.GetAsync();
        Assert.NotSame(model, changed);
        Assert.Equal("<footer>第2次</footer>", (await chrome.FooterAsync(changed, RenderAsync)).Value);

        // The pages of the other tests get their real footer again.
        await Cache.EverythingChangedAsync();
    }

    [Fact]
    public async Task CompressedPagesAreStoredCompressedAndServedFromTheCache()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/about/responsibilities");
        request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        var first = await _client.SendAsync(request);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/about/responsibilities");
        again.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
        var second = await _client.SendAsync(again);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("br", Assert.Single(first.Content.Headers.ContentEncoding));
        Assert.Equal("br", Assert.Single(second.Content.Headers.ContentEncoding));
        Assert.NotNull(second.Headers.Age);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await second.Content.ReadAsByteArrayAsync());

        var plain = await _client.GetAsync(new Uri("/about/responsibilities", UriKind.Relative));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        Assert.Contains("主要职责", await plain.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrowsersSpellingAcceptEncodingDifferentlyShareOneCacheEntry()
    {
        var first = await GetCompressedAsync("/about", "gzip, deflate, br, zstd");
        var second = await GetCompressedAsync("/about", "br;q=1.0, gzip;q=0.8, *;q=0.1");

        Assert.Equal("br", Assert.Single(first.Content.Headers.ContentEncoding));
        Assert.Equal("br", Assert.Single(second.Content.Headers.ContentEncoding));
        Assert.NotNull(second.Headers.Age);
        Assert.Equal("gzip", Assert.Single((await GetCompressedAsync("/about", "gzip")).Content.Headers.ContentEncoding));
    }

    [Fact]
    public async Task QueryParametersAPageDoesNotReadAreServedFromItsOneCacheEntry()
    {
        var channel = await app.AddChannelAsync("cache-query");
        var id = await app.AddArticleAsync(channel, "查询参数测试文章");
        foreach (var path in new[] { "/", "/about", $"/articles/{id}", "/feed.xml", "/zh-hant/about", $"/{channel}" })
        {
            await GetAsync(path);
            var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            foreach (var query in new[] { "x=1", "utm_source=wechat", "x=2&y=3" })
            {
                var response = await _client.GetAsync(new Uri(path + separator + query, UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.True(response.Headers.Age is not null, $"{path}{separator}{query} was rendered anew");
            }

            if (path != $"/{channel}")
            {
                foreach (var page in new[] { "1", "2", "abc" })
                {
                    var response = await _client.GetAsync(new Uri($"{path}{separator}page={page}", UriKind.Relative));
                    Assert.True(response.Headers.Age is not null, $"{path}{separator}page={page} was rendered anew");
                }
            }
        }
    }

    /// <summary>Accept-Encoding headers as clients, proxies and attackers send them, and what each must get.</summary>
    private static readonly (string Header, string Expected)[] AcceptEncodings =
    [
        ("*;q=0.1, gzip", "gzip"),
        ("gzip", "gzip"),
        ("br", "br"),
        ("gzip, deflate, br, zstd", "br"),
        ("*", "br"),
        ("*;q=0", "identity"),
        ("identity;q=0, gzip", "gzip"),
        ("identity;q=0", "identity"),
        ("br;q=0, *", "gzip"),
        ("br;q=0, gzip;q=0, *", "identity"),
        ("gzip;q=0.5, identity", "identity"),
        ("GZIP", "gzip"),
        ("Br;q=0.5, GZip;q=0.4", "br"),
        ("gzip;q=0.1, gzip", "gzip"),
        ("gzip;q=0, gzip", "identity"),
        ("br, br;q=0, gzip", "gzip"),
        ("deflate", "identity"),
        ("identity", "identity"),
        ("gzip;q=abc", "identity"),
        ("br;q=2", "identity"),
        ("gzip;;", "identity"),
        (",,,", "identity"),
        ("\"br\"", "identity"),
    ];

    [Theory]
    [InlineData("/")]
    [InlineData("/about")]
    [InlineData("/news")]
    [InlineData("/feed.xml")]
    [InlineData("/zh-hant/")]
    [InlineData("/zh-hant/about")]
    public async Task EveryClientGetsABodyInTheEncodingItAskedForWhateverOthersAskedBefore(string path)
    {
        await Cache.EverythingChangedAsync();
        await AssertEveryClientCanReadAsync(path);
    }

    [Fact]
    public async Task ArticleReachesEveryClientInTheEncodingItAskedFor()
    {
        var channel = await app.AddChannelAsync("cache-encoding");
        var id = await app.AddArticleAsync(channel, "编码测试文章");
        await AssertEveryClientCanReadAsync($"/articles/{id}");
    }

    /// <summary>
    /// Every header in turn, twice: the first round fills the cache (where one client's answer could land in
    /// another's entry), the second is served from it. Each body is decoded as its Content-Encoding says and must
    /// be the page itself, in an encoding the client accepts.
    /// </summary>
    private async Task AssertEveryClientCanReadAsync(string path)
    {
        var page = await GetAsync(path);
        foreach (var round in new[] { "filling the cache", "from the cache" })
        {
            foreach (var (header, expected) in AcceptEncodings)
            {
                var response = await GetCompressedAsync(path, header);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var encoding = response.Content.Headers.ContentEncoding.SingleOrDefault() ?? "identity";
                Assert.True(expected == encoding, $"{path} {round}: Accept-Encoding \"{header}\" got {encoding}, not {expected}");
                Assert.Equal(page, await DecodeAsync(response, encoding));
            }
        }
    }

    private static async Task<string> DecodeAsync(HttpResponseMessage response, string encoding)
    {
        await using var body = await response.Content.ReadAsStreamAsync();
        await using Stream decoded = encoding switch
        {
            "br" => new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress),
            _ => body,
        };
        using var reader = new StreamReader(decoded);
        return await reader.ReadToEndAsync();
    }

    private async Task<HttpResponseMessage> GetCompressedAsync(string path, string acceptEncoding)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        return await _client.SendAsync(request);
    }

    private async Task<string> GetAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task RenameArticleAsync(int id, string title) => app.WithDbAsync(async db =>
    {
        (await db.Articles.SingleAsync(a => a.Id == id)).Title = title;
        await db.SaveChangesAsync();
    });

    private Task SetPhoneAsync(string phone) => app.WithDbAsync(async db =>
    {
        (await db.SiteSettings.SingleAsync(s => s.Id == SiteSettings.SingletonId)).Phone = phone;
        await db.SaveChangesAsync();
    });
}
