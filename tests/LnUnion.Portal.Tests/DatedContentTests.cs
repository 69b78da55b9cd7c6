using System.Net;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests;

/// <summary>An app of its own on a fake clock, moved across Beijing midnights by the tests of <see cref="DatedContentTests"/>.</summary>
public sealed class DatedContentApp : IAsyncLifetime
{
    public PortalApplication App { get; } = new() { Clock = new FakeTimeProvider(new DateTimeOffset(2031, 5, 10, 12, 0, 0, TimeSpan.Zero)) };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>
/// What the date decides — a 公示 or inspection notice's 未开始 / open / ended, a topic starting and being archived —
/// changes at Beijing midnight with nobody touching anything, even on pages already in the output cache.
/// </summary>
public sealed class DatedContentTests(DatedContentApp fixture) : IClassFixture<DatedContentApp>
{
    private readonly PortalApplication _app = fixture.App;

    [Fact]
    public async Task APublicityNoticeIsNotStartedThenOpenThenEndedByBeijingDateOnItsCachedPage()
    {
        using var client = _app.CreatePublicClient();
        var tomorrow = _app.Today.AddDays(1);
        var id = await _app.AddArticleAsync(ChannelSlugs.Notices, "关于推荐全国五一劳动奖章人选的公示", a =>
        {
            a.Kind = ArticleKind.Publicity;
            a.Publicity = new PublicityDetails { From = tomorrow, To = tomorrow.AddDays(1), ObjectionPhone = "024-22581001" };
        });

        Assert.Equal(("pending", "未开始"), await StatusAsync(client, $"/articles/{id}"));
        Assert.Equal(("pending", "未开始"), await StatusAsync(client, $"/articles/{id}"));

        await AdvancePastMidnightAsync();
        Assert.Equal(("open", "公示中"), await StatusAsync(client, $"/articles/{id}"));

        await AdvancePastMidnightAsync();
        // Its last day still counts as open.
        Assert.Equal(("open", "公示中"), await StatusAsync(client, $"/articles/{id}"));

        await AdvancePastMidnightAsync();
        Assert.Equal(("closed", "公示已结束"), await StatusAsync(client, $"/articles/{id}"));
        Assert.Equal(("closed", "公示已結束"), await StatusAsync(client, $"/zh-hant/articles/{id}"));
    }

    [Fact]
    public async Task AnInspectionNoticeWhosePeriodHasNotBegunSaysNotStartedNotAccepting()
    {
        using var client = _app.CreatePublicClient();
        var tomorrow = _app.Today.AddDays(1);
        var id = await _app.AddArticleAsync(ChannelSlugs.Inspection, "省委第六巡视组进驻公告", a =>
            a.Inspection = new InspectionDetails { Team = "省委第六巡视组", AcceptFrom = tomorrow, AcceptTo = tomorrow });
        try
        {
            Assert.Equal(("pending", "未开始"), await StatusAsync(client, $"/articles/{id}"));

            await AdvancePastMidnightAsync();
            Assert.Equal(("open", "受理中"), await StatusAsync(client, $"/articles/{id}"));

            await AdvancePastMidnightAsync();
            Assert.Equal(("closed", "已结束"), await StatusAsync(client, $"/articles/{id}"));
        }
        finally
        {
            await _app.WithDbAsync(async db =>
            {
                (await db.Articles.FindAsync(id))!.Status = ArticleStatus.Withdrawn;
                await db.SaveChangesAsync();
            });
            await _app.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, ChannelSlugs.Inspection);
        }
    }

    [Fact]
    public async Task ATopicAppearsOnItsStartDateAndIsArchivedAfterItsEndDateButStaysReachable()
    {
        using var client = _app.CreatePublicClient();
        var startsOn = _app.Today.AddDays(1);
        await AddTopicAsync("summer-safety", "夏季安全生产专题", startsOn, startsOn);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/topics/summer-safety", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("夏季安全生产专题", await TextAsync(client, "/", "#topics-title + *"), StringComparison.Ordinal);
        Assert.DoesNotContain("/topics/summer-safety", await client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)), StringComparison.Ordinal);

        await AdvancePastMidnightAsync();
        Assert.Contains("夏季安全生产专题", await TextAsync(client, "/", "#topics-title + *"), StringComparison.Ordinal);
        Assert.Contains("夏季安全生产专题", await TextAsync(client, "/topics", "#current-topics-title + *"), StringComparison.Ordinal);
        Assert.Contains("/topics/summer-safety", await client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)), StringComparison.Ordinal);

        await AdvancePastMidnightAsync();
        Assert.DoesNotContain("夏季安全生产专题", await TextAsync(client, "/", "#topics-title + *"), StringComparison.Ordinal);
        Assert.DoesNotContain("夏季安全生产专题", await TextAsync(client, "/topics", "#current-topics-title + *"), StringComparison.Ordinal);
        Assert.Contains("夏季安全生产专题", await TextAsync(client, "/topics", "#archived-topics-title + *"), StringComparison.Ordinal);
        Assert.Contains("往期专题", await TextAsync(client, "/topics/summer-safety", ".meta"), StringComparison.Ordinal);
    }

    private async Task AddTopicAsync(string slug, string title, DateOnly startsOn, DateOnly? endsOn)
    {
        await _app.WithDbAsync(async db =>
        {
            db.Topics.Add(new Topic { Slug = slug, Title = title, BodyMarkdown = $"{title}的介绍。", StartsOn = startsOn, EndsOn = endsOn, CreatedAt = _app.UtcNow, UpdatedAt = _app.UtcNow });
            await db.SaveChangesAsync();
        });
        await _app.Services.GetRequiredService<PublicCache>().ChangedAsync(new ContentChangeSet(new HashSet<int>(), new HashSet<string>(), new HashSet<string>(), false) { Topics = true });
    }

    /// <summary>To one minute past the next Beijing midnight.</summary>
    private Task AdvancePastMidnightAsync()
    {
        var beijing = ChinaTime.FromUtc(_app.UtcNow);
        return _app.AdvanceAsync(beijing.Date.AddDays(1).AddMinutes(1) - beijing);
    }

    private static async Task<(string? Class, string Text)> StatusAsync(HttpClient client, string path)
    {
        var document = new HtmlParser().ParseDocument(await client.GetStringAsync(new Uri(path, UriKind.Relative)));
        var status = document.QuerySelector(".notice-box .status");
        Assert.NotNull(status);
        return (status.ClassList.Single(c => c != "status"), status.TextContent.Trim());
    }

    private static async Task<string> TextAsync(HttpClient client, string path, string selector)
    {
        var document = new HtmlParser().ParseDocument(await client.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.QuerySelector(selector)?.TextContent ?? string.Empty;
    }
}
