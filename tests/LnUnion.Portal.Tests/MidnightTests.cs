using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Topics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests;

/// <summary>
/// What depends on the Beijing date changes at Beijing midnight with nobody editing anything: the 公示 box moves from
/// 未开始 to 公示中 to 公示已结束, and a 专题 whose end date has passed leaves the home page. The app runs on a fake
/// clock of its own, moved with <see cref="PortalApplication.AdvanceAsync"/>, which waits for the scheduler's round.
/// </summary>
public sealed class MidnightTests
{
    [Fact]
    public async Task ThePublicityBoxAndTheHomePagesTopicsChangeAtBeijingMidnightWithoutAnEdit()
    {
        // Ten minutes before midnight in Beijing (UTC+8).
        var beijingNow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var midnight = new DateTimeOffset(beijingNow.Date.AddDays(1), TimeSpan.FromHours(8));
        await using var site = new PortalApplication { Clock = new FakeTimeProvider(midnight.AddMinutes(-10)), Settings = PortalApplication.RoundsForLongJumps };
        using var client = site.CreatePublicClient();
        var today = site.Today;
        var channel = await site.AddChannelAsync($"m-{Guid.NewGuid():N}"[..16]);

        // Starts tomorrow and ends the day after: three states in two midnights.
        var notice = await site.AddArticleAsync(channel, "跨午夜公示测试", a =>
        {
            a.Kind = ArticleKind.Publicity;
            a.Publicity = new PublicityDetails { From = today.AddDays(1), To = today.AddDays(1) };
        });
        await site.WithDbAsync(async db =>
        {
            db.Topics.Add(new Topic { Slug = "midnight-topic", Title = "今日结束的专题", BodyMarkdown = "介绍。", StartsOn = today.AddDays(-3), EndsOn = today, CreatedAt = site.UtcNow, UpdatedAt = site.UtcNow });
            await db.SaveChangesAsync();
        });
        await site.Services.GetRequiredService<PublicCache>().ChangedAsync(new ContentChangeSet(new HashSet<int>(), new HashSet<string>(), new HashSet<string>(), false) { Topics = true });

        // Read twice so the second answer comes from the output cache: only the date, not an eviction on save, may renew it.
        PublicHtml.AssertElement(await PageAsync(client, $"/articles/{notice}"), "span", "未开始", "class=status pending");
        PublicHtml.AssertElement(await PageAsync(client, $"/articles/{notice}"), "span", "未开始", "class=status pending");
        Assert.Contains("今日结束的专题", await PageAsync(client, "/"), StringComparison.Ordinal);
        Assert.Contains("今日结束的专题", await PageAsync(client, "/"), StringComparison.Ordinal);

        await site.AdvanceAsync(TimeSpan.FromMinutes(10));

        PublicHtml.AssertElement(await PageAsync(client, $"/articles/{notice}"), "span", "公示中", "class=status open");
        Assert.DoesNotContain("今日结束的专题", await PageAsync(client, "/"), StringComparison.Ordinal);
        // Archived, not gone: its own page still answers.
        Assert.Contains("今日结束的专题", await PageAsync(client, "/topics/midnight-topic"), StringComparison.Ordinal);

        await site.AdvanceAsync(TimeSpan.FromDays(1));

        PublicHtml.AssertElement(await PageAsync(client, $"/articles/{notice}"), "span", "公示已结束", "class=status closed");
    }

    private static Task<string> PageAsync(HttpClient client, string path) => client.GetStringAsync(new Uri(path, UriKind.Relative));
}
