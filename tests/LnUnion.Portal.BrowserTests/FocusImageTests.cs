using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Tests;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// The home page's 焦点图 in a real browser: moved by keyboard, paused, never moving by itself in 长者模式 or with
/// reduced motion, and every slide a link a keyboard reaches without script. The browser's clock is Playwright's, so
/// the 5 s turns are run through, never waited for.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class FocusImageTests(BrowserFixture site)
{
    [Fact]
    public async Task TheKeyboardMovesBetweenSlidesWithTheButtonsAndTheArrowKeys()
    {
        var ids = await FocusSlidesData.EnsureAsync(site);
        var page = await site.NewPageAsync();
        await page.Clock.InstallAsync();
        await page.GotoAsync("/");
        var next = page.Locator("[data-focus-next]");
        await Expect(next).ToBeVisibleAsync();
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[0]}");

        await next.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[1]}");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[2]}");
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[0]}");
        await page.Locator("[data-focus-prev]").FocusAsync();
        await page.Keyboard.PressAsync("Space");
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[2]}");
        await Expect(page.Locator("[data-focus-to='2']")).ToHaveAttributeAsync("aria-current", "true");
        await page.Locator("[data-focus-to='1']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[1]}");
        // The slide shown is the one link of the strip in the tab order: Shift+Tab from the first button reaches it.
        await page.Locator("[data-focus-prev]").FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.Equal($"/articles/{ids[1]}", await page.EvaluateAsync<string>("() => document.activeElement.getAttribute('href')"));

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ItAdvancesEveryFiveSecondsUntilPausedAndPlaysAgainOnlyWhenAsked()
    {
        var ids = await FocusSlidesData.EnsureAsync(site);
        var page = await site.NewPageAsync();
        await page.Clock.InstallAsync();
        await page.GotoAsync("/");
        var pause = page.Locator("[data-focus-pause]");
        await Expect(pause).ToBeVisibleAsync();
        await Expect(pause).ToHaveTextAsync("暂停");

        await page.Clock.RunForAsync(5100);
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[1]}");

        await pause.ClickAsync();
        await Expect(pause).ToHaveTextAsync("播放");
        await LeaveAsync(page);
        await page.Clock.RunForAsync(30_000);
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[1]}");

        await pause.ClickAsync();
        await Expect(pause).ToHaveTextAsync("暂停");
        await LeaveAsync(page);
        await page.Clock.RunForAsync(5100);
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[2]}");

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ItStandsStillWhilePointedAtOrFocused()
    {
        var ids = await FocusSlidesData.EnsureAsync(site);
        var page = await site.NewPageAsync();
        await page.Clock.InstallAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("[data-focus-pause]")).ToBeVisibleAsync();

        await page.Locator(".focus").HoverAsync();
        await page.Clock.RunForAsync(12_000);
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[0]}");
        await page.Mouse.MoveAsync(0, 0);
        await CurrentLink(page).FocusAsync();
        await page.Clock.RunForAsync(12_000);
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[0]}");

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task InElderModeItNeverMovesByItselfNotEvenOnTheNextPage()
    {
        var ids = await FocusSlidesData.EnsureAsync(site);
        var page = await site.NewPageAsync();
        await page.Clock.InstallAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("[data-focus-pause]")).ToBeVisibleAsync();

        await page.Locator("#a11y-bar button[data-size='1']").ClickAsync();
        await LeaveAsync(page);
        await page.Clock.RunForAsync(30_000);
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[0]}");
        await Expect(page.Locator("[data-focus-pause]")).ToBeHiddenAsync();

        await page.ReloadAsync();
        await Expect(page.Locator("html")).ToHaveClassAsync("text-large elder-mode");
        await Expect(page.Locator("[data-focus-next]")).ToBeVisibleAsync();
        await page.Clock.RunForAsync(30_000);
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[0]}");
        await Expect(page.Locator("[data-focus-pause]")).ToBeHiddenAsync();

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithOnlyThePageZoomedItNeverMovesByItself()
    {
        var ids = await FocusSlidesData.EnsureAsync(site);
        var page = await site.NewPageAsync();
        await page.Clock.InstallAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("[data-focus-pause]")).ToBeVisibleAsync();

        // 页面放大 alone is 长者模式 too: a reader who needs the page larger should not have to catch a moving slide.
        await page.GetByRole(AriaRole.Button, new() { Name = "页面放大" }).ClickAsync();
        await LeaveAsync(page);
        await page.Clock.RunForAsync(30_000);
        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[0]}");
        await Expect(page.Locator("[data-focus-pause]")).ToBeHiddenAsync();

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithReducedMotionItNeverMovesByItself()
    {
        var ids = await FocusSlidesData.EnsureAsync(site);
        var page = await site.NewPageAsync();
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        await page.Clock.InstallAsync();
        await page.GotoAsync("/");
        await Expect(page.Locator("[data-focus-next]")).ToBeVisibleAsync();

        await page.Clock.RunForAsync(30_000);

        await Expect(CurrentLink(page)).ToHaveAttributeAsync("href", $"/articles/{ids[0]}");
        await Expect(page.Locator("[data-focus-pause]")).ToBeHiddenAsync();
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WithoutScriptEverySlideIsALinkTheKeyboardReachesAndScrollsIntoView()
    {
        var ids = await FocusSlidesData.EnsureAsync(site);
        var page = await site.NewPageAsync(BrowserFixture.Phone, javaScript: false);
        await page.GotoAsync("/");
        await Expect(page.Locator(".focus-controls")).ToBeHiddenAsync();

        var reached = new List<string>();
        for (var i = 0; i < 60 && reached.Count < ids.Count; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<string?>("() => document.activeElement.closest('.focus-slide') ? document.activeElement.getAttribute('href') : null") is { } href)
            {
                reached.Add(href);
                await Expect(page.Locator($".focus-slide a[href='{href}'] img")).ToBeInViewportAsync(new() { Ratio = 0.9f });
            }
        }

        Assert.Equal(ids.Select(id => $"/articles/{id}"), reached);
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    private static ILocator CurrentLink(IPage page) => page.Locator(".focus-slide:not([hidden]) a");

    /// <summary>The pointer off the area and focus out of it, as after clicking a control and moving on.</summary>
    private static async Task LeaveAsync(IPage page)
    {
        await page.Mouse.MoveAsync(0, 0);
        await page.EvaluateAsync("() => document.activeElement && document.activeElement.blur()");
    }
}

/// <summary>
/// Three marked articles with real cover images, newest first, made once for every browser test that needs them (and
/// from then on on the home page that later tests of the shared site see).
/// </summary>
internal static class FocusSlidesData
{
    private const string TitlePrefix = "焦点图测试文章";

    // A 1×1 PNG: the layout's aspect ratio, not the file, sets the slide's size.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private static readonly SemaphoreSlim Once = new(1, 1);

    public static async Task<IReadOnlyList<int>> EnsureAsync(BrowserFixture site)
    {
        await Once.WaitAsync();
        try
        {
            using var scope = site.App.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var existing = await db.Articles.Where(a => a.Title.StartsWith(TitlePrefix)).OrderByDescending(a => a.PublishAt).Select(a => a.Id).ToListAsync();
            if (existing.Count > 0)
            {
                return existing;
            }

            var storage = scope.ServiceProvider.GetRequiredService<MediaStorage>();
            // A channel of their own, so the home page's 工会要闻 list that other tests count stays as it was.
            var slug = await site.App.AddChannelAsync("focus-browser");
            var channel = await db.Channels.SingleAsync(c => c.Slug == slug);
            var now = site.App.UtcNow;
            var articles = new List<Article>();
            foreach (var (title, hoursAgo) in new[] { ("职工技能大赛决赛在沈阳举行", 1), ("全省劳模工匠宣讲活动启动", 2), ("夏季送清凉慰问一线职工", 3) })
            {
                Directory.CreateDirectory(storage.Root);
                var name = MediaStorage.NewStoredName(".png");
                await File.WriteAllBytesAsync(storage.PathOf(name)!, Png);
                var cover = new MediaFile { StoredName = name, OriginalName = "封面.png", ContentType = "image/png", Size = Png.Length, Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Png)) };
                var article = PortalApplication.PublishedArticle(channel.Id, $"{TitlePrefix}：{title}");
                article.PublishAt = now.AddHours(-hoursAgo);
                article.CoverImage = cover;
                article.ShowInFocus = true;
                articles.Add(article);
            }

            db.Articles.AddRange(articles);
            await db.SaveChangesAsync();
            foreach (var article in articles)
            {
                await scope.ServiceProvider.GetRequiredService<PublicCache>().ArticleChangedAsync(article.Id, slug);
            }

            return [.. articles.Select(a => a.Id)];
        }
        finally
        {
            Once.Release();
        }
    }
}
