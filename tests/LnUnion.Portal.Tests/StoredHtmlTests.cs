using System.Net;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

/// <summary>
/// Texts keep their rendering beside their Markdown (render on write): what is stored is exactly what the pipeline
/// makes of the Markdown, the public pages are the same byte for byte whether they read it or render live, and
/// hostile Markdown is as harmless stored as it is rendered.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class StoredHtmlTests(PortalApplication app)
{
    private const string RichMarkdown = "## 小标题\n\n第一段，**加粗**，[链接](https://www.lnzgh.org.cn)。\n\n| 项目 | 时间 |\n| --- | --- |\n| 开放 | 每周一 |\n\n落款 {.align-right}\n";

    private const string HostileMarkdown =
        "<script>alert('s')</script>\n\n[点我](javascript:alert('j'))\n\n<img src=\"/media/x.png\" onerror=\"alert('e')\">\n\n"
        + "<a href=\"#\" onclick=\"alert('c')\">链接</a>\n\n<iframe src=\"https://evil.example\"></iframe>\n\n<form action=\"https://evil.example\"><input name=\"p\"></form>\n\n"
        + "<div style=\"position:fixed\">遮挡</div>\n\n[数据](data:text/html;base64,PHNjcmlwdD4=)\n";

    private readonly HttpClient _client = app.CreatePublicClient();
    private MarkdownRenderer Markdown => app.Services.GetRequiredService<MarkdownRenderer>();

    [Fact]
    public async Task SavingAnArticleStoresWhatThePipelineMakesOfItsMarkdown()
    {
        var channel = await app.AddChannelAsync("stored-save");
        var id = await app.AddArticleAsync(channel, "存储渲染结果", a => a.BodyMarkdown = RichMarkdown);

        var stored = await StoredAsync(id);

        Assert.Equal(Markdown.ToHtml(RichMarkdown), stored.BodyHtml);
        Assert.Equal(Markdown.ToPlainText(RichMarkdown, MarkdownRenderer.StoredExcerptLength), stored.BodyExcerpt);
        Assert.Contains("<h2>小标题</h2>", stored.BodyHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditingTheMarkdownStoresTheNewRenderingAndThePageShowsIt()
    {
        var channel = await app.AddChannelAsync("stored-edit");
        var id = await app.AddArticleAsync(channel, "修改后重新渲染");
        await GetAsync($"/articles/{id}");

        await app.WithDbAsync(async db =>
        {
            (await db.Articles.SingleAsync(a => a.Id == id)).BodyMarkdown = "改过的**正文**。";
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, channel);

        Assert.Equal(Markdown.ToHtml("改过的**正文**。"), (await StoredAsync(id)).BodyHtml);
        Assert.Contains("改过的<strong>正文</strong>。", await GetAsync($"/articles/{id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnArticlePageIsTheSameByteForByteFromStoredHtmlAndFromLiveRendering()
    {
        var channel = await app.AddChannelAsync("stored-same");
        var longBody = RichMarkdown + string.Concat(Enumerable.Repeat("职工服务中心开展帮扶活动，走访企业，了解需求。", 20));
        var id = await app.AddArticleAsync(channel, "两种方式一致", a => a.BodyMarkdown = longBody);
        var fromStored = await GetAsync($"/articles/{id}");

        await ForgetRenderingAsync(db => db.Articles.Where(a => a.Id == id));
        await app.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, channel);
        var live = await GetAsync($"/articles/{id}");

        Assert.Null((await StoredAsync(id)).BodyHtml);
        Assert.Equal(live, fromStored);
        // The excerpt (meta description) is cut from the stored start of the text as from the whole text.
        Assert.Contains(Markdown.ToPlainText(longBody, 120), fromStored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StandingPagesAndTheHomePageAreTheSameFromStoredHtmlAndFromLiveRendering()
    {
        string[] paths = ["/", "/about", "/about/responsibilities", "/contact", "/feed.xml"];
        var cache = app.Services.GetRequiredService<PublicCache>();
        await cache.EverythingChangedAsync();
        var fromStored = new List<string>();
        foreach (var path in paths)
        {
            fromStored.Add(await GetAsync(path));
        }

        await ForgetRenderingAsync(db => db.Pages);
        await ForgetRenderingAsync(db => db.Articles);
        try
        {
            await cache.EverythingChangedAsync();
            for (var i = 0; i < paths.Length; i++)
            {
                Assert.Equal(fromStored[i], await GetAsync(paths[i]));
            }
        }
        finally
        {
            await app.Services.GetRequiredService<StoredHtmlRenderer>().RenderAsync(onlyMissing: true, CancellationToken.None);
        }
    }

    [Fact]
    public async Task TheRenderCommandFillsInTextsWrittenWithoutTheirRenderingAndRerendersTheRest()
    {
        var channel = await app.AddChannelAsync("stored-command");
        var id = await app.AddArticleAsync(channel, "命令补全渲染", a => a.BodyMarkdown = RichMarkdown);
        await ForgetRenderingAsync(db => db.Articles.Where(a => a.Id == id));
        await app.WithDbAsync(db => db.ArticleRevisions.Where(r => r.ArticleId == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.BodyHtml, "<p>旧规则的结果</p>")));
        var renderer = app.Services.GetRequiredService<StoredHtmlRenderer>();

        Assert.True(await renderer.RenderAsync(onlyMissing: true, CancellationToken.None) >= 1);
        Assert.Equal(Markdown.ToHtml(RichMarkdown), (await StoredAsync(id)).BodyHtml);

        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.BodyHtml, "<p>旧规则的结果</p>")));
        await renderer.RenderAsync(onlyMissing: false, CancellationToken.None);
        Assert.Equal(Markdown.ToHtml(RichMarkdown), (await StoredAsync(id)).BodyHtml);
    }

    [Fact]
    public async Task HostileMarkdownIsStoredAndServedHarmless()
    {
        var channel = await app.AddChannelAsync("stored-hostile");
        var id = await app.AddArticleAsync(channel, "恶意正文", a => a.BodyMarkdown = HostileMarkdown);

        var stored = (await StoredAsync(id)).BodyHtml!;
        var page = await GetAsync($"/articles/{id}");

        foreach (var forbidden in new[] { "alert(", "javascript:", "onerror", "onclick", "<iframe", "<form", "<input", "position:fixed", "data:text" })
        {
            Assert.DoesNotContain(forbidden, stored, StringComparison.OrdinalIgnoreCase);
        }

        // The page's description may quote the text of the tags, escaped; as markup they appear nowhere.
        foreach (var forbidden in new[] { "<script>alert", "href=\"javascript:", " onerror=\"", " onclick=\"", "<iframe", "=\"https://evil.example", "<input name=\"p\"", "style=\"position", "href=\"data:" })
        {
            Assert.DoesNotContain(forbidden, page, StringComparison.OrdinalIgnoreCase);
        }

        Assert.DoesNotContain("<script", stored, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("遮挡", stored, StringComparison.Ordinal);
        Assert.Equal(Markdown.ToHtml(HostileMarkdown), stored);
    }

    private Task<(string? BodyHtml, string? BodyExcerpt)> StoredAsync(int id) =>
        app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => ValueTuple.Create(a.BodyHtml, a.BodyExcerpt)).SingleAsync());

    /// <summary>As a row written before the columns existed, or straight into the database, has it: no rendering.</summary>
    private Task<int> ForgetRenderingAsync<T>(Func<PortalDbContext, IQueryable<T>> rows) where T : class, IRenderedMarkdown =>
        app.WithDbAsync(db => rows(db).ExecuteUpdateAsync(s => s
            .SetProperty(r => EF.Property<string?>(r, nameof(IRenderedMarkdown.BodyHtml)), (string?)null)
            .SetProperty(r => EF.Property<string?>(r, nameof(IRenderedMarkdown.BodyExcerpt)), (string?)null)));

    private async Task<string> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
