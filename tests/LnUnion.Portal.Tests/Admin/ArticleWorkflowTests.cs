using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>Each step of writing, reviewing and publishing, end to end through the real forms.</summary>
[Collection(PortalTests.Name)]
public sealed partial class ArticleWorkflowTests(PortalApplication app)
{
    private readonly HttpClient _public = app.CreatePublicClient();

    /// <summary>The last level's 保密审查 box, ticked.</summary>
    internal static readonly (string Name, string Value) Secrecy = ("SecrecyConfirmed", "true");

    [Fact]
    public async Task EditorWritesAndSubmitsThenReviewerPublishesAndItAppearsAtOnce()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var channel = await app.AddChannelAsync("wf-publish", showInNavigation: false);
        Assert.DoesNotContain("职工书屋开放", await _public.GetStringAsync(new Uri($"/{channel}", UriKind.Relative)), StringComparison.Ordinal);

        var id = await CreateAsync(editor, channel, "职工书屋开放", "## 开放时间\n\n每周一至周五。");
        Assert.Equal(HttpStatusCode.NotFound, (await PublicArticleAsync(id)).StatusCode);

        await SubmitAsync(editor, id);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await PublicArticleAsync(id)).StatusCode);

        var approved = await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve", ("Reason", "同意发布"), Secrecy);
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);

        Assert.Equal(ArticleStatus.Published, await StatusAsync(id));
        var page = await PublicArticleAsync(id);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        PublicHtml.AssertElement(await page.Content.ReadAsStringAsync(), "h2", "开放时间");
        Assert.Contains("职工书屋开放", await _public.GetStringAsync(new Uri($"/{channel}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "articles.approve" && a.Target == $"articles:{id}" && a.UserId == reviewer.UserId && a.Result == "成功")));
    }

    [Fact]
    public async Task TwoLevelChannelNeedsTwoDifferentReviewers()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var first = await app.SignInAsNewAsync(Roles.Reviewer);
        var second = await app.SignInAsNewAsync(Roles.Reviewer);
        var channel = await app.AddChannelAsync("wf-two-levels");
        await app.WithDbAsync(async db =>
        {
            (await db.Channels.SingleAsync(c => c.Slug == channel)).ReviewLevels = 2;
            await db.SaveChangesAsync();
        });
        var id = await CreateAsync(editor, channel, "两级审核的文章", "正文");
        await SubmitAsync(editor, id);

        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve")).StatusCode);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));

        var again = await first.PostWithTokenAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("同一篇文章的下一级需由其他审核人员审核", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));

        Assert.Equal(HttpStatusCode.Redirect, (await second.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve", Secrecy)).StatusCode);
        Assert.Equal(ArticleStatus.Published, await StatusAsync(id));
        Assert.Equal([1, 2], await app.WithDbAsync(db => db.ReviewRecords.Where(r => r.ArticleId == id).OrderBy(r => r.Level).Select(r => r.Level).ToListAsync()));
    }

    [Fact]
    public async Task NobodyReviewsTheirOwnArticle()
    {
        var writerAndReviewer = await app.SignInAsNewAsync(Roles.Editor, Roles.Reviewer);
        var id = await CreateAsync(writerAndReviewer, "news", "自己写的文章", "正文");
        await SubmitAsync(writerAndReviewer, id);

        var response = await writerAndReviewer.PostWithTokenAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("不能审核自己撰写或提交的文章", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));
        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "articles.approve" && a.Target == $"articles:{id}" && a.Result.StartsWith("失败"))));
    }

    [Fact]
    public async Task RejectionNeedsAReasonAndSendsTheArticleBackToItsAuthor()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var id = await CreateAsync(editor, "news", "需要修改的文章", "初稿");
        await SubmitAsync(editor, id);

        var withoutReason = await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/reject", ("Reason", " "));
        Assert.Equal(HttpStatusCode.Conflict, withoutReason.StatusCode);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/reject", ("Reason", "请补充活动时间"))).StatusCode);
        Assert.Equal(ArticleStatus.Rejected, await StatusAsync(id));

        var detail = await editor.GetPageAsync($"/admin/articles/{id}");
        Assert.Contains("请补充活动时间", detail, StringComparison.Ordinal);
        var editForm = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await editor.GetPageAsync($"/admin/articles/{id}/edit"));
        Assert.Contains("请补充活动时间", editForm.QuerySelector("[aria-labelledby=rejection-title]")?.TextContent ?? "", StringComparison.Ordinal);
        Assert.Contains("被退回，待修改", await editor.GetPageAsync("/admin"), StringComparison.Ordinal);

        await EditAsync(editor, id, "需要修改的文章", "二稿：活动时间为周六。");
        await SubmitAsync(editor, id);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));
    }

    [Fact]
    public async Task EditorWithdrawsTheirOwnSubmissionAndEditsItButNobodyElseCan()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var id = await CreateAsync(editor, "news", "想撤回的稿件", "初稿");
        await SubmitAsync(editor, id);

        // Opening the editor of a submitted article leads to its page, which offers the way out, not to 403.
        var opened = await editor.GetAsync($"/admin/articles/{id}/edit");
        Assert.Equal(HttpStatusCode.Redirect, opened.StatusCode);
        Assert.Equal($"/admin/articles/{id}", opened.Headers.Location!.OriginalString);
        var detail = await editor.GetPageAsync($"/admin/articles/{id}");
        Assert.Contains("如需修改，请先点击“撤回提交”", detail, StringComparison.Ordinal);

        foreach (var other in new[] { reviewer, admin })
        {
            Assert.DoesNotContain("withdraw-submission", await other.GetPageAsync($"/admin/articles/{id}"), StringComparison.Ordinal);
            var refused = await other.PostWithTokenAsync($"/admin/articles/{id}", $"/admin/articles/{id}/withdraw-submission", ("Version", await VersionAsync(id)));
            // A reviewer may not write at all; an administrator may, but did not submit it.
            Assert.Equal(other == reviewer ? HttpStatusCode.Forbidden : HttpStatusCode.Conflict, refused.StatusCode);
            Assert.True(other == reviewer || (await refused.Content.ReadAsStringAsync()).Contains("只有提交人可以撤回审核中的提交", StringComparison.Ordinal));
            Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));
        }

        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/withdraw-submission")).StatusCode);
        Assert.Equal(ArticleStatus.Draft, await StatusAsync(id));
        Assert.Null(await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.SubmittedAt).SingleAsync()));
        Assert.Contains(await app.AuditEntriesAsync(action: "articles.withdrawsubmission", target: $"articles:{id}", userId: editor.UserId), a => a.Result == "成功");

        await EditAsync(editor, id, "想撤回的稿件", "二稿");
        await SubmitAsync(editor, id);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));
    }

    [Fact]
    public async Task EditingAPublishedArticleKeepsTheLiveTextUntilTheChangeIsApproved()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var id = await PublishedArticleAsync(editor, reviewer, "线上文章", "原来的正文");

        await EditAsync(editor, id, "线上文章", "修改后的正文");

        var live = await (await PublicArticleAsync(id)).Content.ReadAsStringAsync();
        Assert.Contains("原来的正文", live, StringComparison.Ordinal);
        Assert.DoesNotContain("修改后的正文", live, StringComparison.Ordinal);
        Assert.Contains("修改后的正文", await editor.GetPageAsync($"/admin/articles/{id}"), StringComparison.Ordinal);

        await SubmitAsync(editor, id);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve", Secrecy)).StatusCode);

        var updated = await (await PublicArticleAsync(id)).Content.ReadAsStringAsync();
        Assert.Contains("修改后的正文", updated, StringComparison.Ordinal);
        Assert.Null(await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.PendingRevisionId).SingleAsync()));
    }

    [Fact]
    public async Task SecondOfTwoEditorsSavingTheSameArticleGetsAConflictAndKeepsTheirText()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await CreateAsync(editor, "news", "两人同时编辑", "原文");
        var edit = $"/admin/articles/{id}/edit";
        var otherTab = await editor.GetFormAsync(edit, edit);
        var firstTab = await editor.GetFormAsync(edit, edit);

        firstTab["Input.BodyMarkdown"] = "第一个窗口的修改";
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostMultipartAsync(edit, firstTab)).StatusCode);

        otherTab["Input.BodyMarkdown"] = "第二个窗口的修改";
        var conflict = await editor.PostMultipartAsync(edit, otherTab);
        var html = await conflict.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains(ContentChanges.ConflictMessage, html, StringComparison.Ordinal);
        Assert.Contains("第二个窗口的修改", html, StringComparison.Ordinal);
        PublicHtml.AssertElementHas(html, "*", $"href=/admin/articles/{id}");
        Assert.Equal("第一个窗口的修改", await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync()));

        // Having seen the message, saving again from the re-rendered form is a deliberate choice and succeeds.
        otherTab["Input.Version"] = StaffBrowser.ReadForm(html, edit)["Input.Version"];
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostMultipartAsync(edit, otherTab)).StatusCode);
        Assert.Equal("第二个窗口的修改", await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync()));
    }

    [Fact]
    public async Task ReviewerCanScheduleWithdrawExpireAndPin()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var id = await CreateAsync(editor, "news", "定时发布的通知", "正文");
        await SubmitAsync(editor, id);
        var inAnHour = app.UtcNow.AddHours(9).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Single(PublishTimeFields(await reviewer.GetPageAsync($"/admin/articles/{id}")));

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve", ("PublishAt", inAnHour), Secrecy)).StatusCode);
        Assert.Equal(ArticleStatus.Published, await StatusAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await PublicArticleAsync(id)).StatusCode);
        var scheduled = $"定时发布（{inAnHour.Replace('T', ' ')}）";
        var detail = await reviewer.GetPageAsync($"/admin/articles/{id}");
        PublicHtml.AssertElement(detail, "strong", scheduled);
        Assert.Single(PublishTimeFields(detail));
        Assert.Contains(scheduled, await reviewer.GetPageAsync("/admin/articles"), StringComparison.Ordinal);
        Assert.DoesNotContain("已发布", await editor.GetPageAsync($"/admin/articles/{id}"), StringComparison.Ordinal);

        var now = app.UtcNow.AddHours(8).AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/publishing", ("PublishAt", now), ("IsPinned", "true"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PublicArticleAsync(id)).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.IsPinned).SingleAsync()));

        var badExpiry = await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/publishing", ("PublishAt", now), ("ExpiresAt", "2001-01-01T00:00"));
        Assert.Equal(HttpStatusCode.Conflict, badExpiry.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/withdraw")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PublicArticleAsync(id)).StatusCode);
    }

    [Fact]
    public async Task TwoReviewersApprovingAtTheSameMomentGetSuccessOrAConflictAndEachLevelIsRecordedOnce()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var first = await app.SignInAsNewAsync(Roles.Reviewer);
        var second = await app.SignInAsNewAsync(Roles.Reviewer);
        var oneLevel = await app.AddChannelAsync("wf-race-one");
        var twoLevels = await app.AddChannelAsync("wf-race-two");
        await app.WithDbAsync(async db =>
        {
            (await db.Channels.SingleAsync(c => c.Slug == twoLevels)).ReviewLevels = 2;
            await db.SaveChangesAsync();
        });

        for (var round = 0; round < 8; round++)
        {
            var channel = round % 2 == 0 ? oneLevel : twoLevels;
            var id = await CreateAsync(editor, channel, $"同时审核第{round}轮", "正文");
            await SubmitAsync(editor, id);
            var detail = $"/admin/articles/{id}";
            var approve = $"{detail}/approve";
            var forms = await Task.WhenAll(first.GetFormAsync(detail, approve), second.GetFormAsync(detail, approve));
            Assert.All(forms, form => form.Add(Secrecy.Name, Secrecy.Value));

            var answers = await Task.WhenAll(first.PostAsync(approve, forms[0]), second.PostAsync(approve, forms[1]));

            var codes = answers.Select(a => a.StatusCode).ToList();
            Assert.All(codes, code => Assert.True(code is HttpStatusCode.Redirect or HttpStatusCode.Conflict, $"Round {round} answered {code}."));
            Assert.Contains(HttpStatusCode.Redirect, codes);
            foreach (var conflict in answers.Where(a => a.StatusCode == HttpStatusCode.Conflict))
            {
                // The conflict message, or (when the other approval had already ended the round) why there is nothing to approve.
                Assert.Contains(StaffBrowser.Errors(await conflict.Content.ReadAsStringAsync()), e => e is ContentChanges.ConflictMessage or "这篇文章没有在审核中。");
            }

            Assert.Equal([1], await app.WithDbAsync(db => db.ReviewRecords.Where(r => r.ArticleId == id).Select(r => r.Level).ToListAsync()));
            Assert.Equal(channel == oneLevel ? ArticleStatus.Published : ArticleStatus.InReview, await StatusAsync(id));
        }
    }

    [Fact]
    public async Task PublishingFormLoadedBeforeAnotherReviewersChangeCannotPutTheOldValuesBack()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var first = await app.SignInAsNewAsync(Roles.Reviewer);
        var second = await app.SignInAsNewAsync(Roles.Reviewer);
        var id = await PublishedArticleAsync(editor, first, "置顶测试", "正文");
        var detail = $"/admin/articles/{id}";
        var publishing = $"{detail}/publishing";
        var stale = await first.GetFormAsync(detail, publishing);

        Assert.Equal(HttpStatusCode.Redirect, (await second.SubmitAsync(detail, publishing, ("IsPinned", "true"))).StatusCode);
        stale["ExpiresAt"] = "2099-01-01T08:00";
        var conflict = await first.PostAsync(publishing, stale);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var html = await conflict.Content.ReadAsStringAsync();
        Assert.Contains(ContentChanges.ConflictMessage, html, StringComparison.Ordinal);
        Assert.Equal("2099-01-01T08:00", StaffBrowser.ReadForm(html, publishing)["ExpiresAt"]);
        var saved = await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => new { a.IsPinned, a.ExpiresAt }).SingleAsync());
        Assert.True(saved.IsPinned);
        Assert.Null(saved.ExpiresAt);
    }

    [Fact]
    public async Task MovingAPublishedArticleToAnotherChannelTakesItOffTheOldListAndOntoTheNew()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var from = await app.AddChannelAsync("wf-move-from");
        var to = await app.AddChannelAsync("wf-move-to");
        var id = await CreateAsync(editor, from, "要移动的文章", "正文");
        await SubmitAsync(editor, id);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve", Secrecy)).StatusCode);
        Assert.Contains("要移动的文章", await _public.GetStringAsync(new Uri($"/{from}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain("要移动的文章", await _public.GetStringAsync(new Uri($"/{to}", UriKind.Relative)), StringComparison.Ordinal);

        var edit = $"/admin/articles/{id}/edit";
        var form = await editor.GetFormAsync(edit, edit);
        form["Input.ChannelId"] = await ChannelIdAsync(to);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostMultipartAsync(edit, form)).StatusCode);

        Assert.DoesNotContain("要移动的文章", await _public.GetStringAsync(new Uri($"/{from}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("要移动的文章", await _public.GetStringAsync(new Uri($"/{to}", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryRevisionIsKeptComparedAndRestorable()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await CreateAsync(editor, "news", "修订测试", "第一版\n\n共同段落");
        await EditAsync(editor, id, "修订测试", "第二版\n\n共同段落");
        var revisions = await app.WithDbAsync(db => db.ArticleRevisions.Where(r => r.ArticleId == id).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
        Assert.Equal(2, revisions.Count);

        var diff = await editor.GetPageAsync($"/admin/articles/{id}/compare?from={revisions[0]}&to={revisions[1]}");
        // Only the changed character is marked, in a line that keeps the rest: "第一版" became "第二版".
        Assert.Contains(
            "<div class=\"diff-line\">第<del class=\"diff-del\"><span class=\"visually-hidden\">删除：</span>一</del><ins class=\"diff-ins\"><span class=\"visually-hidden\">新增：</span>二</ins>版</div>",
            diff,
            StringComparison.Ordinal);
        PublicHtml.AssertElement(diff, "div", "共同段落", "class=diff-line");

        var restored = await editor.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/revisions/{revisions[0]}/restore");
        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        Assert.Equal("第一版\n\n共同段落", await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync()));
        Assert.Equal(3, await app.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
    }

    [Fact]
    public async Task ExtraFormFieldsCannotSetStatusAuthorOrCounts()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var response = await editor.PostMultipartWithTokenAsync("/admin/articles/new", "/admin/articles/new",
        [
            ("Input.ChannelId", await ChannelIdAsync("news")),
            ("Input.Title", "越权字段测试"),
            ("Input.BodyMarkdown", "正文"),
            ("Input.Status", "Published"), ("Status", "Published"),
            ("Input.PublishAt", "2020-01-01T00:00"), ("PublishAt", "2020-01-01T00:00"),
            ("Input.CreatedById", "someone-else"), ("CreatedById", "someone-else"),
            ("Input.ViewCount", "99999"), ("ViewCount", "99999"),
            ("Input.IsPinned", "true"), ("IsPinned", "true"),
        ]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var article = await app.WithDbAsync(db => db.Articles.AsNoTracking().SingleAsync(a => a.Title == "越权字段测试"));
        Assert.Equal(ArticleStatus.Draft, article.Status);
        Assert.Null(article.PublishAt);
        Assert.Equal(editor.UserId, article.CreatedById);
        Assert.Equal(0, article.ViewCount);
        Assert.False(article.IsPinned);
    }

    [Fact]
    public async Task EditorCannotSeeOrChangeAnotherEditorsDraft()
    {
        var owner = await app.SignInAsNewAsync(Roles.Editor);
        var other = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var id = await CreateAsync(owner, "news", "别人的草稿", "保密内容");

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/admin/articles/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/admin/articles/{id}/edit")).StatusCode);
        Assert.DoesNotContain("别人的草稿", await other.GetPageAsync("/admin/articles"), StringComparison.Ordinal);
        var tampered = await other.PostMultipartWithTokenAsync(
            "/admin/articles/new", $"/admin/articles/{id}/edit", [("Input.ChannelId", await ChannelIdAsync("news")), ("Input.Title", "篡改"), ("Input.BodyMarkdown", "篡改")]);
        Assert.Equal(HttpStatusCode.NotFound, tampered.StatusCode);
        Assert.Equal("别人的草稿", await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Title).SingleAsync()));

        // A reviewer sees drafts only once they are submitted.
        Assert.Equal(HttpStatusCode.NotFound, (await reviewer.GetAsync($"/admin/articles/{id}")).StatusCode);
        await SubmitAsync(owner, id);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/admin/articles/{id}")).StatusCode);
    }

    [Fact]
    public async Task PreviewUsesThePublicPipeline()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);

        var response = await editor.PostWithTokenAsync("/admin/articles/new", "/admin/articles/preview", ("markdown", "# 标题\n\n[点我](javascript:alert(1)) <script>alert(1)</script>"));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        PublicHtml.AssertElement(html, "h2", "标题");
        Assert.DoesNotContain("javascript:", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SampleArticlesAreMarkedInTheAdminList()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);

        var html = await editor.GetPageAsync("/admin/articles?sampleOnly=true");

        Assert.Contains(SeedContent.CampaignTitle, html, StringComparison.Ordinal);
        Assert.Contains("示例内容，请替换", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FocusArticlesAreMarkedInWordsBesidePinnedOnesInTheAdminListAndCanBeListedAlone()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var channel = await app.AddChannelAsync($"focus-list-{Guid.NewGuid():N}"[..20]);
        var word = $"焦点标记{Guid.NewGuid():N}"[..12];
        // The editor's own, as an editor's list shows only those.
        await app.AddArticleAsync(channel, $"{word}焦点置顶", a => (a.CreatedById, a.ShowInFocus, a.IsPinned) = (editor.UserId, true, true));
        await app.AddArticleAsync(channel, $"{word}焦点", a => (a.CreatedById, a.ShowInFocus) = (editor.UserId, true));
        await app.AddArticleAsync(channel, $"{word}普通", a => a.CreatedById = editor.UserId);

        var all = await MarkersAsync(editor, $"/admin/articles?text={Uri.EscapeDataString(word)}");
        var focusOnly = await MarkersAsync(editor, $"/admin/articles?text={Uri.EscapeDataString(word)}&focusOnly=true");

        Assert.Equal(["置顶", "焦点图"], all[$"{word}焦点置顶"]);
        Assert.Equal(["焦点图"], all[$"{word}焦点"]);
        Assert.Empty(all[$"{word}普通"]);
        Assert.Equal([$"{word}焦点", $"{word}焦点置顶"], focusOnly.Keys.Order());
        PublicHtml.AssertElementHas(await editor.GetPageAsync($"/admin/articles?focusOnly=true"), "*", "id=focusOnly", "name=focusOnly", "value=true", "checked=checked");
    }

    /// <summary>Each listed title with the words of the markers beside it.</summary>
    private static async Task<Dictionary<string, List<string>>> MarkersAsync(StaffBrowser staff, string url)
    {
        var document = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await staff.GetPageAsync(url));
        return document.QuerySelectorAll("tbody tr td:first-child").ToDictionary(
            cell => cell.QuerySelector("a")!.TextContent.Trim(),
            cell => cell.QuerySelectorAll(".badge").Select(b => b.TextContent.Trim()).ToList());
    }

    private async Task<int> CreateAsync(StaffBrowser editor, string channelSlug, string title, string body)
    {
        var response = await editor.PostMultipartWithTokenAsync("/admin/articles/new", "/admin/articles/new",
            [("Input.ChannelId", await ChannelIdAsync(channelSlug)), ("Input.Title", title), ("Input.BodyMarkdown", body), ("Input.Author", "宣传部")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(ArticleIdInLocation().Match(response.Headers.Location!.OriginalString).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task EditAsync(StaffBrowser editor, int id, string title, string body)
    {
        var edit = $"/admin/articles/{id}/edit";
        var fields = await editor.GetFormAsync(edit, edit);
        fields["Input.Title"] = title;
        fields["Input.BodyMarkdown"] = body;
        var response = await editor.PostMultipartAsync(edit, fields);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }

    private static async Task SubmitAsync(StaffBrowser editor, int id) =>
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/submit")).StatusCode);

    private async Task<int> PublishedArticleAsync(StaffBrowser editor, StaffBrowser reviewer, string title, string body)
    {
        var id = await CreateAsync(editor, "news", title, body);
        await SubmitAsync(editor, id);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve", Secrecy)).StatusCode);
        return id;
    }

    private static List<AngleSharp.Dom.IElement> PublishTimeFields(string html) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelectorAll("input[name=PublishAt]").ToList();

    private Task<HttpResponseMessage> PublicArticleAsync(int id) => _public.GetAsync(new Uri($"/articles/{id}", UriKind.Relative));

    private Task<string> VersionAsync(int id) => app.WithDbAsync(async db => (await db.Articles.Where(a => a.Id == id).Select(a => a.Version).SingleAsync()).ToString());

    private Task<ArticleStatus> StatusAsync(int id) => app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Status).SingleAsync());

    private Task<string> ChannelIdAsync(string slug) =>
        app.WithDbAsync(async db => (await db.Channels.SingleAsync(c => c.Slug == slug)).Id.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex("/admin/articles/([0-9]+)")]
    private static partial Regex ArticleIdInLocation();
}
