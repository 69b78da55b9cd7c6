using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Json;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Commands;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SkiaSharp;

namespace LnUnion.Portal.Tests.Media;

/// <summary>
/// Uploaded images get resized renditions in WebP and JPEG, made once at upload, served like the original, named
/// in covers' and texts' markup, removed with the original and never taken for orphans; no public file keeps the
/// photo's EXIF. An app of its own, as the reconciler here looks at the whole media folder.
/// </summary>
public sealed class ResponsiveImageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private sealed record UploadAnswer(string? Url, string? Error);

    private MediaStorage Storage => app.Services.GetRequiredService<MediaStorage>();

    [Fact]
    public async Task UploadedPhotoGetsWebpAndJpegRenditionsAtEachWidthUpToItsOwn()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);

        var row = await UploadAsync(editor, "劳模表彰大会.jpg", Jpeg(1000, 500));

        Assert.Equal((1000, 500, true), (row.Width, row.Height, row.HasRenditions));
        var public_ = app.CreatePublicClient();
        var original = await public_.GetAsync(new Uri($"/media/{row.StoredName}", UriKind.Relative));
        foreach (var width in new[] { 480, 960 })
        {
            foreach (var (format, type) in new[] { (RenditionFormat.Webp, "image/webp"), (RenditionFormat.Jpeg, "image/jpeg") })
            {
                using var served = await public_.GetAsync(new Uri(ImageRenditions.UrlOf(ImageRenditions.NameOf(row.StoredName, width, format)), UriKind.Relative));
                Assert.Equal(HttpStatusCode.OK, served.StatusCode);
                Assert.Equal(type, served.Content.Headers.ContentType?.MediaType);
                Assert.Equal(original.Headers.CacheControl?.ToString(), served.Headers.CacheControl?.ToString());
                Assert.NotNull(served.Headers.ETag);
                Assert.NotEqual(original.Headers.ETag, served.Headers.ETag);
                using var decoded = SKBitmap.Decode(await served.Content.ReadAsByteArrayAsync());
                Assert.Equal((width, width / 2), (decoded.Width, decoded.Height));
            }
        }

        // Never enlarged: a 1000-pixel photo has no 1600-pixel copy.
        Assert.False(File.Exists(Storage.PathOf(ImageRenditions.NameOf(row.StoredName, 1600, RenditionFormat.Webp))));
        Assert.Equal(HttpStatusCode.NotFound, (await public_.GetAsync(new Uri(ImageRenditions.UrlOf(ImageRenditions.NameOf(row.StoredName, 1600, RenditionFormat.Jpeg)), UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task ImageNarrowerThanTheSmallestWidthGetsNoEnlargedCopies()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);

        var row = await UploadAsync(editor, "徽章.png", Png(300, 200));

        Assert.Equal((300, 200), (row.Width, row.Height));
        Assert.DoesNotContain(app.AllFiles(), f => f.StartsWith(row.StoredName + "-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoServedFileKeepsThePhotosExifOrGpsPositionAndTheImageIsTurnedUpright()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        // Taken with the phone held upright: stored 2000×1000, EXIF orientation 6 (turn 90° clockwise), with a GPS position.
        var photo = WithExif(Jpeg(2000, 1000), orientation: 6);
        Assert.True(Contains(photo, Exif) && Contains(photo, Latitude), "the upload carries the EXIF and GPS block");

        var row = await UploadAsync(editor, "现场.jpg", photo);

        Assert.Equal((1000, 2000), (row.Width, row.Height));
        var names = ImageRenditions.PossibleNames(row.StoredName).Where(n => File.Exists(Storage.PathOf(n))).Prepend(row.StoredName).ToList();
        Assert.Equal(5, names.Count);
        foreach (var name in names)
        {
            var served = await app.CreatePublicClient().GetByteArrayAsync(new Uri(ImageRenditions.UrlOf(name), UriKind.Relative));
            Assert.False(Contains(served, Exif), $"{name} has an EXIF block");
            Assert.False(Contains(served, Latitude), $"{name} has the GPS position");
            Assert.False(Contains(served, "MM\0*"u8.ToArray()), $"{name} has a TIFF header");
            using var decoded = SKBitmap.Decode(served);
            Assert.True(decoded.Height > decoded.Width, $"{name} is upright");
        }
    }

    [Fact]
    public async Task CoverIsPrintedWithWebpAndJpegSrcsetSizesAndItsStoredSize()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var cover = await UploadAsync(editor, "封面.jpg", Jpeg(1800, 900));
        var id = await app.AddArticleAsync("news", "带封面的图片新闻", a => a.CoverImageId = cover.Id);

        var page = new HtmlParser().ParseDocument(await app.CreatePublicClient().GetStringAsync(new Uri($"/articles/{id}", UriKind.Relative)));

        var picture = page.QuerySelector(".cover picture")!;
        var webp = picture.QuerySelector("source[type='image/webp']")!;
        Assert.Equal(string.Join(',', new[] { 480, 960, 1600 }.Select(w => $"/media/{cover.StoredName}-{w}.webp {w}w")), webp.GetAttribute("srcset"));
        var image = picture.QuerySelector("img")!;
        Assert.Contains($"/media/{cover.StoredName}-480.jpg 480w", image.GetAttribute("srcset"), StringComparison.Ordinal);
        Assert.Equal($"/media/{cover.StoredName}-1600.jpg", image.GetAttribute("src"));
        Assert.Equal(ImageRenditions.ColumnSizes, image.GetAttribute("sizes"));
        Assert.Equal(webp.GetAttribute("sizes"), image.GetAttribute("sizes"));
        Assert.Equal(("1800", "900"), (image.GetAttribute("width"), image.GetAttribute("height")));
        Assert.Equal("eager", image.GetAttribute("loading"));
    }

    [Fact]
    public async Task PictureInATextGetsItsSizeAndSrcsetAndNothingAnEditorWroteForThem()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var photo = await UploadAsync(editor, "正文配图.jpg", Jpeg(1200, 800));
        var id = await app.AddArticleAsync("news", "正文有配图的文章", a => a.BodyMarkdown =
            $"![会场]({ImageRenditions.UrlOf(photo.StoredName)})\n\n<img src=\"{ImageRenditions.UrlOf(photo.StoredName)}\" srcset=\"https://example.com/x.jpg 480w\" sizes=\"1px\" width=\"9999\" alt=\"又一张\">\n\n<p width=\"300\">段落</p>");

        var stored = await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyHtml).SingleAsync());
        var page = new HtmlParser().ParseDocument(await app.CreatePublicClient().GetStringAsync(new Uri($"/articles/{id}", UriKind.Relative)));

        Assert.Contains("-480.jpg 480w", stored, StringComparison.Ordinal);
        var images = page.QuerySelectorAll(".article-body img");
        Assert.Equal(2, images.Length);
        foreach (var image in images)
        {
            Assert.Equal($"/media/{photo.StoredName}-480.jpg 480w,/media/{photo.StoredName}-960.jpg 960w", image.GetAttribute("srcset"));
            Assert.Equal(ImageRenditions.BodySizes(1200), image.GetAttribute("sizes"));
            Assert.Equal(("1200", "800"), (image.GetAttribute("width"), image.GetAttribute("height")));
            Assert.Equal("lazy", image.GetAttribute("loading"));
        }

        Assert.DoesNotContain("example.com", stored, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector(".article-body p[width]"));
    }

    [Fact]
    public async Task EditorsPreviewGivesAnUploadedPictureTheSizeAndSrcsetThePublicPageWillGiveIt()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var photo = await UploadAsync(editor, "预览配图.jpg", Jpeg(1200, 800));

        var response = await editor.PostWithTokenAsync("/admin/articles/new", "/admin/articles/preview", ("markdown", $"![会场]({ImageRenditions.UrlOf(photo.StoredName)})"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = Assert.Single(new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync()).QuerySelectorAll("img"));
        Assert.Equal($"/media/{photo.StoredName}-480.jpg 480w,/media/{photo.StoredName}-960.jpg 960w", image.GetAttribute("srcset"));
        Assert.Equal(ImageRenditions.BodySizes(1200), image.GetAttribute("sizes"));
        Assert.Equal(("1200", "800"), (image.GetAttribute("width"), image.GetAttribute("height")));
    }

    [Fact]
    public async Task TopicsBannerIsPrintedWithItsRenditionsAndStoredSizeAndFetchedAtOnce()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var banner = await UploadAsync(editor, "专题横幅.jpg", Jpeg(1800, 400));
        const string Slug = "responsive-banner";
        await app.WithDbAsync(async db =>
        {
            db.Topics.Add(new LnUnion.Portal.Topics.Topic
            {
                Slug = Slug,
                Title = "横幅有多种尺寸的专题",
                BodyMarkdown = "专题介绍。",
                BannerImageId = banner.Id,
                StartsOn = app.Today.AddDays(-1),
                CreatedAt = DateTime.UtcNow,
                UpdatedAt = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        });

        var page = new HtmlParser().ParseDocument(await app.CreatePublicClient().GetStringAsync(new Uri($"/topics/{Slug}", UriKind.Relative)));

        var image = page.QuerySelector("picture > img.topic-banner")!;
        Assert.NotNull(image);
        AssertRenditions(image, banner, [480, 960, 1600], ImageRenditions.ColumnSizes);
        Assert.Equal(("1800", "400"), (image.GetAttribute("width"), image.GetAttribute("height")));
        Assert.Equal(("eager", "high", ""), (image.GetAttribute("loading"), image.GetAttribute("fetchpriority"), image.GetAttribute("alt")));
    }

    [Fact]
    public async Task LeadersPhotoIsPrintedWithItsRenditionsForItsShownWidthAndItsStoredSize()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var photo = await UploadAsync(editor, "领导照片.jpg", Jpeg(600, 800));
        await app.WithDbAsync(async db =>
        {
            db.Leaders.Add(new LnUnion.Portal.Organisation.Leader { Name = "张某某", Title = "主席", PhotoId = photo.Id, UpdatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<LnUnion.Portal.Caching.PublicCache>().EverythingChangedAsync();

        var page = new HtmlParser().ParseDocument(await app.CreatePublicClient().GetStringAsync(new Uri(LnUnion.Portal.Routing.PublicAddresses.Leaders, UriKind.Relative)));

        var image = page.QuerySelector(".leader picture > img[alt='张某某照片']")!;
        Assert.NotNull(image);
        AssertRenditions(image, photo, [480], ImageRenditions.LeaderPhotoSizes);
        Assert.Equal(("600", "800", "lazy"), (image.GetAttribute("width"), image.GetAttribute("height"), image.GetAttribute("loading")));
    }

    [Fact]
    public async Task UploadedQrCodeInTheFooterIsPrintedWithItsRenditionsForItsShownWidthAndItsStoredSize()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var qr = await UploadAsync(editor, "服务号二维码.png", Png(1000, 1000));
        await app.WithDbAsync(async db =>
        {
            db.ServiceAccounts.Add(new ServiceAccount { Name = "测试服务号", QrImageId = qr.Id, SortOrder = 99 });
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<LnUnion.Portal.Caching.SiteWideChanges>().AnnounceAsync();
        await app.Services.GetRequiredService<LnUnion.Portal.Caching.PublicCache>().EverythingChangedAsync();

        var page = new HtmlParser().ParseDocument(await app.CreatePublicClient().GetStringAsync(new Uri("/contact", UriKind.Relative)));

        var image = page.QuerySelector(".service-accounts picture > img.qr[alt='测试服务号二维码']")!;
        Assert.NotNull(image);
        AssertRenditions(image, qr, [480, 960], ImageRenditions.QrSizes);
        Assert.Equal(("1000", "1000", "lazy"), (image.GetAttribute("width"), image.GetAttribute("height"), image.GetAttribute("loading")));
    }

    [Fact]
    public async Task TheSiteMarkInTheFooterIsPrintedSixtyPixelsTallWithTheWidthItsStoredSizeGives()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var mark = await UploadAsync(editor, "党政机关网站标识.png", Png(220, 110));
        var before = await app.WithDbAsync(db => db.SiteSettings.AsNoTracking().Select(s => new { s.GovSiteMarkUrl, s.GovSiteMarkImageId }).SingleAsync());
        await ChangeSiteMarkAsync("https://bszs.conac.cn/sitename?method=show&id=TEST", mark.Id);
        try
        {
            var page = new HtmlParser().ParseDocument(await app.CreatePublicClient().GetStringAsync(new Uri("/contact", UriKind.Relative)));

            var image = page.QuerySelector("footer a.gov-mark > img[alt='党政机关网站标识']")!;
            Assert.NotNull(image);
            Assert.Equal(("120", "60"), (image.GetAttribute("width"), image.GetAttribute("height")));
        }
        finally
        {
            await ChangeSiteMarkAsync(before.GovSiteMarkUrl, before.GovSiteMarkImageId);
        }
    }

    private async Task ChangeSiteMarkAsync(string? url, int? imageId)
    {
        await app.WithDbAsync(db => db.SiteSettings.ExecuteUpdateAsync(s => s.SetProperty(x => x.GovSiteMarkUrl, url).SetProperty(x => x.GovSiteMarkImageId, imageId)));
        await app.Services.GetRequiredService<LnUnion.Portal.Caching.SiteWideChanges>().AnnounceAsync();
        await app.Services.GetRequiredService<LnUnion.Portal.Caching.PublicCache>().EverythingChangedAsync();
    }

    /// <summary>The picture's WebP source and its JPEG image each list the renditions of these widths, with these sizes.</summary>
    private static void AssertRenditions(AngleSharp.Dom.IElement image, MediaFile file, int[] widths, string sizes)
    {
        var webp = image.ParentElement!.QuerySelector("source[type='image/webp']")!;
        Assert.NotNull(webp);
        Assert.Equal(string.Join(',', widths.Select(w => $"/media/{file.StoredName}-{w}.webp {w}w")), webp.GetAttribute("srcset"));
        Assert.Equal(string.Join(',', widths.Select(w => $"/media/{file.StoredName}-{w}.jpg {w}w")), image.GetAttribute("srcset"));
        Assert.Equal((sizes, sizes), (webp.GetAttribute("sizes"), image.GetAttribute("sizes")));
        Assert.Equal($"/media/{file.StoredName}-{widths[^1]}.jpg", image.GetAttribute("src"));
    }

    [Fact]
    public async Task DeletingAnImageRemovesItsRenditions()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var row = await UploadAsync(editor, "传错的照片.jpg", Jpeg(1000, 600));
        Assert.Equal(5, app.AllFiles().Count(f => f.StartsWith(row.StoredName, StringComparison.Ordinal)));

        var deleted = await editor.PostWithTokenAsync("/admin/media", $"/admin/media/{row.Id}/delete");

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain(app.AllFiles(), f => f.StartsWith(row.StoredName, StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreatePublicClient().GetAsync(new Uri($"/media/{row.StoredName}-480.webp", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task BackfillCommandProcessesAnImageUploadedBeforeThereWereRenditions()
    {
        // As an upload stored it before: the camera's bytes, EXIF and all, and a row without a size.
        var photo = WithExif(Jpeg(1000, 700), orientation: 1);
        var name = MediaStorage.NewStoredName(".jpg");
        await File.WriteAllBytesAsync(Storage.PathOf(name)!, photo);
        var id = await app.WithDbAsync(async db =>
        {
            var file = new MediaFile { StoredName = name, OriginalName = "旧照片.jpg", ContentType = "image/jpeg", Size = photo.Length, Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo)), UploadedAt = DateTime.UtcNow };
            db.MediaFiles.Add(file);
            await db.SaveChangesAsync();
            return file.Id;
        });
        var article = await app.AddArticleAsync("news", "以前的图片新闻", a => a.BodyMarkdown = $"![旧照片](/media/{name})");
        Assert.Contains(MakeRenditionsCommand.Usage, CommandLineHelp.Text, StringComparison.Ordinal);

        using var output = new StringWriter();
        Assert.Equal(0, await MakeRenditionsCommand.RunAsync(app.Services, output));

        Assert.Contains("已处理 1 张", output.ToString(), StringComparison.Ordinal);
        var row = await app.WithDbAsync(db => db.MediaFiles.AsNoTracking().SingleAsync(m => m.Id == id));
        Assert.Equal((1000, 700, true), (row.Width, row.Height, row.HasRenditions));
        var original = await File.ReadAllBytesAsync(Storage.PathOf(name)!);
        Assert.False(Contains(original, Exif) || Contains(original, Latitude), "the original's metadata is stripped");
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(original)), row.Sha256);
        foreach (var rendition in new[] { 480, 960 }.SelectMany(w => new[] { ImageRenditions.NameOf(name, w, RenditionFormat.Webp), ImageRenditions.NameOf(name, w, RenditionFormat.Jpeg) }))
        {
            Assert.True(File.Exists(Storage.PathOf(rendition)), rendition);
        }

        var body = await app.WithDbAsync(db => db.Articles.Where(a => a.Id == article).Select(a => a.BodyHtml).SingleAsync());
        Assert.Contains($"/media/{name}-960.jpg 960w", body, StringComparison.Ordinal);

        // A rendition lost from the folder is made again by the next pass.
        File.Delete(Storage.PathOf(ImageRenditions.NameOf(name, 480, RenditionFormat.Webp))!);
        output.GetStringBuilder().Clear();
        await MakeRenditionsCommand.RunAsync(app.Services, output);
        Assert.True(File.Exists(Storage.PathOf(ImageRenditions.NameOf(name, 480, RenditionFormat.Webp))));
    }

    [Fact]
    public async Task ReconcilerKeepsAndFinishesRenditionsWithTheirOriginalAndRemovesOrphanedOnes()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var row = await UploadAsync(editor, "会议.jpg", Jpeg(1000, 600));
        var longAgo = DateTime.UtcNow.AddDays(-2);
        var renditions = ImageRenditions.PossibleNames(row.StoredName).Where(n => File.Exists(Storage.PathOf(n))).ToList();
        foreach (var name in renditions.Append(row.StoredName))
        {
            File.SetLastWriteTimeUtc(Storage.PathOf(name)!, longAgo);
        }

        // A committed row whose rendition's move was cut short, and a rendition whose original's row is gone.
        var unfinished = ImageRenditions.NameOf(row.StoredName, 480, RenditionFormat.Webp);
        Directory.CreateDirectory(Storage.IncomingRoot);
        File.Move(Storage.PathOf(unfinished)!, Path.Combine(Storage.IncomingRoot, unfinished));
        var orphan = ImageRenditions.NameOf(MediaStorage.NewStoredName(".jpg"), 480, RenditionFormat.Jpeg);
        await File.WriteAllBytesAsync(Storage.PathOf(orphan)!, Jpeg(480, 240));
        File.SetLastWriteTimeUtc(Storage.PathOf(orphan)!, longAgo);

        var reconciler = app.Services.GetServices<IHostedService>().OfType<MediaReconciler>().Single();
        var result = await reconciler.ReconcileAsync(CancellationToken.None);

        Assert.All(renditions, name => Assert.True(File.Exists(Storage.PathOf(name)), $"{name} is kept"));
        Assert.False(File.Exists(Storage.PathOf(orphan)));
        Assert.Equal(1, result.RemovedOrphans);
        Assert.Equal(0, result.MissingCount);
    }

    private async Task<MediaFile> UploadAsync(StaffBrowser session, string fileName, byte[] content)
    {
        var token = await session.GetAntiforgeryTokenAsync("/admin/media");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(content), "file", fileName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/media/upload") { Content = form };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        using var response = await session.Client.SendAsync(request);
        var answer = (await response.Content.ReadFromJsonAsync<UploadAnswer>())!;
        Assert.True(response.IsSuccessStatusCode, answer.Error);
        return await app.WithDbAsync(db => db.MediaFiles.AsNoTracking().SingleAsync(m => "/media/" + m.StoredName == answer.Url));
    }

    private static readonly byte[] Exif = "Exif\0\0"u8.ToArray();

    /// <summary>41°48′12.34″ as EXIF's three rationals: what a GPS block gives away.</summary>
    private static readonly byte[] Latitude = [0, 0, 0, 41, 0, 0, 0, 1, 0, 0, 0, 48, 0, 0, 0, 1, 0, 0, 0x04, 0xD2, 0, 0, 0, 100];

    private static byte[] Jpeg(int width, int height) => Encode(width, height, SKEncodedImageFormat.Jpeg);

    private static byte[] Png(int width, int height) => Encode(width, height, SKEncodedImageFormat.Png);

    /// <summary>A picture with something in it (a gradient), so its encodings are of a realistic kind.</summary>
    private static byte[] Encode(int width, int height, SKEncodedImageFormat format)
    {
        using var bitmap = new SKBitmap(width, height);
        using (var canvas = new SKCanvas(bitmap))
        using (var paint = new SKPaint { Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), [SKColors.DarkRed, SKColors.Gold], SKShaderTileMode.Clamp) })
        {
            canvas.DrawRect(0, 0, width, height, paint);
        }

        using var data = bitmap.Encode(format, 90);
        return data.ToArray();
    }

    /// <summary>
    /// <paramref name="jpeg"/> with an APP1 EXIF block as a camera writes one: an orientation and a GPS IFD holding
    /// the latitude (north, <see cref="Latitude"/>).
    /// </summary>
    private static byte[] WithExif(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[92];
        "MM\0*"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(4), 8);
        // IFD0 at 8: Orientation, and the GPS IFD's offset.
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(8), 2);
        Entry(tiff, 10, 0x0112, 3, 1, (uint)orientation << 16);
        Entry(tiff, 22, 0x8825, 4, 1, 38);
        // GPS IFD at 38: GPSLatitudeRef "N", GPSLatitude at 68.
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(38), 2);
        Entry(tiff, 40, 0x0001, 2, 2, 0x4E000000);
        Entry(tiff, 52, 0x0002, 5, 3, 68);
        Latitude.CopyTo(tiff, 68);

        var segment = new byte[4 + Exif.Length + tiff.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(segment.Length - 2));
        Exif.CopyTo(segment, 4);
        tiff.CopyTo(segment, 4 + Exif.Length);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }

    private static void Entry(byte[] tiff, int at, ushort tag, ushort type, uint count, uint value)
    {
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at), tag);
        BinaryPrimitives.WriteUInt16BigEndian(tiff.AsSpan(at + 2), type);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 4), count);
        BinaryPrimitives.WriteUInt32BigEndian(tiff.AsSpan(at + 8), value);
    }

    private static bool Contains(byte[] content, byte[] part) => content.AsSpan().IndexOf(part) >= 0;
}
