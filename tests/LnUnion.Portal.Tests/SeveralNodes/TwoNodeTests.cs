using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests.SeveralNodes;

/// <summary>
/// What a visitor and a member of staff see when the site runs on two nodes behind a load balancer: whatever one
/// node is told shows on the other within a second, and losing Redis costs speed, never correctness.
/// </summary>
[Collection(SeveralNodeTests.Name)]
public sealed partial class TwoNodeTests(TwoNodes nodes)
{
    /// <summary>The issue's promise: a change on one node shows on every node within this.</summary>
    private static readonly TimeSpan Promise = TimeSpan.FromSeconds(1);

    private readonly HttpClient _visitorA = TwoNodes.Visitor(nodes.A);
    private readonly HttpClient _visitorB = TwoNodes.Visitor(nodes.B);

    [Fact]
    public async Task SignInCookieAndAntiforgeryTokenFromNodeAAreAcceptedByNodeB()
    {
        var account = await nodes.A.CreateStaffAsync(Roles.Staff);
        var jar = new CookieContainer();
        using var onA = TwoNodes.Browser(nodes.A, jar);
        using var onB = TwoNodes.Browser(nodes.B, jar);
        await onA.SignInAsync(account);

        using var dashboard = await onB.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

        var form = await onA.GetFormAsync("/admin/settings", "/admin/settings");
        using var saved = await onB.PostAsync("/admin/settings", form);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    [Fact]
    public async Task APageCachedByNodeAIsServedByNodeBFromRedis()
    {
        var (_, id, _) = await PublishOnAAsync("共享缓存");
        Assert.Equal(HttpStatusCode.OK, (await _visitorA.GetAsync(Url($"/articles/{id}"))).StatusCode);

        using var fromB = await _visitorB.GetAsync(Url($"/articles/{id}"));

        Assert.Equal(HttpStatusCode.OK, fromB.StatusCode);
        Assert.True(fromB.Headers.Age is not null, "Node B rendered the page again instead of taking node A's cached copy.");
    }

    [Fact]
    public async Task PublishingEditingAndWithdrawingOnNodeAShowOnNodeBWithinASecond()
    {
        var title = Unique("职工驿站开放");
        await WarmAsync(title);

        var (staff, id, timer) = await PublishOnAAsync(title);
        await EventuallyOnBothAsync(timer, Pages(id, title), present: true, "the published article");

        var edited = Unique("职工驿站延长开放");
        timer = await ChangeOnAAsync(staff, id, edited);
        await EventuallyOnBothAsync(timer, Pages(id, edited), present: true, "the edited title");
        // The sitemap lists the same address under either title.
        await EventuallyOnBothAsync(timer, [.. Pages(id, title).Where(p => p.Path != "/sitemap.xml")], present: false, "the old title gone");

        timer = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Redirect, (await staff.Reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/withdraw")).StatusCode);
        await EventuallyOnBothAsync(timer, Pages(id, edited), present: false, "no trace of the withdrawn article");
    }

    [Fact]
    public async Task ASettingsChangeOnNodeAShowsOnEveryPageOfNodeBWithinASecond()
    {
        var (_, id, _) = await PublishOnAAsync(Unique("设置变更"));
        string[] paths = ["/", "/news", $"/articles/{id}", "/about"];
        var original = await nodes.WithDbAsync(db => db.SiteSettings.Select(s => s.Phone).SingleAsync());
        await WarmAsync(paths);
        using var staff = await nodes.A.SignInAsNewAsync(Roles.Staff);
        var phone = "024-2258" + Random.Shared.Next(1000, 9999).ToString(CultureInfo.InvariantCulture);

        try
        {
            var timer = Stopwatch.StartNew();
            using var saved = await staff.SubmitAsync("/admin/settings", "/admin/settings", form => form["Input.Phone"] = phone);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            await EventuallyOnBothAsync(timer, [.. paths.Select(p => (p, Reads(phone)))], present: true, "the new phone number");
        }
        finally
        {
            await staff.SubmitAsync("/admin/settings", "/admin/settings", form => form["Input.Phone"] = original ?? string.Empty);
        }
    }

    [Fact]
    public async Task RenamingANavigationChannelOnNodeAShowsInTheHeaderOfEveryPageOfNodeBWithinASecond()
    {
        var slug = "nav-" + Guid.NewGuid().ToString("N")[..8];
        var before = Unique("导航栏目");
        var id = await nodes.WithDbAsync(async db =>
        {
            var channel = new Channel { Slug = slug, Name = before, SortOrder = 98, ShowInNavigation = true };
            db.Channels.Add(channel);
            await db.SaveChangesAsync();
            return channel.Id;
        });
        using var admin = await nodes.A.SignInAsNewAsync(Roles.Administrator);
        var (_, article, _) = await PublishOnAAsync(Unique("导航变更"));
        string[] paths = ["/", "/news", $"/articles/{article}", "/about", "/contact"];
        // Both nodes now hold the header with the channel under its first name, in memory and in their cached pages.
        using (await admin.SubmitAsync($"/admin/channels/{id}/edit", $"/admin/channels/{id}/edit", form => form["Input.Name"] = before))
        {
        }

        await EventuallyOnBothAsync(Stopwatch.StartNew(), [.. paths.Select(p => (p, Reads(before)))], present: true, "the new channel in the header");

        var after = Unique("改名的导航栏目");
        try
        {
            var timer = Stopwatch.StartNew();
            using var saved = await admin.SubmitAsync($"/admin/channels/{id}/edit", $"/admin/channels/{id}/edit", form => form["Input.Name"] = after);
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            // Node B asked first, so it renders each page itself (node A would otherwise render it and B serve A's copy).
            foreach (var path in paths)
            {
                Assert.Contains(after, await _visitorB.GetStringAsync(Url(path)), StringComparison.Ordinal);
            }

            await EventuallyOnBothAsync(timer, [.. paths.Select(p => (p, Reads(before)))], present: false, "the old name gone");
        }
        finally
        {
            await nodes.WithDbAsync(db => db.Channels.Where(c => c.Id == id).ExecuteUpdateAsync(c => c.SetProperty(x => x.ShowInNavigation, false)));
            await nodes.A.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
        }
    }

    [Fact]
    public async Task AScheduledArticleAppearsAndAnExpiringOneDisappearsOnBothNodesOnTimeWithNobodyTouchingTheSite()
    {
        // Nodes of their own on a fake clock, so that the moment comes when the test moves the clock, not after a wait
        // on the wall clock that a loaded machine may overrun.
        var timed = new TwoNodes(new FakeTimeProvider(DateTimeOffset.UtcNow));
        await timed.InitializeAsync();
        try
        {
            var visitors = (TwoNodes.Visitor(timed.A), TwoNodes.Visitor(timed.B));
            var due = timed.UtcNow.AddMinutes(1);
            var scheduled = Unique("定时发布");
            var expiring = Unique("到期下线");
            var scheduledId = await AddBehindTheAppsBackAsync(timed, scheduled, publishAt: due, expiresAt: null);
            var expiringId = await AddBehindTheAppsBackAsync(timed, expiring, publishAt: timed.UtcNow.AddMinutes(-1), expiresAt: due);
            // The expiring article is already visible: once each node's search index has caught up with the database
            // (its own work on its own timer, hence the wait), both indexes and caches hold it, as they would.
            await timed.AdvanceAsync(TimeSpan.FromSeconds(1));
            await EventuallyOnBothAsync(Stopwatch.StartNew(), Pages(expiringId, expiring), present: true, "the expiring article before its time", TimeSpan.FromSeconds(10), visitors);
            await AssertOnBothAsync(visitors, Pages(scheduledId, scheduled), present: false, "the scheduled article before its time");

            await timed.AdvanceAsync(due - timed.UtcNow);

            await AssertOnBothAsync(visitors, Pages(scheduledId, scheduled), present: true, "the scheduled article at its time");
            await AssertOnBothAsync(visitors, Pages(expiringId, expiring), present: false, "no trace of the expired article at its time");
        }
        finally
        {
            await timed.DisposeAsync();
        }
    }

    [Fact]
    public async Task WithRedisStoppedBothNodesStillAnswerAndNeitherServesAWithdrawnArticleAfterwards()
    {
        var title = Unique("缓存故障");
        var (staff, id, _) = await PublishOnAAsync(title);
        var article = $"/articles/{id}";
        // Cached in Redis, where the copy stays while the server is stopped. The scheduler may evict the channel's pages
        // (an earlier test's scheduled article coming due) just after a warm-up, so warm until the copy is there.
        TimeSpan? age = null;
        for (var attempt = 0; attempt < 5 && age is null; attempt++)
        {
            await WarmAsync(article, "/");
            age = (await _visitorB.GetAsync(Url(article))).Headers.Age;
        }

        Assert.NotNull(age);

        var warningsBefore = await RedisWarningsOnAAsync();
        nodes.Redis.Pause();
        try
        {
            foreach (var client in new[] { _visitorA, _visitorB })
            {
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/"))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url(article))).StatusCode);
                Assert.Equal("Degraded", await client.GetStringAsync(Url("/healthz")));
            }

            Assert.Equal(HttpStatusCode.Redirect, (await staff.Reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/withdraw")).StatusCode);
            foreach (var client in new[] { _visitorA, _visitorB })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(article))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/news"))).StatusCode);
            }
        }
        finally
        {
            nodes.Redis.Resume();
            await BothHealthyAsync();
        }

        foreach (var client in new[] { _visitorA, _visitorB })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(article))).StatusCode);
            Assert.DoesNotContain(title, await client.GetStringAsync(Url("/")), StringComparison.Ordinal);
        }

        // However many requests met the outage, node A said so once at most (it logs once a minute, and a warning
        // shortly before, such as a slow first connection on a busy machine, stands for this one too), and it did say so.
        var warnings = await RedisWarningsOnAAsync();
        Assert.InRange(warnings - warningsBefore, 0, 1);
        Assert.True(warnings >= 1, "Node A never logged that Redis could not be used.");

        // And caching has resumed: the second of two requests is the cached copy.
        await _visitorA.GetAsync(Url("/contact"));
        Assert.NotNull((await _visitorB.GetAsync(Url("/contact"))).Headers.Age);
    }

    [Fact]
    public async Task WhenRedisCrashesAndRestartsEmptyBothNodesKeepAnsweringAndCacheAgain()
    {
        var (staff, id, _) = await PublishOnAAsync(Unique("缓存重启"));
        var article = $"/articles/{id}";
        await WarmAsync(article);

        nodes.Redis.Kill();
        try
        {
            foreach (var client in new[] { _visitorA, _visitorB })
            {
                var timer = Stopwatch.StartNew();
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url(article))).StatusCode);
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Url("/"))).StatusCode);
                // A Redis that is gone costs no timeout: the connection fails at once.
                Assert.True(timer.Elapsed < TimeSpan.FromSeconds(2), $"Two pages took {timer.ElapsedMilliseconds} ms without Redis.");
                Assert.Equal("Degraded", await client.GetStringAsync(Url("/healthz")));
            }

            Assert.Equal(HttpStatusCode.Redirect, (await staff.Reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/withdraw")).StatusCode);
        }
        finally
        {
            await nodes.Redis.RestartAsync();
            await BothHealthyAsync();
        }

        foreach (var client in new[] { _visitorA, _visitorB })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(Url(article))).StatusCode);
        }

        await _visitorA.GetAsync(Url("/about"));
        Assert.NotNull((await _visitorB.GetAsync(Url("/about"))).Headers.Age);
    }

    /// <summary>
    /// Every page an article shows on, with what shows it there: its title, or on the sitemap and the search results
    /// (which repeats the query) its address.
    /// </summary>
    private static (string Path, Func<string, bool> Shows)[] Pages(int id, string title)
    {
        var address = "/articles/" + id.ToString(CultureInfo.InvariantCulture);
        return
        [
            ("/", Reads(title)),
            ("/news", Reads(title)),
            (address, Reads(title)),
            ("/feed.xml", Reads(title)),
            // The address as a whole, not the start of a longer one: the sitemap's XML closes it with a tag.
            ("/sitemap.xml", Reads(address + "<")),
            ("/search?q=" + Uri.EscapeDataString(title), html => PublicHtml.All(html, $"h2 > a[href='{address}']").Count > 0),
        ];
    }

    /// <summary>A page shows this when its text has it anywhere.</summary>
    private static Func<string, bool> Reads(string text) => html => html.Contains(text, StringComparison.Ordinal);

    /// <summary>
    /// Waits until every page on both nodes shows its marker (answering 200), or none does, failing with the pages that
    /// did not once <paramref name="limit"/> (the promise) has passed since <paramref name="timer"/> started.
    /// </summary>
    private async Task EventuallyOnBothAsync(Stopwatch timer, (string Path, Func<string, bool> Shows)[] pages, bool present, string what, TimeSpan? limit = null, (HttpClient A, HttpClient B)? visitors = null)
    {
        while (true)
        {
            var failing = await FailingOnBothAsync(visitors ?? (_visitorA, _visitorB), pages, present);
            if (failing.Count == 0)
            {
                return;
            }

            if (timer.Elapsed > (limit ?? Promise))
            {
                Assert.Fail($"After {timer.ElapsedMilliseconds} ms, still without {what}: {string.Join(", ", failing)}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Asserts that every page on both nodes shows its marker (answering 200), or that none does, now.</summary>
    private static async Task AssertOnBothAsync((HttpClient A, HttpClient B) visitors, (string Path, Func<string, bool> Shows)[] pages, bool present, string what)
    {
        var failing = await FailingOnBothAsync(visitors, pages, present);
        Assert.True(failing.Count == 0, $"Without {what}: {string.Join(", ", failing)}");
    }

    /// <summary>The pages, named by node, that show their marker when they should not, or do not when they should.</summary>
    private static async Task<List<string>> FailingOnBothAsync((HttpClient A, HttpClient B) visitors, (string Path, Func<string, bool> Shows)[] pages, bool present)
    {
        var failing = new List<string>();
        foreach (var (name, client) in new[] { ("A", visitors.A), ("B", visitors.B) })
        {
            foreach (var (path, shows) in pages)
            {
                using var response = await client.GetAsync(Url(path));
                var shown = response.StatusCode == HttpStatusCode.OK && shows(await response.Content.ReadAsStringAsync());
                if (shown != present)
                {
                    failing.Add($"{name} {path} ({(int)response.StatusCode})");
                }
            }
        }

        return failing;
    }

    /// <summary>Waits until both nodes use Redis again, so the tests after an outage start from a working cache.</summary>
    private async Task BothHealthyAsync()
    {
        foreach (var client in new[] { _visitorA, _visitorB })
        {
            await EventuallyAsync(TimeSpan.FromSeconds(10), async () => await client.GetStringAsync(Url("/healthz")) == "Healthy", "the node to report healthy again");
        }
    }

    private static async Task EventuallyAsync(TimeSpan limit, Func<Task<bool>> condition, string what)
    {
        var timer = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(timer.Elapsed < limit, $"Waited {limit} for {what}.");
            await Task.Delay(100);
        }
    }

    /// <summary>Requests each page on both nodes, so that both caches hold (and would keep serving) their current copies.</summary>
    private async Task WarmAsync(params string[] paths)
    {
        foreach (var client in new[] { _visitorA, _visitorB })
        {
            foreach (var path in paths)
            {
                await client.GetAsync(Url(path));
            }
        }
    }

    private Task WarmAsync(string title) => WarmAsync([.. Pages(0, title).Where(p => p.Path != "/articles/0").Select(p => p.Path)]);


    /// <summary>An editor writes and submits, a reviewer approves, both on node A; the timer starts as the approval is sent.</summary>
    private async Task<(Staff Staff, int Id, Stopwatch Timer)> PublishOnAAsync(string title)
    {
        var staff = new Staff(await nodes.A.SignInAsNewAsync(Roles.Editor), await nodes.A.SignInAsNewAsync(Roles.Reviewer));
        var channelId = await nodes.WithDbAsync(async db => (await db.Channels.SingleAsync(c => c.Slug == ChannelSlugs.News)).Id.ToString(CultureInfo.InvariantCulture));
        var created = await staff.Editor.PostMultipartWithTokenAsync("/admin/articles/new", "/admin/articles/new",
            [("Input.ChannelId", channelId), ("Input.Title", title), ("Input.BodyMarkdown", $"{title}的正文。"), ("Input.Author", "宣传部")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = int.Parse(ArticleIdInLocation().Match(created.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
        return (staff, id, await SubmitAndApproveAsync(staff, id));
    }

    /// <summary>The editor changes the title of the published article and the reviewer approves the change, on node A.</summary>
    private static async Task<Stopwatch> ChangeOnAAsync(Staff staff, int id, string title)
    {
        var edit = $"/admin/articles/{id}/edit";
        var fields = await staff.Editor.GetFormAsync(edit, edit);
        fields["Input.Title"] = title;
        fields["Input.BodyMarkdown"] = $"{title}的正文。";
        Assert.Equal(HttpStatusCode.Redirect, (await staff.Editor.PostMultipartAsync(edit, fields)).StatusCode);
        return await SubmitAndApproveAsync(staff, id);
    }

    private static async Task<Stopwatch> SubmitAndApproveAsync(Staff staff, int id)
    {
        Assert.Equal(HttpStatusCode.Redirect, (await staff.Editor.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/submit")).StatusCode);
        var approval = await staff.Reviewer.GetFormAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve");
        approval["SecrecyConfirmed"] = "true";
        var timer = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.Redirect, (await staff.Reviewer.PostAsync($"/admin/articles/{id}/approve", approval)).StatusCode);
        return timer;
    }

    /// <summary>A published news article written straight into the database, as an import would: no node is told.</summary>
    private static Task<int> AddBehindTheAppsBackAsync(TwoNodes site, string title, DateTime publishAt, DateTime? expiresAt) => site.WithDbAsync(async db =>
    {
        var channel = await db.Channels.SingleAsync(c => c.Slug == ChannelSlugs.News);
        var article = PortalApplication.PublishedArticle(channel.Id, title);
        (article.PublishAt, article.ExpiresAt, article.UpdatedAt) = (publishAt, expiresAt, site.UtcNow);
        db.Articles.Add(article);
        await db.SaveChangesAsync();
        return article.Id;
    });

    private async Task<int> RedisWarningsOnAAsync() =>
        Regex.Count(await RequestLogTests.ReadLogsAsync(nodes.LogPathA), "shared output cache \\(Redis\\) cannot be used");

    /// <summary>A title no other test uses, so each test's pages tell only of its own article.</summary>
    private static string Unique(string title) => title + Guid.NewGuid().ToString("N")[..6];

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private sealed record Staff(StaffBrowser Editor, StaffBrowser Reviewer);

    [GeneratedRegex("/admin/articles/([0-9]+)")]
    private static partial Regex ArticleIdInLocation();
}
