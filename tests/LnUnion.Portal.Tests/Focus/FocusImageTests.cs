using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Focus;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Focus;

/// <summary>The home page's 焦点图: which articles are slides, how they are printed, and how an editor marks one.</summary>
[Collection(PortalTests.Name)]
public sealed class FocusImageTests(PortalApplication app)
{
    private readonly HttpClient _client = app.CreatePublicClient();

    [Fact]
    public async Task AMarkedPublicArticleWithACoverIsASlideLinkingToItWithItsTitleAsTheImagesAlt()
    {
        await ClearAsync();
        var title = "焦点图显示的文章" + Guid.NewGuid().ToString("N")[..6];
        var cover = await AddCoverAsync();
        var at = app.UtcNow.AddMinutes(-1);
        var id = await app.AddArticleAsync(ChannelSlugs.News, title, a => Mark(a, cover, at));

        var home = await GetDocumentAsync("/");

        var slide = Assert.Single(home.QuerySelectorAll(".focus .focus-slide"));
        var link = slide.QuerySelector("a")!;
        Assert.Equal($"/articles/{id}", link.GetAttribute("href"));
        var image = link.QuerySelector("img")!;
        Assert.Equal((title, $"/media/{cover.StoredName}"), (image.GetAttribute("alt"), image.GetAttribute("src")));
        Assert.Equal(title, link.QuerySelector(".focus-title")!.TextContent);
        Assert.Equal(ChinaTime.Date(at), link.QuerySelector("time")!.TextContent);
        // One slide has nothing to move between: no controls, and nothing that could move by itself.
        Assert.Null(home.QuerySelector(".focus-controls"));
        Assert.Equal("焦点图", home.QuerySelector("#focus-title")!.TextContent);
        await RemoveAsync(id);
    }

    [Fact]
    public async Task UnmarkedCoverlessDraftExpiredAndScheduledArticlesAreNotSlides()
    {
        await ClearAsync();
        var cover = await AddCoverAsync();
        var now = app.UtcNow;
        var ids = new List<int>
        {
            await app.AddArticleAsync(ChannelSlugs.News, "未标记焦点图", a => { Mark(a, cover, now.AddMinutes(-1)); a.ShowInFocus = false; }),
            await app.AddArticleAsync(ChannelSlugs.News, "没有封面的焦点图", a => { Mark(a, cover, now.AddMinutes(-1)); a.CoverImageId = null; }),
            await app.AddArticleAsync(ChannelSlugs.News, "草稿焦点图", a => { Mark(a, cover, now.AddMinutes(-1)); a.Status = ArticleStatus.Draft; }),
            await app.AddArticleAsync(ChannelSlugs.News, "已过期焦点图", a => { Mark(a, cover, now.AddDays(-2)); a.ExpiresAt = now.AddMinutes(-1); }),
            await app.AddArticleAsync(ChannelSlugs.News, "定时发布焦点图", a => Mark(a, cover, now.AddHours(1))),
        };

        var home = await GetDocumentAsync("/");

        Assert.Null(home.QuerySelector(".focus"));
        Assert.Null(home.QuerySelector("#focus-title"));
        foreach (var id in ids)
        {
            await RemoveAsync(id);
        }
    }

    [Fact]
    public async Task OnlyTheFiveNewestAreSlidesAndOnlyTheFirstImageLoadsBeforeItIsNeeded()
    {
        await ClearAsync();
        var cover = await AddCoverAsync();
        var now = app.UtcNow;
        var ids = new List<int>();
        for (var i = 0; i < FocusImages.Count + 1; i++)
        {
            var minutes = i;
            ids.Add(await app.AddArticleAsync(ChannelSlugs.News, $"焦点图第{i}篇", a => Mark(a, cover, now.AddMinutes(-10 + minutes))));
        }

        var home = await GetDocumentAsync("/");

        var links = home.QuerySelectorAll(".focus-slide a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(ids.AsEnumerable().Reverse().Take(FocusImages.Count).Select(id => $"/articles/{id}"), links);
        var loading = home.QuerySelectorAll(".focus-slide img").Select(img => img.GetAttribute("loading")).ToList();
        Assert.Equal(["eager", "lazy", "lazy", "lazy", "lazy"], loading);
        // The controls need site.js: served hidden, with a real button per slide and 暂停 hidden until it can move.
        var controls = home.QuerySelector(".focus-controls")!;
        Assert.True(controls.HasAttribute("hidden"));
        Assert.All(controls.QuerySelectorAll("button"), b => Assert.Equal("button", b.GetAttribute("type")));
        Assert.Equal(FocusImages.Count, controls.QuerySelectorAll("button[data-focus-to]").Length);
        Assert.True(controls.QuerySelector("[data-focus-pause]")!.HasAttribute("hidden"));
        foreach (var id in ids)
        {
            await RemoveAsync(id);
        }
    }

    [Fact]
    public async Task AReviewerMarksAnArticleOnItsPublishingFormAndTheHomePageShowsItAtOnceAndTheAuditLogSaysSo()
    {
        await ClearAsync();
        var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var cover = await AddCoverAsync();
        var title = "审核员标记的焦点图" + Guid.NewGuid().ToString("N")[..6];
        var id = await app.AddArticleAsync(ChannelSlugs.News, title, a =>
        {
            Mark(a, cover, app.UtcNow.AddMinutes(-1));
            a.ShowInFocus = false;
        });
        Assert.Null((await GetDocumentAsync("/")).QuerySelector(".focus"));
        var detail = $"/admin/articles/{id}";
        Assert.Contains("在焦点图中显示", await reviewer.GetPageAsync(detail), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(detail, $"{detail}/publishing", ("ShowInFocus", "true"))).StatusCode);

        Assert.Equal($"/articles/{id}", (await GetDocumentAsync("/")).QuerySelector(".focus-slide a")?.GetAttribute("href"));
        Assert.Contains(await app.AuditEntriesAsync(action: "articles.focus", target: $"articles:{id}", userId: reviewer.UserId), e => e.Result == "成功：在焦点图中显示");

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(detail, $"{detail}/publishing", form => form.Remove("ShowInFocus"))).StatusCode);

        Assert.Null((await GetDocumentAsync("/")).QuerySelector(".focus"));
        Assert.Contains(await app.AuditEntriesAsync(action: "articles.focus", target: $"articles:{id}", userId: reviewer.UserId), e => e.Result == "成功：不在焦点图中显示");
        // Saving the form again without changing the mark says nothing about it.
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync(detail, $"{detail}/publishing", form => form.Remove("ShowInFocus"))).StatusCode);
        Assert.Equal(2, (await app.AuditEntriesAsync(action: "articles.focus", target: $"articles:{id}")).Count);
        await RemoveAsync(id);
    }

    [Fact]
    public async Task TheSlidesAreServedInTraditionalUnderZhHant()
    {
        await ClearAsync();
        var cover = await AddCoverAsync();
        var id = await app.AddArticleAsync(ChannelSlugs.News, "职工运动会在沈阳举行", a => Mark(a, cover, app.UtcNow.AddMinutes(-1)));

        var home = await GetDocumentAsync("/zh-hant/");

        var link = home.QuerySelector(".focus-slide a")!;
        Assert.Equal($"/zh-hant/articles/{id}", link.GetAttribute("href"));
        Assert.Equal("職工運動會在瀋陽舉行", link.QuerySelector("img")!.GetAttribute("alt"));
        Assert.Equal("焦點圖", home.QuerySelector("#focus-title")!.TextContent);
        await RemoveAsync(id);
    }

    private static void Mark(Article article, MediaFile cover, DateTime publishAt)
    {
        article.ShowInFocus = true;
        article.CoverImageId = cover.Id;
        article.PublishAt = publishAt;
    }

    private Task<MediaFile> AddCoverAsync() => app.WithDbAsync(async db =>
    {
        var file = new MediaFile { StoredName = $"{Guid.NewGuid():N}.jpg", OriginalName = "封面.jpg", ContentType = "image/jpeg", Sha256 = new string('0', 64) };
        db.MediaFiles.Add(file);
        await db.SaveChangesAsync();
        return file;
    });

    /// <summary>The app is shared: no other test's marked article may stand in this one's focus area.</summary>
    private async Task ClearAsync()
    {
        await app.WithDbAsync(db => db.Articles.Where(a => a.ShowInFocus).ExecuteUpdateAsync(s => s.SetProperty(a => a.ShowInFocus, false)));
        await app.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
    }

    private async Task RemoveAsync(int id)
    {
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteDeleteAsync());
        await app.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, ChannelSlugs.News);
    }

    private async Task<IDocument> GetDocumentAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }
}
