using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Checks;

[Collection(PortalTests.Name)]
public sealed partial class SiteScanTests(PortalApplication app)
{
    [Fact]
    public async Task ScanReportsInternalLinksThePublicCannotOpenAndLeavesWorkingOnesAlone()
    {
        var draft = await app.AddArticleAsync("news", "还是草稿的文章", a => a.Status = ArticleStatus.Draft);
        var scheduled = await app.AddArticleAsync("news", "定时发布的文章", a => a.PublishAt = app.UtcNow.AddDays(3));
        var expired = await app.AddArticleAsync("news", "已过期的文章", a => a.ExpiresAt = app.UtcNow.AddDays(-1));
        var published = await app.AddArticleAsync("news", "已发布的文章");
        var body = $"""
            [草稿](/articles/{draft}) [繁体定时](/zh-hant/articles/{scheduled}) [过期](https://www.example.gov.cn/articles/{expired})
            [没有这篇](/articles/99999999) [没有这个栏目](/no-such-channel) [没有这个地址](/about/nothing)

            [好文章](/articles/{published}) [繁体好文章](/zh-hant/articles/{published}#top) [简介](/about) [要闻](/zh-hant/news) [首页](/)
            [栏目大写](/News) [订阅](/notices/feed.xml) [电话](tel:024-12345678) [本页锚点](#part)
            """;
        var linking = await app.AddArticleAsync("news", "链接很多的文章", a => a.BodyMarkdown = body);
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        await Scans.StartAndFinishAsync(app, editor);

        var findings = await app.FindingsOfArticleAsync(linking);
        Assert.Equal(
            [$"/articles/{draft}", $"/zh-hant/articles/{scheduled}", $"https://www.example.gov.cn/articles/{expired}", "/articles/99999999", "/no-such-channel", "/about/nothing"],
            findings.Select(f => f.Found));
        Assert.All(findings, f => Assert.Equal((LinkKinds.InternalLink, FindingSeverity.Warning, FindingStatus.Open), (f.Kind, f.Severity, f.Status)));
        Assert.Equal("正文链接“草稿”", findings[0].Place);
        Assert.Contains("公众看不到", findings[0].Message, StringComparison.Ordinal);
        Assert.Contains("文章不存在", findings[3].Message, StringComparison.Ordinal);

        var byArticle = await editor.GetPageAsync("/admin/scan?by=article");
        PublicHtml.AssertElement(byArticle, "a", "链接很多的文章", $"href=/admin/articles/{linking}");
        var byType = await editor.GetPageAsync("/admin/scan");
        Assert.Matches("<h2 [^>]*>\\s*站内链接打不开\\s*（\\d+）", byType);
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == draft || a.Id == scheduled || a.Id == expired || a.Id == linking).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task TwoRunsOfTheScannerInOneProcessRecordEachFindingOnce()
    {
        var draft = await app.AddArticleAsync("news", "并发扫描链接到的草稿", a => a.Status = ArticleStatus.Draft);
        var linking = await app.AddArticleAsync("news", "并发扫描的文章", a => a.BodyMarkdown = $"[草稿](/articles/{draft})");
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        using var started = await editor.SubmitAsync("/admin/scan", "/admin/scan/start");
        var scanner = app.Services.GetRequiredService<SiteScanner>();

        // The worker's poll and a direct run, side by side.
        await Task.WhenAll(Task.Run(() => scanner.RunAsync(CancellationToken.None)), Task.Run(() => scanner.RunAsync(CancellationToken.None)));
        await Scans.FinishAsync(app);

        Assert.Equal([$"/articles/{draft}"], (await app.FindingsOfArticleAsync(linking)).Select(f => f.Found));
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == draft || a.Id == linking).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task ScanReportsAttachmentsAndLinkedFilesWhoseFileIsGone()
    {
        var (present, missing, missingImage) = await app.WithDbAsync(async db =>
        {
            MediaFile File(string original) => new()
            {
                StoredName = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Path.GetExtension(original),
                OriginalName = original,
                ContentType = "application/pdf",
                Sha256 = new string('0', 64),
                UploadedAt = app.UtcNow,
            };
            var files = (File("在的附件.pdf"), File("丢了的附件.pdf"), File("丢了的图片.png"));
            db.MediaFiles.AddRange(files.Item1, files.Item2, files.Item3);
            await db.SaveChangesAsync();
            return files;
        });
        Directory.CreateDirectory(app.MediaPath);
        await System.IO.File.WriteAllBytesAsync(Path.Combine(app.MediaPath, present.StoredName), [1, 2, 3]);
        var id = await app.AddArticleAsync("notices", "附件丢失的通知", a =>
        {
            a.BodyMarkdown = $"![丢了的图片](/media/{missingImage.StoredName})\n\n[在的附件](/media/{present.StoredName})\n\n[没有这个文件](/media/{new string('a', 32)}.pdf)";
            a.Attachments.Add(new ArticleAttachment { MediaFileId = present.Id, SortOrder = 0 });
            a.Attachments.Add(new ArticleAttachment { MediaFileId = missing.Id, SortOrder = 1 });
        });
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        await Scans.StartAndFinishAsync(app, editor);

        // Only the link checks speak here: the three bytes of the present file are also an unreadable PDF to the content checks.
        var findings = (await app.FindingsOfArticleAsync(id)).Where(f => LinkKinds.All.Contains(f.Kind)).Select(f => (f.Kind, f.Place, f.Found)).ToHashSet();
        Assert.Equal(
            new HashSet<(string, string, string)>
            {
                (LinkKinds.MissingFile, "正文图片“丢了的图片”", $"/media/{missingImage.StoredName}"),
                (LinkKinds.InternalLink, "正文链接“没有这个文件”", $"/media/{new string('a', 32)}.pdf"),
                (LinkKinds.MissingFile, "附件“丢了的附件.pdf”", "丢了的附件.pdf"),
            },
            findings);
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task StaffDecisionsAreAuditedAndTheNextScanKeepsIgnoredReopensFixedAndClosesWhatIsGone()
    {
        var id = await app.AddArticleAsync("news", "三个坏链接的文章", a => a.BodyMarkdown = "[一](/gone-one) [二](/gone-two) [三](/gone-three)");
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        await Scans.StartAndFinishAsync(app, editor);
        var first = await app.FindingsOfArticleAsync(id);
        var (one, two, three) = (first.Single(f => f.Found == "/gone-one"), first.Single(f => f.Found == "/gone-two"), first.Single(f => f.Found == "/gone-three"));

        using (var ignored = await editor.SubmitAsync("/admin/scan?by=article", $"/admin/scan/findings/{one.Id}/ignored"))
        {
            Assert.Equal("/admin/scan?status=open&by=article", ignored.Headers.Location?.OriginalString);
        }

        using (await editor.SubmitAsync("/admin/scan", $"/admin/scan/findings/{two.Id}/fixed"))
        {
        }

        var decided = await app.FindingsOfArticleAsync(id);
        Assert.Equal((FindingStatus.Ignored, editor.UserId), (decided.Single(f => f.Id == one.Id).Status, decided.Single(f => f.Id == one.Id).DecidedById));
        Assert.Equal(FindingStatus.Fixed, decided.Single(f => f.Id == two.Id).Status);
        Assert.Equal(AuditLog.Success, Assert.Single(await app.AuditEntriesAsync("scan.ignored", $"scan:{one.Id}", editor.UserId)).Result);
        Assert.Single(await app.AuditEntriesAsync("scan.fixed", $"scan:{two.Id}", editor.UserId));
        var ignoredList = await editor.GetPageAsync("/admin/scan?status=ignored");
        Assert.Contains("/gone-one", ignoredList, StringComparison.Ordinal);
        Assert.Contains("测试Editor，", ignoredList, StringComparison.Ordinal);

        // "Fixed" two is still there; three is really fixed now.
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.BodyMarkdown, "[一](/gone-one) [二](/gone-two)")));
        await Scans.StartAndFinishAsync(app, editor);

        var after = (await app.FindingsOfArticleAsync(id)).ToDictionary(f => f.Id);
        Assert.Equal(3, after.Count);
        Assert.Equal(FindingStatus.Ignored, after[one.Id].Status);
        Assert.Equal((FindingStatus.Open, null), (after[two.Id].Status, after[two.Id].DecidedById));
        Assert.Equal(FindingStatus.Gone, after[three.Id].Status);
        Assert.Equal(first.Single(f => f.Id == two.Id).FirstSeenAt, after[two.Id].FirstSeenAt);
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task DecidingAFindingThatDoesNotExistAnswersNotFound()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        using var response = await editor.PostWithTokenAsync("/admin/scan", "/admin/scan/findings/99999999/fixed");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task CsvExportIsUtf8WithAByteOrderMarkAndCarriesNoStaffNames()
    {
        // A title Excel would take for a formula, with a comma and quotes.
        var id = await app.AddArticleAsync("news", "=导出测试,带\"逗号\"", a => a.BodyMarkdown = "[坏链接](/csv-gone)");
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        await Scans.StartAndFinishAsync(app, editor);
        var finding = (await app.FindingsOfArticleAsync(id)).Single();
        using (await editor.SubmitAsync("/admin/scan", $"/admin/scan/findings/{finding.Id}/ignored"))
        {
        }

        using var response = await editor.GetAsync("/admin/scan/findings.csv?status=all");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("编号,类型,严重程度,文章或页面,网址,位置,发现的内容,说明,建议,状态,首次发现,最近发现,处理时间\r\n", text, StringComparison.Ordinal);
        var line = text.Split("\r\n").Single(l => l.StartsWith($"{finding.Id},", StringComparison.Ordinal));
        Assert.Contains($",站内链接打不开,警告,\"'=导出测试,带\"\"逗号\"\"\",/articles/{id},正文链接“坏链接”,/csv-gone,", line, StringComparison.Ordinal);
        Assert.Contains(",已忽略,", line, StringComparison.Ordinal);
        Assert.DoesNotContain("测试Editor", text, StringComparison.Ordinal);
        Assert.DoesNotContain(editor.Email, text, StringComparison.Ordinal);
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task ARunningScanShowsAProgressBarThatWorksWithoutJavaScriptAndNoSecondStartButton()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        using (var started = await editor.SubmitAsync("/admin/scan", "/admin/scan/start"))
        {
            Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        }

        var running = await editor.GetPageAsync("/admin/scan");
        await Scans.FinishAsync(app);
        var finished = await editor.GetPageAsync("/admin/scan");

        Assert.Matches(ProgressBar(), running);
        PublicHtml.AssertElementHas(running, "*", "data-refresh-seconds=5");
        PublicHtml.AssertElement(running, "a", "刷新进度", "href=/admin/scan?status=open");
        Assert.Empty(PublicHtml.All(running, "[action='/admin/scan/start']"));
        Assert.Matches("上次扫描：测试Editor，[-0-9: ]+ 开始，[-0-9: ]+ 完成，检查了 \\d+ 篇文章和页面。", finished);
        PublicHtml.AssertElementHas(finished, "*", "action=/admin/scan/start");
        Assert.Single(await app.AuditEntriesAsync("scan.start", userId: editor.UserId));
    }

    [Fact]
    public async Task StaffWithoutArticleRightsCannotSeeTheScanReport()
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        using var response = await staff.GetAsync("/admin/scan");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [GeneratedRegex("<progress id=\"scan-progress\" class=\"w-100\" value=\"\\d+\" max=\"\\d+\">\\d+%</progress>")]
    private static partial Regex ProgressBar();
}
