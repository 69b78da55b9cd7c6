using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

/// <summary>The home page lists inspection notices while the public can still report to the team.</summary>
[Collection(PortalTests.Name)]
public sealed class InspectionNoticeTests(PortalApplication app)
{
    private readonly HttpClient _client = app.CreatePublicClient();

    [Fact]
    public async Task HomePageListsActiveInspectionNoticesAndDropsEndedOnes()
    {
        var today = app.Today;
        var active = await app.AddArticleAsync(ChannelSlugs.Inspection, "省委第四巡视组进驻公告", a =>
        {
            a.PublishAt = app.UtcNow.AddMinutes(-2);
            a.Inspection = new InspectionDetails { Team = "省委第四巡视组", AcceptFrom = today.AddDays(-1), AcceptTo = today };
        });
        var ended = await app.AddArticleAsync(ChannelSlugs.Inspection, "省委第五巡视组进驻公告", a =>
        {
            a.PublishAt = app.UtcNow.AddMinutes(-1);
            a.Inspection = new InspectionDetails { Team = "省委第五巡视组", AcceptFrom = today.AddDays(-30), AcceptTo = today.AddDays(-1) };
        });
        var coming = await app.AddArticleAsync(ChannelSlugs.Inspection, "省委第六巡视组进驻公告", a =>
        {
            a.PublishAt = app.UtcNow.AddMinutes(-3);
            a.Inspection = new InspectionDetails { Team = "省委第六巡视组", AcceptFrom = today.AddDays(1), AcceptTo = today.AddDays(20) };
        });
        try
        {
            var home = await _client.GetStringAsync(new Uri("/", UriKind.Relative));
            var inspections = home[home.IndexOf("<h2 id=\"inspection-title\">", StringComparison.Ordinal)..home.IndexOf("<h2 id=\"campaigns-title\">", StringComparison.Ordinal)];

            Assert.Contains("省委第四巡视组进驻公告", inspections, StringComparison.Ordinal);
            Assert.Contains(SeedContent.InspectionTitle, inspections, StringComparison.Ordinal);
            Assert.DoesNotContain("省委第五巡视组进驻公告", home, StringComparison.Ordinal);
            // Its last day still counts as open.
            PublicHtml.AssertElement(await _client.GetStringAsync(new Uri($"/articles/{active}", UriKind.Relative)), "span", "受理中", "class=status open");
            PublicHtml.AssertElement(await _client.GetStringAsync(new Uri($"/articles/{ended}", UriKind.Relative)), "span", "已结束", "class=status closed");
            // A period still to come is not yet open: it used to say 受理中 already.
            PublicHtml.AssertElement(await _client.GetStringAsync(new Uri($"/articles/{coming}", UriKind.Relative)), "span", "未开始", "class=status pending");
        }
        finally
        {
            // Leave the seeded inspection channel as other tests expect it.
            await app.WithDbAsync(db => db.Articles.Where(a => a.Id == active || a.Id == ended || a.Id == coming)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.Status, ArticleStatus.Withdrawn)));
            await app.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(active, ChannelSlugs.Inspection);
        }
    }
}
