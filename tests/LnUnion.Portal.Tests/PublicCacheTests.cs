using System.Net;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
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
