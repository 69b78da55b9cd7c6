using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Checks;

/// <summary>
/// The checks in the review: a reason for each serious finding, the last level's 保密审查, no back-dating except by an
/// administrator with a reason, and 首发时间 and 更新时间 on the public page once a change has gone live.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class ReviewConfirmationTests(PortalApplication app)
{
    /// <summary>A mainland ID number with a valid check digit: a serious finding wherever it is written.</summary>
    private const string IdNumber = "11010519491231002X";

    private readonly HttpClient _public = app.CreatePublicClient();

    [Fact]
    public async Task EachSeriousFindingNeedsTheReviewersReasonAndLaterLevelsAndTheHistoryShowIt()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        using var first = await app.SignInAsNewAsync(Roles.Reviewer);
        using var second = await app.SignInAsNewAsync(Roles.Reviewer);
        var word = $"禁词{Guid.NewGuid():N}"[..8];
        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync("/admin/checks/sensitive", "/admin/checks/sensitive/new", ("Input.Text", word))).StatusCode);
        var id = await app.CreateArticleAsync(editor, "两处严重问题的通知", $"咨询请联系，证件号 {IdNumber}。文中引用了“{word}”一词。");
        await InChannelWithLevelsAsync(id, 2);
        await SubmitAsync(editor, id);
        var detail = $"/admin/articles/{id}";
        var approve = $"{detail}/approve";

        var form = await first.GetFormAsync(detail, approve);
        Assert.Equal(2, form.Count(f => f.Name.EndsWith(".Reason", StringComparison.Ordinal)));
        Assert.DoesNotContain(form, f => f.Name == "SecrecyConfirmed");
        var wordIndex = IndexOf(form, word);
        form[$"Confirmations[{wordIndex}].Reason"] = "引文批评该说法，须保留原文";
        var oneReason = await first.PostAsync(approve, form);
        var refusedHtml = await oneReason.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Conflict, oneReason.StatusCode);
        Assert.Contains(StaffBrowser.Errors(refusedHtml), e => e.Contains("须逐条填写确认理由", StringComparison.Ordinal) && e.Contains("110105", StringComparison.Ordinal));
        Assert.Contains("引文批评该说法，须保留原文", refusedHtml, StringComparison.Ordinal);
        Assert.Equal(0, await app.WithDbAsync(db => db.ReviewRecords.CountAsync(r => r.ArticleId == id)));

        form[$"Confirmations[{1 - wordIndex}].Reason"] = "已征得本人同意公开";
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostAsync(approve, form)).StatusCode);
        var confirmed = await app.WithDbAsync(db => db.Set<FindingConfirmation>().Where(c => c.ReviewRecord.ArticleId == id).OrderBy(c => c.Kind).ToListAsync());
        Assert.Equal(["id-number", "sensitive-word"], confirmed.Select(c => c.Kind));
        Assert.DoesNotContain(confirmed, c => c.Found.Contains(IdNumber, StringComparison.Ordinal));
        Assert.Equal(2, (await app.AuditEntriesAsync("articles.confirm-finding", $"articles:{id}", first.UserId)).Count);

        // The second level sees what the first said, gives reasons of its own, and must confirm 保密审查.
        var secondPage = await second.GetPageAsync(detail);
        Assert.Contains("已确认：第 1 级", secondPage, StringComparison.Ordinal);
        Assert.Contains("已征得本人同意公开", secondPage, StringComparison.Ordinal);
        var secondForm = StaffBrowser.ReadForm(secondPage, approve);
        foreach (var reason in secondForm.Where(f => f.Name.EndsWith(".Reason", StringComparison.Ordinal)).Select(f => f.Name).ToList())
        {
            secondForm[reason] = "同意第一级的意见";
        }

        var withoutSecrecy = await second.PostAsync(approve, secondForm);
        Assert.Equal(HttpStatusCode.Conflict, withoutSecrecy.StatusCode);
        Assert.Contains("最后一级审核须勾选“保密审查”确认，才能通过并发布。", StaffBrowser.Errors(await withoutSecrecy.Content.ReadAsStringAsync()));
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));

        secondForm["SecrecyConfirmed"] = "true";
        Assert.Equal(HttpStatusCode.Redirect, (await second.PostAsync(approve, secondForm)).StatusCode);
        Assert.Equal(ArticleStatus.Published, await StatusAsync(id));
        var records = await app.WithDbAsync(db => db.ReviewRecords.Where(r => r.ArticleId == id).OrderBy(r => r.Level)
            .Select(r => new { r.Level, r.SecrecyConfirmed, Confirmations = r.Confirmations.Count }).ToListAsync());
        Assert.Equal([(1, false, 2), (2, true, 2)], records.Select(r => (r.Level, r.SecrecyConfirmed, r.Confirmations)));
        Assert.Single(await app.AuditEntriesAsync("articles.secrecy-review", $"articles:{id}", second.UserId));

        // The article's history keeps each reason, for its writer too.
        var history = new HtmlParser().ParseDocument(await editor.GetPageAsync(detail)).QuerySelector("[aria-labelledby=reviews-title]")!.TextContent;
        Assert.Contains("引文批评该说法，须保留原文", history, StringComparison.Ordinal);
        Assert.Contains("同意第一级的意见", history, StringComparison.Ordinal);
        Assert.Contains("已确认保密审查", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheLastLevelIsRefusedWithoutSecrecyReviewEvenWithNothingFound()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        using var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var id = await app.CreateArticleAsync(editor, "没有问题的通知", "全省职工运动会将于下月举行。");
        await SubmitAsync(editor, id);
        var detail = $"/admin/articles/{id}";
        var form = await reviewer.GetFormAsync(detail, $"{detail}/approve");
        Assert.DoesNotContain(form, f => f.Name.StartsWith("Confirmations", StringComparison.Ordinal));

        var refused = await reviewer.PostAsync($"{detail}/approve", form);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("最后一级审核须勾选“保密审查”确认，才能通过并发布。", StaffBrowser.Errors(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));
        Assert.Contains(await app.AuditEntriesAsync("articles.approve", $"articles:{id}", reviewer.UserId), e => e.Result.StartsWith("失败", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OnlyAnAdministratorMayBackdateAndMustSayWhyWhichIsAudited()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        using var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        using var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var id = await app.CreateArticleAsync(editor, "补发的旧通知", "去年的通知，当时漏发。");
        await SubmitAsync(editor, id);
        var detail = $"/admin/articles/{id}";
        var lastWeek = Beijing(app.UtcNow.AddDays(-7));

        var byReviewer = await reviewer.SubmitAsync(detail, $"{detail}/approve", ("PublishAt", lastWeek), ArticleWorkflowTests.Secrecy);
        Assert.Equal(HttpStatusCode.Conflict, byReviewer.StatusCode);
        Assert.Contains(StaffBrowser.Errors(await byReviewer.Content.ReadAsStringAsync()), e => e.StartsWith("发布时间不能早于实际发布的时间", StringComparison.Ordinal));
        Assert.DoesNotContain("BackdatedReason", await reviewer.GetPageAsync(detail), StringComparison.Ordinal);

        var withoutReason = await admin.SubmitAsync(detail, $"{detail}/approve", ("PublishAt", lastWeek), ArticleWorkflowTests.Secrecy);
        Assert.Equal(HttpStatusCode.Conflict, withoutReason.StatusCode);
        Assert.Contains(StaffBrowser.Errors(await withoutReason.Content.ReadAsStringAsync()), e => e.Contains("请填写补发理由", StringComparison.Ordinal));
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));

        var byAdmin = await admin.SubmitAsync(detail, $"{detail}/approve", ("PublishAt", lastWeek), ("BackdatedReason", "按原发文日期补发"), ArticleWorkflowTests.Secrecy);
        Assert.Equal(HttpStatusCode.Redirect, byAdmin.StatusCode);
        var published = await ArticleAsync(id);
        Assert.Equal(ArticleStatus.Published, published.Status);
        Assert.Equal(lastWeek, Beijing(published.PublishAt!.Value));
        Assert.Equal("按原发文日期补发", published.BackdatedReason);
        Assert.Contains(await app.AuditEntriesAsync("articles.backdate", $"articles:{id}", admin.UserId), e => e.Result.Contains("按原发文日期补发", StringComparison.Ordinal));

        // Once it is live: the time as it is may be posted again, an earlier one is back-dating once more.
        var publishing = $"{detail}/publishing";
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(detail, publishing, ("IsPinned", "true"))).StatusCode);
        Assert.Equal(published.PublishAt, (await ArticleAsync(id)).PublishAt);
        var earlier = Beijing(app.UtcNow.AddDays(-30));
        var earlierByReviewer = await reviewer.SubmitAsync(detail, publishing, ("PublishAt", earlier));
        Assert.Equal(HttpStatusCode.Conflict, earlierByReviewer.StatusCode);
        Assert.Contains(StaffBrowser.Errors(await earlierByReviewer.Content.ReadAsStringAsync()), e => e.StartsWith("发布时间不能早于实际发布的时间", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostWithTokenAsync(detail, publishing, ("PublishAt", earlier))).StatusCode);
        Assert.Equal(published.PublishAt, (await ArticleAsync(id)).PublishAt);

        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync(detail, publishing, ("PublishAt", earlier), ("BackdatedReason", "更正为实际发文日期"))).StatusCode);
        Assert.Equal(earlier, Beijing((await ArticleAsync(id)).PublishAt!.Value));
        Assert.Contains(await app.AuditEntriesAsync("articles.backdate", $"articles:{id}", admin.UserId), e => e.Result.Contains("更正为实际发文日期", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AScheduledTimeIsNoBackdatingAndAChangeApprovedBeforeItKeepsNoUpdateTime()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        using var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var id = await app.CreateArticleAsync(editor, "定时发布的通知", "初稿");
        await SubmitAsync(editor, id);
        var detail = $"/admin/articles/{id}";
        var tomorrow = Beijing(app.UtcNow.AddDays(1));

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(detail, $"{detail}/approve", ("PublishAt", tomorrow), ArticleWorkflowTests.Secrecy)).StatusCode);
        await EditAsync(editor, id, "二稿");
        await SubmitAsync(editor, id);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(detail, $"{detail}/approve", ArticleWorkflowTests.Secrecy)).StatusCode);

        var article = await ArticleAsync(id);
        Assert.Equal(tomorrow, Beijing(article.PublishAt!.Value));
        Assert.Equal("二稿", article.BodyMarkdown);
        Assert.Null(article.RevisedAt);
        Assert.Null(article.BackdatedReason);
    }

    [Fact]
    public async Task AnApprovedChangeOfALiveArticleKeepsItsFirstPublicationAndShowsBothTimes()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        using var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var id = await app.CreateArticleAsync(editor, "修改过的通知", "原来的正文");
        await SubmitAsync(editor, id);
        var detail = $"/admin/articles/{id}";
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(detail, $"{detail}/approve", ArticleWorkflowTests.Secrecy)).StatusCode);
        // As if it went out some days ago.
        var firstPublished = new DateTime(2024, 3, 1, 1, 30, 0, DateTimeKind.Utc);
        await app.WithDbAsync(async db => await db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(a => a.SetProperty(x => x.PublishAt, firstPublished)));
        Assert.DoesNotContain("更新时间", await PublicPageAsync($"/articles/{id}"), StringComparison.Ordinal);

        await EditAsync(editor, id, "修改后的正文");
        await SubmitAsync(editor, id);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(detail, $"{detail}/approve", ArticleWorkflowTests.Secrecy)).StatusCode);

        var article = await ArticleAsync(id);
        Assert.Equal(firstPublished, article.PublishAt);
        var revisedAt = Assert.IsType<DateTime>(article.RevisedAt);
        Assert.True(revisedAt > app.UtcNow.AddMinutes(-5));
        var page = await PublicPageAsync($"/articles/{id}");
        Assert.Contains("修改后的正文", page, StringComparison.Ordinal);
        Assert.Contains("首发时间：<time datetime=\"2024-03-01T01:30:00Z\">2024-03-01 09:30</time>", page, StringComparison.Ordinal);
        Assert.Contains($"更新时间：<time datetime=\"{ChinaTime.IsoUtc(revisedAt)}\">", page, StringComparison.Ordinal);
        Assert.DoesNotContain("发布时间：", page, StringComparison.Ordinal);
        Assert.Equal(ChinaTime.IsoUtc(revisedAt), FeedsAndSeoTests.JsonLd(page).GetProperty("dateModified").GetString());
        Assert.Equal("2024-03-01T01:30:00Z", FeedsAndSeoTests.JsonLd(page).GetProperty("datePublished").GetString());

        var traditional = await PublicPageAsync($"/zh-hant/articles/{id}");
        Assert.Contains("首發時間：", traditional, StringComparison.Ordinal);
        Assert.Contains("更新時間：", traditional, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheTwoTimesAreShownOnlyWhenTheyDiffer()
    {
        var channel = await app.AddChannelAsync("review-times");
        var at = new DateTime(2024, 6, 1, 2, 0, 0, DateTimeKind.Utc);
        var sameMinute = await app.AddArticleAsync(channel, "同一分钟内更新", a => (a.PublishAt, a.RevisedAt) = (at, at.AddSeconds(20)));
        var never = await app.AddArticleAsync(channel, "从未更新", a => a.PublishAt = at);

        foreach (var id in new[] { sameMinute, never })
        {
            var page = await PublicPageAsync($"/articles/{id}");
            Assert.Contains("发布时间：<time datetime=\"2024-06-01T02:00:00Z\">2024-06-01 10:00</time>", page, StringComparison.Ordinal);
            Assert.DoesNotContain("首发时间", page, StringComparison.Ordinal);
            Assert.DoesNotContain("更新时间", page, StringComparison.Ordinal);
            Assert.Equal("2024-06-01T02:00:00Z", FeedsAndSeoTests.JsonLd(page).GetProperty("dateModified").GetString());
        }
    }

    /// <summary>The index of the confirmation whose finding is <paramref name="found"/>, as the form numbers them.</summary>
    private static int IndexOf(FormFields form, string found)
    {
        var name = form.Single(f => f.Name.EndsWith(".Found", StringComparison.Ordinal) && f.Value == found).Name;
        return int.Parse(name["Confirmations[".Length..name.IndexOf(']', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
    }

    private Task InChannelWithLevelsAsync(int id, int levels) => app.WithDbAsync(async db =>
    {
        var channel = new Channel { Slug = $"rc{Guid.NewGuid():N}"[..12], Name = "两级审核栏目", SortOrder = 99, ReviewLevels = levels };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        await db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(a => a.SetProperty(x => x.ChannelId, channel.Id));
    });

    private static async Task SubmitAsync(StaffBrowser editor, int id) =>
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/submit")).StatusCode);

    private static async Task EditAsync(StaffBrowser editor, int id, string body)
    {
        var edit = $"/admin/articles/{id}/edit";
        var fields = await editor.GetFormAsync(edit, edit);
        fields["Input.BodyMarkdown"] = body;
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostMultipartAsync(edit, fields)).StatusCode);
    }

    private Task<Article> ArticleAsync(int id) => app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Id == id));

    private Task<ArticleStatus> StatusAsync(int id) => app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Status).SingleAsync());

    private async Task<string> PublicPageAsync(string path)
    {
        using var response = await _public.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>A UTC time as the form's datetime-local field gives it: Beijing time, to the minute.</summary>
    private static string Beijing(DateTime utc) => utc.AddHours(8).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture);
}
