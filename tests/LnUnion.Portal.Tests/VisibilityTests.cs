using System.Net;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using LnUnion.Portal.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests;

/// <summary>Only published articles whose publish time has come and whose expiry has not are visible, anywhere.</summary>
[Collection(PortalTests.Name)]
public sealed class VisibilityTests(PortalApplication app)
{
    private readonly HttpClient _client = app.CreatePublicClient();

    [Theory]
    [MemberData(nameof(HiddenArticles.States), MemberType = typeof(HiddenArticles))]
    public async Task OfAGivenSetOfArticlesOnlyTheVisibleOnesAreProjected(string state, Action<Article> makeHidden)
    {
        var channel = await app.AddChannelAsync($"among-{Guid.NewGuid():N}"[..20]);
        var visible = await app.AddArticleAsync(channel, $"可见的{state}");
        var hidden = await app.AddArticleAsync(channel, $"不可见的{state}", makeHidden);

        var found = await app.WithDbAsync(db => db.Articles.AsNoTracking()
            .VisibleAmongAsync([visible, hidden, int.MaxValue], app.UtcNow, a => new { a.Id, Published = a.PublishAt!.Value }, CancellationToken.None));

        Assert.Equal([visible], found.Select(a => a.Id));
    }

    [Fact]
    public async Task TheVisibleOfAGivenSetOfArticlesAreLookedUpByKeyNotByWalkingThePublicationIndex()
    {
        // SQLite plans without statistics, so the plan on this small file is the plan at a million articles.
        var plan = await app.WithDbAsync(async db =>
        {
            var sql = db.Articles.VisibleAmong([1, 2, 3], app.UtcNow, a => new { a.Id, a.Title }).ToQueryString();
            var statement = string.Join('\n', sql.Split('\n').Where(line => !line.StartsWith(".param", StringComparison.Ordinal)));
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + statement;
            var steps = new List<string>();
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                steps.Add(reader.GetString(3));
            }

            return steps;
        });

        Assert.Contains(plan, step => step.Contains("USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, step => step.Contains("IX_Articles", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(HiddenArticles.States), MemberType = typeof(HiddenArticles))]
    public async Task HiddenArticlesAppearNowhereInPublic(string state, Action<Article> makeHidden)
    {
        var channel = await app.AddChannelAsync($"hidden-{Guid.NewGuid():N}"[..20]);
        var older = await app.AddArticleAsync(channel, $"较早的可见文章{state}", a => a.PublishAt = PortalApplication.LongAgo);
        var hiddenTitle = $"不应公开的{state}文章";
        var hidden = await app.AddArticleAsync(channel, hiddenTitle, a =>
        {
            a.PublishAt = PortalApplication.LongAgo.AddDays(1);
            a.IsPinned = true;
            makeHidden(a);
        });
        var newer = await app.AddArticleAsync(channel, $"较新的可见文章{state}", a => a.PublishAt = PortalApplication.LongAgo.AddDays(2));
        // Recent enough to be on the home page, had it been visible.
        var hiddenRecent = await app.AddArticleAsync("news", $"首页不应出现的{state}文章", a =>
        {
            a.PublishAt = app.UtcNow.AddMinutes(-1);
            a.IsPinned = true;
            makeHidden(a);
        });

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri($"/articles/{hidden}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(new Uri($"/articles/{hiddenRecent}", UriKind.Relative))).StatusCode);

        var list = await _client.GetStringAsync(new Uri($"/{channel}", UriKind.Relative));
        Assert.Contains($"较早的可见文章{state}", list, StringComparison.Ordinal);
        Assert.Contains($"较新的可见文章{state}", list, StringComparison.Ordinal);
        Assert.DoesNotContain(hiddenTitle, list, StringComparison.Ordinal);

        var home = await _client.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.DoesNotContain($"首页不应出现的{state}文章", home, StringComparison.Ordinal);
        Assert.DoesNotContain(hiddenTitle, home, StringComparison.Ordinal);

        // Previous/next skip the hidden article: the two visible ones link to each other.
        var olderPage = await _client.GetStringAsync(new Uri($"/articles/{older}", UriKind.Relative));
        var newerPage = await _client.GetStringAsync(new Uri($"/articles/{newer}", UriKind.Relative));
        PublicHtml.AssertElement(olderPage, "a", null, $"href=/articles/{newer}", "rel=next");
        PublicHtml.AssertElement(newerPage, "a", null, $"href=/articles/{older}", "rel=prev");
        Assert.DoesNotContain(hiddenTitle, olderPage + newerPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScheduledArticleAppearsOnTimeWithoutAnyoneTouchingIt()
    {
        await using var site = new PortalApplication { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
        using var client = site.CreatePublicClient();
        var channel = await site.AddChannelAsync("scheduled");
        await site.AddArticleAsync(channel, "已发布的文章");
        await site.AddArticleAsync(channel, "定时发布的文章", a => a.PublishAt = site.UtcNow.AddMinutes(5));

        var before = await client.GetStringAsync(new Uri($"/{channel}", UriKind.Relative));
        Assert.Contains("已发布的文章", before, StringComparison.Ordinal);
        Assert.DoesNotContain("定时发布的文章", before, StringComparison.Ordinal);

        // The list is now in the output cache, which the scheduler alone evicts when the publish time passes.
        await site.AdvanceAsync(TimeSpan.FromMinutes(4));
        Assert.DoesNotContain("定时发布的文章", await client.GetStringAsync(new Uri($"/{channel}", UriKind.Relative)), StringComparison.Ordinal);
        await site.AdvanceAsync(TimeSpan.FromMinutes(1));
        Assert.Contains("定时发布的文章", await client.GetStringAsync(new Uri($"/{channel}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExpiringArticleDisappearsOnTimeWithoutAnyoneTouchingIt()
    {
        await using var site = new PortalApplication { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
        using var client = site.CreatePublicClient();
        var channel = await site.AddChannelAsync("expiring");
        var id = await site.AddArticleAsync(channel, "即将过期的文章", a => a.ExpiresAt = site.UtcNow.AddMinutes(5));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/articles/{id}", UriKind.Relative))).StatusCode);
        Assert.Contains("即将过期的文章", await client.GetStringAsync(new Uri($"/{channel}", UriKind.Relative)), StringComparison.Ordinal);

        await site.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/articles/{id}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("即将过期的文章", await client.GetStringAsync(new Uri($"/{channel}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinnedArticlesComeFirstUntilTheirPinLapses()
    {
        var channel = await app.AddChannelAsync("pinned");
        await app.AddArticleAsync(channel, "最新的普通文章", a => a.PublishAt = PortalApplication.LongAgo.AddDays(10));
        await app.AddArticleAsync(channel, "置顶的旧文章", a => a.IsPinned = true);
        await app.AddArticleAsync(channel, "置顶已到期的旧文章", a =>
        {
            a.IsPinned = true;
            a.PinnedUntil = app.UtcNow.AddMinutes(-1);
            a.PublishAt = PortalApplication.LongAgo.AddDays(-1);
        });

        var html = await _client.GetStringAsync(new Uri($"/{channel}", UriKind.Relative));

        var pinned = html.IndexOf("置顶的旧文章", StringComparison.Ordinal);
        var newest = html.IndexOf("最新的普通文章", StringComparison.Ordinal);
        var lapsed = html.IndexOf("置顶已到期的旧文章", StringComparison.Ordinal);
        Assert.True(pinned < newest && newest < lapsed, "pinned, then newest, then the article whose pin lapsed");
    }

    [Fact]
    public async Task AListsPageCountFollowsEveryPublishWithdrawalExpiryAndScheduledArticleAtOnce()
    {
        await using var site = new PortalApplication { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
        using var client = site.CreatePublicClient();
        var channel = await site.AddChannelAsync("counted");
        for (var i = 0; i < 20; i++)
        {
            await site.AddArticleAsync(channel, $"计数文章{i}");
        }

        // The count a list page prints is held in memory; each of these must still show on the next miss.
        async Task<string> PagerAsync(int page = 1) =>
            await client.GetStringAsync(new Uri($"/{channel}?page={page}", UriKind.Relative));

        Assert.DoesNotContain("共 2 页", await PagerAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/{channel}?page=2", UriKind.Relative))).StatusCode);

        var published = await site.AddArticleAsync(channel, "第二十一篇");
        Assert.Contains("第 1 页，共 2 页", await PagerAsync(), StringComparison.Ordinal);

        await site.WithDbAsync(async db =>
        {
            var article = await db.Articles.SingleAsync(a => a.Id == published);
            article.Status = ArticleStatus.Withdrawn;
            await db.SaveChangesAsync();
        });
        await site.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(published, channel);
        Assert.DoesNotContain("共 2 页", await PagerAsync(), StringComparison.Ordinal);

        await site.AddArticleAsync(channel, "五分钟后过期", a => a.ExpiresAt = site.UtcNow.AddMinutes(5));
        await site.AddArticleAsync(channel, "十分钟后发布", a => a.PublishAt = site.UtcNow.AddMinutes(10));
        Assert.Contains("第 2 页，共 2 页", await PagerAsync(2), StringComparison.Ordinal);

        await site.AdvanceAsync(TimeSpan.FromMinutes(6));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/{channel}?page=2", UriKind.Relative))).StatusCode);

        await site.AdvanceAsync(TimeSpan.FromMinutes(5));
        Assert.Contains("第 2 页，共 2 页", await PagerAsync(2), StringComparison.Ordinal);
    }
    [Fact]
    public async Task EveryListPageShowsTheArticlesCountingAndSkippingShowedInTheSameOrderThroughPublishWithdrawalExpiryAndLapsedPins()
    {
        await using var site = new PortalApplication { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
        using var client = site.CreatePublicClient();
        var channel = await site.AddChannelAsync("paged");
        var now = site.UtcNow;
        // Many share one publish time (the id decides between them), the rest have their own; pins of every kind.
        for (var i = 0; i < 25; i++)
        {
            await site.AddArticleAsync(channel, $"同一时刻{i}");
        }

        for (var i = 0; i < 20; i++)
        {
            await site.AddArticleAsync(channel, $"各自时刻{i}", a => a.PublishAt = now.AddHours(-100 + (i * 3 % 20)));
        }

        await site.AddArticleAsync(channel, "长期置顶旧文", a => a.IsPinned = true);
        await site.AddArticleAsync(channel, "长期置顶新文", a => (a.IsPinned, a.PublishAt) = (true, now.AddHours(-1)));
        await site.AddArticleAsync(channel, "五分钟后取消置顶", a => (a.IsPinned, a.PinnedUntil) = (true, now.AddMinutes(5)));
        await site.AddArticleAsync(channel, "置顶已过", a => (a.IsPinned, a.PinnedUntil, a.PublishAt) = (true, now.AddMinutes(-1), now.AddHours(-90)));
        await site.AddArticleAsync(channel, "七分钟后过期", a => (a.PublishAt, a.ExpiresAt) = (now.AddHours(-95), now.AddMinutes(7)));
        await site.AddArticleAsync(channel, "已经过期", a => a.ExpiresAt = now.AddMinutes(-1));
        await site.AddArticleAsync(channel, "十分钟后发布", a => a.PublishAt = now.AddMinutes(10));
        await site.AddArticleAsync(channel, "十分钟后发布并置顶", a => (a.IsPinned, a.PublishAt) = (true, now.AddMinutes(10)));
        var channelId = await site.WithDbAsync(db => db.Channels.Where(c => c.Slug == channel).Select(c => c.Id).SingleAsync());

        // What the list showed when each page counted its channel and skipped to its place (OFFSET).
        async Task<List<List<int>>> SkippedAsync() => await site.WithDbAsync(async db =>
        {
            var at = site.UtcNow;
            var visible = db.Articles.AsNoTracking().VisibleToPublic(at).Where(a => a.ChannelId == channelId);
            var pages = new List<List<int>>();
            for (var skip = 0; skip == 0 || skip < await visible.CountAsync(); skip += ChannelModel.PageSize)
            {
                pages.Add((await visible.PinnedFirstPageAsync(at, skip, ChannelModel.PageSize, CancellationToken.None)).Select(a => a.Id).ToList());
            }

            return pages;
        });

        async Task AssertPagesAsync(string moment)
        {
            var expected = await SkippedAsync();
            for (var page = 1; page <= expected.Count; page++)
            {
                var html = await client.GetStringAsync(new Uri($"/{channel}?page={page}", UriKind.Relative));
                var shown = System.Text.RegularExpressions.Regex.Matches(html, "href=\"/articles/(\\d+)\"").Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                Assert.True(expected[page - 1].SequenceEqual(shown), $"{moment}, page {page}: expected {string.Join(",", expected[page - 1])}, shown {string.Join(",", shown)}");
            }

            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/{channel}?page={expected.Count + 1}", UriKind.Relative))).StatusCode);
        }

        await AssertPagesAsync("at first");
        Assert.Equal(3, (await SkippedAsync()).Count);

        var published = await site.AddArticleAsync(channel, "新发布在中间", a => a.PublishAt = now.AddHours(-93));
        await AssertPagesAsync("after a publish");

        await site.WithDbAsync(async db =>
        {
            var article = await db.Articles.SingleAsync(a => a.Id == published);
            article.Status = ArticleStatus.Withdrawn;
            await db.SaveChangesAsync();
        });
        await site.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(published, channel);
        await AssertPagesAsync("after a withdrawal");

        await site.AdvanceAsync(TimeSpan.FromMinutes(6));
        await AssertPagesAsync("after a pin lapsed");

        await site.AdvanceAsync(TimeSpan.FromMinutes(2));
        await AssertPagesAsync("after an expiry");

        await site.AdvanceAsync(TimeSpan.FromMinutes(3));
        await AssertPagesAsync("after a scheduled publish");
    }
}
