using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests.Checks;

/// <summary>Scans on apps of their own, each on its own SQLite file, with a clock the test moves.</summary>
public sealed class ScanResumeTests
{
    [Fact]
    public async Task AScanCutShortByARestartGoesOnWhereItStoppedOnASecondAppAfterTheLeaseExpires()
    {
        await using var database = new PortalApplication();
        var start = new DateTimeOffset(2026, 6, 1, 4, 0, 0, TimeSpan.Zero);
        var firstClock = new FakeTimeProvider(start);
        var first = Node(database, firstClock);
        var articles = new List<int>();
        await WithDbAsync(first, async db =>
        {
            // Only the test's articles are public, so the batches are exactly these.
            await db.Articles.ExecuteUpdateAsync(a => a.SetProperty(x => x.Status, ArticleStatus.Draft));
            var news = await db.Channels.SingleAsync(c => c.Slug == ChannelSlugs.News);
            for (var i = 0; i < 5; i++)
            {
                var article = PortalApplication.PublishedArticle(news.Id, $"坏链接文章{i}");
                article.BodyMarkdown = $"[坏链接](/resume-gone-{i})";
                db.Articles.Add(article);
                await db.SaveChangesAsync();
                articles.Add(article.Id);
            }
        });
        var firstScanner = first.Services.GetRequiredService<SiteScanner>();
        var scanId = await firstScanner.StartAsync("测试", CancellationToken.None);

        Assert.Equal(ScanStep.Progressed, await firstScanner.RunBatchAsync(CancellationToken.None));
        var afterOneBatch = await WithDbAsync(first, db => db.SiteScans.AsNoTracking().SingleAsync(s => s.Id == scanId));
        // The first app stops without letting go of the lease, as a crashed node would.
        await first.DisposeAsync();

        var secondClock = new FakeTimeProvider(start.AddMinutes(1));
        await using var second = Node(database, secondClock);
        var secondScanner = second.Services.GetRequiredService<SiteScanner>();
        Assert.Equal(ScanStep.NotHolder, await secondScanner.RunBatchAsync(CancellationToken.None));
        secondClock.Advance(TimeSpan.FromMinutes(5));
        await secondScanner.RunAsync(CancellationToken.None);

        var scan = await WithDbAsync(second, db => db.SiteScans.AsNoTracking().SingleAsync(s => s.Id == scanId));
        var findings = await WithDbAsync(second, db => db.ScanFindings.AsNoTracking().Where(f => f.Found.StartsWith("/resume-gone-")).OrderBy(f => f.ArticleId).ToListAsync());
        Assert.Equal(2, afterOneBatch.Done);
        Assert.NotNull(scan.FinishedAt);
        Assert.Equal(scan.Total, scan.Done);
        Assert.Equal(articles, findings.Select(f => f.ArticleId!.Value));
        // Each article was checked once: the ones of the first batch by the first app only, at its time.
        Assert.Equal(articles[..2], findings.Where(f => f.LastSeenAt == start.UtcDateTime).Select(f => f.ArticleId!.Value));
        Assert.Equal(articles[2..], findings.Where(f => f.LastSeenAt == secondClock.GetUtcNow().UtcDateTime).Select(f => f.ArticleId!.Value));
        // At the end the second app let go, so the next scan may run on any node at once.
        Assert.Null(await WithDbAsync(second, db => db.ScanLeases.Select(l => l.Holder).SingleAsync()));
    }

    [Fact]
    public async Task TheNightlyScanStartsByItselfAtTwoInTheMorningBeijingTimeOnceADay()
    {
        await using var database = new PortalApplication();
        // 01:59:50 in Beijing, last night's scan done.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 6, 1, 17, 59, 50, TimeSpan.Zero));
        await using var node = Node(database, clock, nightly: true);
        _ = node.Services;
        var lastNight = new DateTime(2026, 5, 31, 18, 0, 0, DateTimeKind.Utc);
        await WithDbAsync(node, async db =>
        {
            db.SiteScans.Add(new SiteScan { StartedAt = lastNight, FinishedAt = lastNight.AddMinutes(1), StartedBy = SiteScanner.NightlyStarter, IsNightly = true });
            await db.SaveChangesAsync();
        });

        // Before two, what the worker does on each look, done here and awaited, starts nothing.
        clock.Advance(TimeSpan.FromSeconds(5));
        await Scans.FinishAsync(node);
        Assert.Equal(1, await WithDbAsync(node, db => db.SiteScans.CountAsync()));

        clock.Advance(TimeSpan.FromSeconds(10));
        var scan = await WaitForAsync(node, db => db.SiteScans.AsNoTracking().SingleOrDefaultAsync(s => s.StartedAt > lastNight && s.FinishedAt != null));

        Assert.Equal((SiteScanner.NightlyStarter, true), (scan.StartedBy, scan.IsNightly));
        Assert.Equal("2026-06-02 02:00", ChinaTime.DateAndTime(scan.StartedAt));

        // Later the same night nothing new starts; the next night does.
        clock.Advance(TimeSpan.FromHours(3));
        await Scans.FinishAsync(node);
        Assert.Equal(2, await WithDbAsync(node, db => db.SiteScans.CountAsync()));
        clock.Advance(TimeSpan.FromHours(21));
        await WaitForAsync(node, db => db.SiteScans.AsNoTracking().Where(s => s.FinishedAt != null).OrderBy(s => s.Id).Skip(2).FirstOrDefaultAsync());
    }

    /// <summary>An app on the database's SQLite file with the test's clock and small batches; with no nightly scan unless asked.</summary>
    private static WebApplicationFactory<Program> Node(PortalApplication database, FakeTimeProvider clock, bool nightly = false) =>
        database.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Checks:Scan:BatchSize", "2");
            builder.UseSetting("Checks:Scan:NightlyAt", nightly ? "02:00:00" : string.Empty);
            // The clock jumps a day ahead here; the link checker's round would then wait on it for its pauses.
            builder.UseSetting("Checks:Links:Interval", "30.00:00:00");
            // The clock jumps hours; the worker's own round, which these tests are about, keeps its default.
            foreach (var (key, value) in PortalApplication.RoundsForLongJumps.Where(setting => setting.Key != PortalApplication.ScanWorkerRound))
            {
                builder.UseSetting(key, value);
            }

            builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(clock));
        });

    private static async Task<T> WithDbAsync<T>(WebApplicationFactory<Program> node, Func<PortalDbContext, Task<T>> action)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private static Task<bool> WithDbAsync(WebApplicationFactory<Program> node, Func<PortalDbContext, Task> action) =>
        WithDbAsync(node, async db =>
        {
            await action(db);
            return true;
        });

    private static async Task<T> WaitForAsync<T>(WebApplicationFactory<Program> node, Func<PortalDbContext, Task<T?>> query)
        where T : class
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            if (await WithDbAsync(node, query) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("Nothing appeared within 20 seconds.");
    }
}
