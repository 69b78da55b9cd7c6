using System.Net;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

/// <summary>No Markdown, saved or stored, can take a page down: the editor is told, the reader sees the rest of the site.</summary>
[Collection(PortalTests.Name)]
public sealed class MarkdownLimitsTests(PortalApplication app)
{
    /// <summary>128 bytes that Markdig refuses as too deeply nested.</summary>
    private static readonly string Unrenderable = new('>', 128);

    private readonly HttpClient _public = app.CreatePublicClient();

    [Fact]
    public async Task EditorSavingMarkdownThatCannotRenderIsToldWhyAndNothingIsSaved()
    {
        var about = await app.WithDbAsync(db => db.Pages.AsNoTracking().SingleAsync(p => p.Slug == PageSlugs.About));
        var edit = $"/admin/pages/{about.Id}/edit";
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        var saved = await editor.SubmitAsync(edit, edit, form => form["Input.BodyMarkdown"] = Unrenderable);

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains(StaffBrowser.Errors(await saved.Content.ReadAsStringAsync()), e => e.Contains("嵌套过深", StringComparison.Ordinal));
        Assert.Equal(about.BodyMarkdown, await app.WithDbAsync(db => db.Pages.Where(p => p.Id == about.Id).Select(p => p.BodyMarkdown).SingleAsync()));
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync(new Uri("/about", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task EditorSavingOrPreviewingAnArticleOverTheLengthLimitIsToldTheLimit()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var articles = await app.WithDbAsync(db => db.Articles.CountAsync());
        var news = await app.WithDbAsync(db => db.Channels.Where(c => c.Slug == "news").Select(c => c.Id).SingleAsync());
        var tooLong = new string('字', MarkdownRenderer.MaxLength + 1);
        var limit = $"{MarkdownRenderer.MaxLength} 个字符的上限";

        var saved = await editor.PostMultipartWithTokenAsync("/admin/articles/new", "/admin/articles/new",
        [
            ("Input.ChannelId", news.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Input.Title", "超长正文测试"),
            ("Input.BodyMarkdown", tooLong),
        ]);
        var preview = await editor.PostWithTokenAsync("/admin/articles/new", "/admin/articles/preview", ("markdown", tooLong));

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains(StaffBrowser.Errors(await saved.Content.ReadAsStringAsync()), e => e.Contains(limit, StringComparison.Ordinal));
        Assert.Equal(articles, await app.WithDbAsync(db => db.Articles.CountAsync()));
        Assert.Contains(limit, await preview.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StoredPageThatCannotRenderShowsANoteAndEveryOtherPageStillWorks()
    {
        var about = await app.WithDbAsync(db => db.Pages.AsNoTracking().SingleAsync(p => p.Slug == PageSlugs.About));
        await SetAboutAsync(Unrenderable);
        try
        {
            var page = await GetAsync("/about");
            Assert.Contains(MarkdownRenderer.UnrenderableNote.Trim(), page, StringComparison.Ordinal);
            Assert.Contains("22581001", page, StringComparison.Ordinal);
            Assert.Contains("此處內容暫時無法顯示", await GetAsync("/zh-hant/about"), StringComparison.Ordinal);
            foreach (var path in new[] { "/", "/zh-hant/", "/search?q=%E5%B7%A5%E4%BC%9A", "/contact", "/sitemap.xml" })
            {
                await GetAsync(path);
            }

            using var editor = await app.SignInAsNewAsync(Roles.Editor);
            Assert.Contains("嵌套过深", await editor.GetPageAsync($"/admin/pages/{about.Id}"), StringComparison.Ordinal);
        }
        finally
        {
            await SetAboutAsync(about.BodyMarkdown);
        }
    }

    [Fact]
    public async Task StoredArticleThatCannotRenderShowsANoteAndItsListsAndFeedsStillWork()
    {
        var channel = await app.AddChannelAsync("unrenderable");
        var id = await app.AddArticleAsync(channel, "无法显示正文的文章", a => a.BodyMarkdown = Unrenderable);

        var article = await GetAsync($"/articles/{id}");

        Assert.Contains("无法显示正文的文章", article, StringComparison.Ordinal);
        Assert.Contains(MarkdownRenderer.UnrenderableNote.Trim(), article, StringComparison.Ordinal);
        Assert.Contains("无法显示正文的文章", await GetAsync($"/{channel}"), StringComparison.Ordinal);
        Assert.Contains("无法显示正文的文章", await GetAsync($"/{channel}/feed.xml"), StringComparison.Ordinal);
        await GetAsync("/feed.xml");
        await GetAsync("/");
    }

    private async Task SetAboutAsync(string body)
    {
        await app.WithDbAsync(async db =>
        {
            (await db.Pages.SingleAsync(p => p.Slug == PageSlugs.About)).BodyMarkdown = body;
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<PublicCache>().PageChangedAsync(PageSlugs.About);
    }

    private async Task<string> GetAsync(string path)
    {
        var response = await _public.GetAsync(new Uri(path, UriKind.Relative));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} answered {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync();
    }
}
