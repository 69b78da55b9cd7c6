using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed class DashboardTests(PortalApplication app)
{
    [Fact]
    public async Task ChannelPastItsFreshnessLimitIsShownInRed()
    {
        var channel = await app.AddChannelAsync("dash-stale");
        await app.AddArticleAsync(channel, "很久以前的文章", a => a.PublishAt = app.UtcNow.AddDays(-20));
        var fresh = await app.AddChannelAsync("dash-fresh");
        await app.AddArticleAsync(fresh, "昨天的文章", a => a.PublishAt = app.UtcNow.AddDays(-1));
        var staff = await app.SignInAsNewAsync(Roles.Staff);

        var html = await staff.GetPageAsync("/admin");

        Assert.Contains(PublicHtml.All(html, "td > a[href='/dash-stale']"), link => link.TextContent == "测试栏目dash-stale");
        Assert.Matches("dash-stale</a></td>\\s*<td>\\s*<span class=\"badge stale\">20 天，已超期</span>", html);
        Assert.Matches("dash-fresh</a></td>\\s*<td>\\s*<span>1 天</span>", html);
    }

    [Fact]
    public async Task ViewsOfTheLastThirtyDaysAreDrawnAsAnSvgChart()
    {
        var today = app.Today;
        await app.WithDbAsync(async db =>
        {
            db.DailyViewCounts.RemoveRange(db.DailyViewCounts);
            db.DailyViewCounts.AddRange(new DailyViewCount { Day = today, Views = 120 }, new DailyViewCount { Day = today.AddDays(-3), Views = 30 }, new DailyViewCount { Day = today.AddDays(-40), Views = 999 });
            await db.SaveChangesAsync();
        });
        var staff = await app.SignInAsNewAsync(Roles.Staff);

        var html = await staff.GetPageAsync("/admin");

        PublicHtml.AssertElementHas(html, "svg", "class=views-chart");
        Assert.Contains("近 30 天共浏览 150 次，单日最多 120 次", html, StringComparison.Ordinal);
        Assert.Equal(30, System.Text.RegularExpressions.Regex.Count(html, "<rect "));
    }

    [Fact]
    public async Task ReviewerSeesWhatWaitsForTheirReview()
    {
        var writer = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var id = await app.AddArticleAsync("news", "等待审核的稿件", a =>
        {
            a.Status = ArticleStatus.InReview;
            a.CreatedById = writer.UserId;
            a.SubmittedById = writer.UserId;
            a.SubmittedAt = app.UtcNow;
        });

        var forReviewer = await reviewer.GetPageAsync("/admin");
        var forWriter = await writer.GetPageAsync("/admin");

        PublicHtml.AssertElement(forReviewer, "a", "等待审核的稿件", $"href=/admin/articles/{id}");
        Assert.Contains("待第 1 级审核", forReviewer, StringComparison.Ordinal);
        // The writer sees it too, but as their submission waiting, not as theirs to review.
        Assert.Matches("等待审核的稿件</a>.*我提交的，审核中", forWriter);
        Assert.DoesNotContain("待第 1 级审核", forWriter, StringComparison.Ordinal);
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task WriterSeesTheirRejectedSubmittedAndScheduledArticlesAndReviewersSeeEveryScheduledOne()
    {
        var writer = await app.SignInAsNewAsync(Roles.Editor);
        var otherWriter = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var inAWeek = app.UtcNow.AddDays(7);
        var rejected = await app.AddArticleAsync("news", "被退回的稿件", a =>
        {
            a.Status = ArticleStatus.Rejected;
            a.CreatedById = writer.UserId;
        });
        var submitted = await app.AddArticleAsync("news", "我提交待审的稿件", a =>
        {
            a.Status = ArticleStatus.InReview;
            a.CreatedById = writer.UserId;
            a.SubmittedById = writer.UserId;
            a.SubmittedAt = app.UtcNow;
        });
        var scheduled = await app.AddArticleAsync("news", "下周发布的通知", a =>
        {
            a.PublishAt = inAWeek;
            a.CreatedById = writer.UserId;
        });

        var forWriter = await writer.GetPageAsync("/admin");
        var forReviewer = await reviewer.GetPageAsync("/admin");
        var forOtherWriter = await otherWriter.GetPageAsync("/admin");

        Assert.Matches($"<a href=\"/admin/articles/{rejected}\">被退回的稿件</a>.*被退回，待修改", forWriter);
        Assert.Matches($"<a href=\"/admin/articles/{submitted}\">我提交待审的稿件</a>.*我提交的，审核中（已通过 0 / 1 级）", forWriter);
        var scheduledLine = $"<a href=\"/admin/articles/{scheduled}\">下周发布的通知</a>.*定时发布（{Portal.Calendar.ChinaTime.DateAndTime(inAWeek)}）";
        Assert.Matches(scheduledLine, forWriter);
        Assert.Matches(scheduledLine, forReviewer);
        Assert.DoesNotContain("下周发布的通知", forOtherWriter, StringComparison.Ordinal);
        Assert.DoesNotContain("被退回的稿件", forReviewer, StringComparison.Ordinal);
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == rejected || a.Id == submitted || a.Id == scheduled).ExecuteDeleteAsync());
    }
}
