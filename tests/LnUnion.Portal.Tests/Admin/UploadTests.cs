using System.Net;
using System.Net.Http.Json;
using System.Text;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>Uploads are allowed by extension and by content, size-limited, stored under random names and served safely.</summary>
[Collection(PortalTests.Name)]
public sealed class UploadTests(PortalApplication app)
{
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    public sealed record UploadAnswer(string? Url, string? Name, string? ContentType, bool IsImage, string? Error);

    [Fact]
    public async Task ImageDroppedIntoTheEditorIsStoredUnderARandomNameAndServedWithItsType()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);

        var (status, answer) = await UploadAsync(editor, "座谈会现场.png", Png);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(answer.IsImage);
        Assert.Equal("座谈会现场.png", answer.Name);
        Assert.Matches("^/media/[0-9a-f]{32}\\.png$", answer.Url);
        var stored = await app.WithDbAsync(db => db.MediaFiles.AsNoTracking().SingleAsync(m => "/media/" + m.StoredName == answer.Url));
        Assert.Equal("image/png", stored.ContentType);
        Assert.Equal(editor.UserId, stored.UploadedById);
        // The hash of what is served: an image is stored re-encoded, without the metadata it came with.
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(app.MediaPath, stored.StoredName)))), stored.Sha256);
        Assert.True(File.Exists(Path.Combine(app.MediaPath, stored.StoredName)));
        Assert.False(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory), stored.StoredName, SearchOption.AllDirectories).Any(), "stored outside wwwroot");

        var served = await app.CreatePublicClient().GetAsync(new Uri(answer.Url!, UriKind.Relative));
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
    }

    public static TheoryData<string, byte[], string> RefusedFiles => new()
    {
        { "logo.svg", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "不支持" },
        { "page.html", Encoding.UTF8.GetBytes("<html><script>alert(1)</script></html>"), "不支持" },
        { "photo.jpg.exe", [0x4D, 0x5A, 0x90, 0x00], "不支持" },
        { "notes.txt", Encoding.UTF8.GetBytes("plain text"), "不支持" },
        { "fake.png", Encoding.UTF8.GetBytes("this is text pretending to be a picture"), "内容与扩展名不符" },
        { "fake.pdf", [.. Png], "内容与扩展名不符" },
        { "riff.webp", Encoding.ASCII.GetBytes("RIFF\0\0\0\0WAVEfmt "), "内容与扩展名不符" },
        { "empty.png", [], "空的" },
    };

    [Theory]
    [MemberData(nameof(RefusedFiles))]
    public async Task DangerousOrDisguisedFilesAreRefusedWithAClearMessage(string fileName, byte[] content, string message)
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var before = await app.WithDbAsync(db => db.MediaFiles.CountAsync());

        var (status, answer) = await UploadAsync(editor, fileName, content);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, answer.Error, StringComparison.Ordinal);
        Assert.Equal(before, await app.WithDbAsync(db => db.MediaFiles.CountAsync()));
    }

    [Fact]
    public async Task OversizedFileIsRefused()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var big = new byte[PortalApplication.MaxUploadBytes + 1];
        Png.CopyTo(big, 0);

        var (status, answer) = await UploadAsync(editor, "大图.png", big);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("大小限制", answer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PathInTheFileNameIsDroppedAndNeverUsedOnDisk()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);

        var (status, answer) = await UploadAsync(editor, "../../../etc/图片.png", Png);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("图片.png", answer.Name);
        Assert.False(File.Exists(Path.GetFullPath(Path.Combine(app.MediaPath, "../../../etc/图片.png"))));
    }

    [Fact]
    public async Task DocumentsDownloadAsAttachmentsNeverOpenInTheBrowser()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var (_, answer) = await UploadAsync(editor, "报名表.docx", [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00]);

        var served = await app.CreatePublicClient().GetAsync(new Uri(answer.Url!, UriKind.Relative));

        Assert.Equal("attachment", served.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("报名表.docx", served.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task MediaLibraryUploadsAndRefusesToDeleteAFileStillInUse()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var (_, answer) = await UploadAsync(editor, "正文配图.png", Png);
        var mediaId = await app.WithDbAsync(db => db.MediaFiles.Where(m => "/media/" + m.StoredName == answer.Url).Select(m => m.Id).SingleAsync());
        await app.AddArticleAsync("news", "使用配图的文章", a => a.BodyMarkdown = $"![配图]({answer.Url})");

        var refused = await editor.PostWithTokenAsync("/admin/media", $"/admin/media/{mediaId}/delete");

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("仍在网站上使用（文章、页面、专题、服务号、领导照片或网站标识", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("正文配图.png", await editor.GetPageAsync("/admin/media"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnusedFileCanBeDeleted()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var (_, answer) = await UploadAsync(editor, "传错的图.png", Png);
        var media = await app.WithDbAsync(db => db.MediaFiles.AsNoTracking().SingleAsync(m => "/media/" + m.StoredName == answer.Url));

        var deleted = await editor.PostWithTokenAsync("/admin/media", $"/admin/media/{media.Id}/delete");

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.False(File.Exists(Path.Combine(app.MediaPath, media.StoredName)));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreatePublicClient().GetAsync(new Uri(answer.Url!, UriKind.Relative))).StatusCode);
    }

    private static async Task<(HttpStatusCode Status, UploadAnswer Answer)> UploadAsync(StaffBrowser session, string fileName, byte[] content)
    {
        var token = await session.GetAntiforgeryTokenAsync("/admin/media");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/media/upload") { Content = form };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        var response = await session.Client.SendAsync(request);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<UploadAnswer>())!);
    }
}
