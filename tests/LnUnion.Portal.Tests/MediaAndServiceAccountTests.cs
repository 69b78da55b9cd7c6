using System.Net;
using System.Security.Cryptography;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

[Collection(PortalTests.Name)]
public sealed class MediaAndServiceAccountTests(PortalApplication app)
{
    private static readonly byte[] PngBytes = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly HttpClient _client = app.CreatePublicClient();

    [Fact]
    public async Task UploadedImageIsServedInlineWithItsRecordedTypeAndNoSniffing()
    {
        var name = await StoreAsync("会场照片.png", "image/png", PngBytes);

        var response = await _client.GetAsync(new Uri($"/media/{name}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(PngBytes, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task DocumentsDownloadUnderTheirOriginalChineseName()
    {
        var name = await StoreAsync("关于开展专项行动的通知.pdf", "application/pdf", "%PDF-1.4\n%%EOF"u8.ToArray());

        var response = await _client.GetAsync(new Uri($"/media/{name}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("关于开展专项行动的通知.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task ArticleListsItsAttachmentsWithSizes()
    {
        var name = await StoreAsync("报名表.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", new byte[2048]);
        var mediaId = await app.WithDbAsync(db => db.MediaFiles.Where(m => m.StoredName == name).Select(m => m.Id).SingleAsync());
        var id = await app.AddArticleAsync("notices", "带附件的通知", a => a.Attachments.Add(new ArticleAttachment { MediaFileId = mediaId }));

        var html = await _client.GetStringAsync(new Uri($"/articles/{id}", UriKind.Relative));

        PublicHtml.AssertElement(html, "a", "报名表.docx", $"href=/media/{name}", "download=报名表.docx");
        Assert.Contains("（2 KB）", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ServiceAccountWithALinkGetsAnInlineSvgQrCode()
    {
        await SetAccountAsync("工会就业服务号", a => a.Link = "https://example.cn/jobs");
        try
        {
            var html = await _client.GetStringAsync(new Uri("/contact", UriKind.Relative));

            PublicHtml.AssertElementHas(html, "svg", "class=qr");
            PublicHtml.AssertElementHas(html, "*", "aria-label=工会就业服务号二维码");
        }
        finally
        {
            await SetAccountAsync("工会就业服务号", a => a.Link = null);
        }
    }

    [Fact]
    public async Task UploadedQrImageIsShownInsteadOfAGeneratedOne()
    {
        var name = await StoreAsync("二维码.png", "image/png", PngBytes);
        var mediaId = await app.WithDbAsync(db => db.MediaFiles.Where(m => m.StoredName == name).Select(m => m.Id).SingleAsync());
        await SetAccountAsync("辽工服务小程序", a =>
        {
            a.QrImageId = mediaId;
            a.Link = "https://example.cn/mini";
        });
        try
        {
            var html = await _client.GetStringAsync(new Uri("/about", UriKind.Relative));

            PublicHtml.AssertElementHas(html, "img", "class=qr", $"src=/media/{name}", "alt=辽工服务小程序二维码");
            Assert.Empty(PublicHtml.All(html, "[aria-label='辽工服务小程序二维码']"));
        }
        finally
        {
            await SetAccountAsync("辽工服务小程序", a =>
            {
                a.QrImageId = null;
                a.Link = null;
            });
        }
    }

    [Fact]
    public void QrCodeIsASquareSvgPathWithAQuietZone()
    {
        var svg = new QrCodeSvg().Render("https://example.cn/jobs", "测试<二维码>");

        Assert.StartsWith("<svg class=\"qr\"", svg, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"测试&lt;二维码&gt;\"", svg, StringComparison.Ordinal);
        Assert.Contains("viewBox=\"0 0 33 33\"", svg, StringComparison.Ordinal);
        Assert.Contains("<path fill=\"#000\" d=\"M4 4h7v1H4z", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("style", svg, StringComparison.Ordinal);
    }

    private async Task<string> StoreAsync(string originalName, string contentType, byte[] bytes)
    {
        var storedName = MediaStorage.NewStoredName(Path.GetExtension(originalName));
        Directory.CreateDirectory(app.MediaPath);
        await File.WriteAllBytesAsync(Path.Combine(app.MediaPath, storedName), bytes);
        await app.WithDbAsync(async db =>
        {
            db.MediaFiles.Add(new MediaFile
            {
                StoredName = storedName,
                OriginalName = originalName,
                ContentType = contentType,
                Size = bytes.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
                UploadedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });
        return storedName;
    }

    private async Task SetAccountAsync(string name, Action<ServiceAccount> change)
    {
        await app.WithDbAsync(async db =>
        {
            change(await db.ServiceAccounts.SingleAsync(a => a.Name == name));
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
    }
}
