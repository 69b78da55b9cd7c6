using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Media;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>A change of a published article — text and details alike — is seen in full by its reviewer and goes live only when approved.</summary>
[Collection(PortalTests.Name)]
public sealed partial class ReviewedDetailsTests(PortalApplication app)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n%%EOF"u8.ToArray();

    [Fact]
    public async Task ChangedAuthorSourceSummaryCoverAndAttachmentsOfAPublishedArticleWaitForApprovalAndAreCompared()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var publicClient = app.CreatePublicClient();
        var channelId = await app.WithDbAsync(db => db.Channels.Where(c => c.Slug == "news").Select(c => c.Id).SingleAsync());
        var created = await editor.PostMultipartWithTokenAsync(
            "/admin/articles/new",
            "/admin/articles/new",
            [
                ("Input.ChannelId", channelId.ToString(CultureInfo.InvariantCulture)), ("Input.Title", "细节修改的文章"), ("Input.BodyMarkdown", "会议于3月5日召开。"),
                ("Input.Author", "宣传部"), ("Input.Source", "省总工会"), ("Input.Summary", "原来的摘要"),
            ],
            ("Input.NewAttachments", "原附件.pdf", Pdf),
            ("Input.NewCoverImage", "原封面.png", MediaFiles.Png));
        var id = int.Parse(ArticleId().Match(created.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/submit")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve", ArticleWorkflowTests.Secrecy)).StatusCode);
        var (oldCover, oldAttachment, oldAttachmentId) = await FilesAsync(id);

        var edit = $"/admin/articles/{id}/edit";
        var form = await editor.GetFormAsync(edit, edit);
        form["Input.Author"] = "新作者";
        form["Input.Source"] = "省总工会宣教部";
        form["Input.Summary"] = "修改后的摘要";
        form["Input.BodyMarkdown"] = "会议于3月6日召开。";
        form["Input.RemoveAttachmentIds"] = oldAttachmentId.ToString(CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostMultipartAsync(edit, form, ("Input.NewAttachments", "新附件.pdf", Pdf), ("Input.NewCoverImage", "新封面.png", MediaFiles.Png))).StatusCode);
        var pending = await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id)
            .Select(a => new { Cover = a.PendingRevision!.CoverImage!.StoredName, Attachment = a.PendingRevision.Attachments.Single().MediaFile.StoredName })
            .SingleAsync());

        // The public still sees the published details; the proposed files are not public.
        var live = await publicClient.GetStringAsync(new Uri($"/articles/{id}", UriKind.Relative));
        Assert.Contains("作者：宣传部", live, StringComparison.Ordinal);
        Assert.Contains("来源：省总工会<", live, StringComparison.Ordinal);
        Assert.Contains(oldCover, live, StringComparison.Ordinal);
        Assert.Contains("原附件.pdf", live, StringComparison.Ordinal);
        Assert.DoesNotContain("新附件.pdf", live, StringComparison.Ordinal);
        Assert.Equal("原来的摘要", await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Summary).SingleAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await publicClient.GetAsync(new Uri($"/media/{pending.Cover}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await publicClient.GetAsync(new Uri($"/media/{pending.Attachment}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.GetAsync($"/admin/media/files/{pending.Cover}")).StatusCode);

        // The editor's form continues from the pending change.
        var again = await editor.GetFormAsync(edit, edit);
        Assert.Equal("新作者", again["Input.Author"]);
        Assert.Contains($"/admin/media/files/{pending.Cover}", await editor.GetPageAsync(edit), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/submit")).StatusCode);
        var review = await reviewer.GetPageAsync($"/admin/articles/{id}");
        var comparison = Section(review, "changes-title");
        foreach (var label in new[] { "作者", "来源", "摘要", "封面图片", "附件", "正文" })
        {
            PublicHtml.AssertElement(comparison, "h3", label, "class=h6 mt-3");
        }

        Assert.Contains(Deleted("宣传部"), comparison, StringComparison.Ordinal);
        Assert.Contains(Inserted("新作者"), comparison, StringComparison.Ordinal);
        Assert.Contains($"省总工会{Inserted("宣教部")}", comparison, StringComparison.Ordinal);
        Assert.Contains(Deleted("原附件.pdf"), comparison, StringComparison.Ordinal);
        Assert.Contains(Inserted("新附件.pdf"), comparison, StringComparison.Ordinal);
        Assert.Contains($"会议于3月{Deleted("5")}{Inserted("6")}日召开。", comparison, StringComparison.Ordinal);

        // The proposed version in full, as the public page will show it.
        var shown = Section(review, "preview-title");
        foreach (var text in new[] { "新作者", "省总工会宣教部", "修改后的摘要", $"/admin/media/files/{pending.Cover}", "新附件.pdf", "会议于3月6日召开。", "工会要闻" })
        {
            Assert.Contains(text, shown, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve", ArticleWorkflowTests.Secrecy)).StatusCode);
        var approved = await publicClient.GetStringAsync(new Uri($"/articles/{id}", UriKind.Relative));
        Assert.Contains("作者：新作者", approved, StringComparison.Ordinal);
        Assert.Contains("来源：省总工会宣教部", approved, StringComparison.Ordinal);
        Assert.Contains(pending.Cover, approved, StringComparison.Ordinal);
        Assert.Contains("新附件.pdf", approved, StringComparison.Ordinal);
        Assert.DoesNotContain("原附件.pdf", approved, StringComparison.Ordinal);
        Assert.Equal("修改后的摘要", await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Summary).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await publicClient.GetAsync(new Uri($"/media/{pending.Attachment}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await publicClient.GetAsync(new Uri($"/media/{oldAttachment}", UriKind.Relative))).StatusCode);
    }

    private Task<(string Cover, string Attachment, int AttachmentId)> FilesAsync(int id) => app.WithDbAsync(async db =>
    {
        var files = await db.Articles.Where(a => a.Id == id)
            .Select(a => new { Cover = a.CoverImage!.StoredName, Attachment = a.Attachments.Single().MediaFile })
            .SingleAsync();
        return (files.Cover, files.Attachment.StoredName, files.Attachment.Id);
    });

    private static string Deleted(string text) => $"<del class=\"diff-del\"><span class=\"visually-hidden\">删除：</span>{text}</del>";

    private static string Inserted(string text) => $"<ins class=\"diff-ins\"><span class=\"visually-hidden\">新增：</span>{text}</ins>";

    /// <summary>The HTML of the section labelled by the heading with this id.</summary>
    private static string Section(string html, string headingId) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector($"section[aria-labelledby={headingId}]")?.InnerHtml
        ?? throw new Xunit.Sdk.XunitException($"No section labelled {headingId}.");

    [GeneratedRegex("/admin/articles/([0-9]+)")]
    private static partial Regex ArticleId();
}
