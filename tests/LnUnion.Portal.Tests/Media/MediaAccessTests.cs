using System.Net;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Media;

/// <summary>An unpublished article's attachments and cover belong to it: only staff who may see it can fetch or list them, and only the uploader or an administrator deletes a file.</summary>
[Collection(PortalTests.Name)]
public sealed class MediaAccessTests(PortalApplication app)
{
    [Fact]
    public async Task DraftsAttachmentAndCoverAreForStaffWhoMaySeeTheDraftUntilItIsPublished()
    {
        var author = await app.SignInAsNewAsync(Roles.Editor);
        var otherEditor = await app.SignInAsNewAsync(Roles.Editor);
        var staff = await app.SignInAsNewAsync(Roles.Staff);
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var title = $"带附件的草稿{Guid.NewGuid():N}";
        var channelId = await app.WithDbAsync(db => db.Channels.Where(c => c.Slug == "notices").Select(c => c.Id).SingleAsync());
        var created = await author.PostMultipartWithTokenAsync(
            "/admin/articles/new",
            "/admin/articles/new",
            [("Input.ChannelId", channelId.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Input.Title", title), ("Input.BodyMarkdown", "草稿正文。")],
            ("Input.NewAttachments", "内部报名表.pdf", "%PDF-1.4\n%%EOF"u8.ToArray()),
            ("Input.NewCoverImage", "草稿封面.png", MediaFiles.Png));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var article = await app.WithDbAsync(db => db.Articles.AsNoTracking().Where(a => a.Title == title)
            .Select(a => new { a.Id, Attachment = a.Attachments.Single().MediaFile.StoredName, Cover = a.CoverImage!.StoredName })
            .SingleAsync());

        foreach (var name in new[] { article.Attachment, article.Cover })
        {
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(app.CreatePublicClient(), $"/media/{name}"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(author.Client, $"/admin/media/files/{name}"));
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(admin.Client, $"/admin/media/files/{name}"));
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(otherEditor.Client, $"/admin/media/files/{name}"));
            Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(staff.Client, $"/admin/media/files/{name}"));
        }

        Assert.Contains("内部报名表.pdf", await author.GetPageAsync("/admin/media?q=内部报名表"), StringComparison.Ordinal);
        Assert.DoesNotContain("内部报名表.pdf", await otherEditor.GetPageAsync("/admin/media?q=内部报名表"), StringComparison.Ordinal);
        Assert.DoesNotContain("内部报名表.pdf", await staff.GetPageAsync("/admin/media?q=内部报名表"), StringComparison.Ordinal);
        var editForm = await author.GetPageAsync($"/admin/articles/{article.Id}/edit");
        PublicHtml.AssertElementHas(editForm, "*", $"src=/admin/media/files/{article.Cover}");
        PublicHtml.AssertElementHas(editForm, "*", $"href=/admin/media/files/{article.Attachment}");

        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == article.Id)
            .ExecuteUpdateAsync(a => a.SetProperty(x => x.Status, ArticleStatus.Published).SetProperty(x => x.PublishAt, PortalApplication.LongAgo)));

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app.CreatePublicClient(), $"/media/{article.Attachment}"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(app.CreatePublicClient(), $"/media/{article.Cover}"));
    }

    [Fact]
    public async Task OnlyTheUploaderOrAnAdministratorDeletesAFile()
    {
        var uploader = await app.SignInAsNewAsync(Roles.Editor);
        var storedName = MediaFiles.Write(app.MediaPath);
        var id = await app.AddRowAsync(storedName, "别人的图.png", uploader.UserId);

        foreach (var role in new[] { Roles.Editor, Roles.Reviewer, Roles.Staff })
        {
            var other = await app.SignInAsNewAsync(role);
            Assert.DoesNotContain($"/admin/media/{id}/delete", await other.GetPageAsync("/admin/media"), StringComparison.Ordinal);

            var refused = await other.PostWithTokenAsync("/admin/media", $"/admin/media/{id}/delete");

            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("只有上传者本人或管理员可以删除", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(app.MediaPath, storedName)));
        }

        Assert.Contains($"/admin/media/{id}/delete", await uploader.GetPageAsync("/admin/media"), StringComparison.Ordinal);
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostWithTokenAsync("/admin/media", $"/admin/media/{id}/delete")).StatusCode);
        Assert.False(File.Exists(Path.Combine(app.MediaPath, storedName)));
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }
}
