using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>The public pages with the keyboard alone: where focus goes, that it can be seen, and that keys work.</summary>
[Collection(BrowserTests.Name)]
public sealed class KeyboardTests(BrowserFixture site)
{
    /// <summary>More than the header and toolbar hold, so a control Tab never reaches fails rather than loops.</summary>
    private const int MaxTabs = 40;

    [Fact]
    public async Task FirstTabFocusesTheSkipLinkAndEnterMovesFocusIntoTheMainContent()
    {
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "跳到主要内容" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        await AssertFocusIsVisibleAsync(page);

        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("#main$"));
        await Expect(page.Locator("main")).ToBeFocusedAsync();

        // The next Tab goes on from the main content, not back to the header.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(
            await page.EvaluateAsync<bool>("() => { const m = document.querySelector('main'); return m !== document.activeElement && m.contains(document.activeElement); }"),
            $"Tab after the skip link focused {await DescribeFocusAsync(page)}, outside the main content.");
        await AssertFocusIsVisibleAsync(page);

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KeyboardUserReachesTheNavigationAndFollowsALink()
    {
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await page.GotoAsync("/");

        var news = page.GetByRole(AriaRole.Navigation, new() { Name = "主导航" }).GetByRole(AriaRole.Link, new() { Name = "工会要闻", Exact = true });
        await TabToAsync(page, news);
        await AssertFocusIsVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");

        await Expect(page).ToHaveURLAsync(new Regex("/news$"));
        await Expect(page.Locator("main h1")).ToHaveTextAsync("工会要闻");
        await Expect(news).ToHaveAttributeAsync("aria-current", "page");

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task KeyboardUserTurnsOnTheReadingAidsWithEnterAndSpace()
    {
        var articleId = await site.App.WithDbAsync(db => db.Articles.Where(a => a.Title == SeedContent.CampaignTitle).Select(a => a.Id).SingleAsync());
        var page = await site.NewPageAsync(BrowserFixture.Phone);
        await page.GotoAsync($"/articles/{articleId}");
        var body = page.Locator(".article-body");
        var html = page.Locator("html");
        var normalSize = await VisitorJourneyTests.FontSizeAsync(body);

        var enlarge = page.GetByRole(AriaRole.Button, new() { Name = "文字放大" });
        await TabToAsync(page, enlarge);
        await AssertFocusIsVisibleAsync(page);
        await page.Keyboard.PressAsync("Enter");
        await Expect(enlarge).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(html).ToHaveClassAsync(new Regex(@"\btext-large\b"));
        Assert.True(await VisitorJourneyTests.FontSizeAsync(body) >= normalSize * 1.2, "Enter on 文字放大 did not enlarge the article text.");

        // Space works as well as Enter, and pressing again turns it off.
        await page.Keyboard.PressAsync(" ");
        await Expect(enlarge).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(html).Not.ToHaveClassAsync(new Regex(@"\btext-large\b"));
        Assert.Equal(normalSize, await VisitorJourneyTests.FontSizeAsync(body));

        var contrast = page.GetByRole(AriaRole.Button, new() { Name = "高对比度" });
        await TabToAsync(page, contrast);
        await page.Keyboard.PressAsync(" ");
        await Expect(contrast).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(0, 0, 0)");
        await AssertFocusIsVisibleAsync(page);

        var lines = page.GetByRole(AriaRole.Button, new() { Name = "加大行距" });
        var normalLines = await body.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight)");
        await TabToAsync(page, lines);
        await page.Keyboard.PressAsync("Enter");
        await Expect(lines).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.True(await body.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).lineHeight)") > normalLines, "加大行距 did not widen the lines.");

        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "恢复默认" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(contrast).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(lines).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", "rgb(255, 255, 255)");

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    /// <summary>Presses Tab until <paramref name="target"/> has focus, failing if it never does.</summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var i = 0; i < MaxTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await target.EvaluateAsync<bool>("e => e === document.activeElement"))
            {
                return;
            }
        }

        Assert.Fail($"{MaxTabs} presses of Tab never reached {target}; focus is on {await DescribeFocusAsync(page)}.");
    }

    /// <summary>
    /// The focused element has an outline a sighted keyboard user can find: solid, at least 2px, and at 3:1 or more
    /// against the background behind it (WCAG 2.2, 1.4.11 and 2.4.13).
    /// </summary>
    private static async Task AssertFocusIsVisibleAsync(IPage page)
    {
        var problem = await page.EvaluateAsync<string>(
            """
            () => {
              const e = document.activeElement;
              const style = getComputedStyle(e);
              const name = e.tagName.toLowerCase() + ' "' + (e.textContent || '').trim().slice(0, 20) + '"';
              if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) {
                return name + ' has no visible outline (' + style.outlineStyle + ' ' + style.outlineWidth + ')';
              }
              const rgb = c => c.match(/[\d.]+/g).map(Number);
              const luminance = c => {
                const [r, g, b] = rgb(c).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
              };
              // The outline is drawn outside the element, so it is seen against its parent's background.
              let back = 'rgb(255, 255, 255)';
              for (let a = e.parentElement; a; a = a.parentElement) {
                const bg = getComputedStyle(a).backgroundColor;
                if (rgb(bg)[3] !== 0) { back = bg; break; }
              }
              const [hi, lo] = [luminance(style.outlineColor), luminance(back)].sort((x, y) => y - x);
              const ratio = (hi + 0.05) / (lo + 0.05);
              return ratio >= 3 ? '' : name + ' has a ' + style.outlineColor + ' outline on ' + back + ', contrast ' + ratio.toFixed(2) + ':1';
            }
            """);
        Assert.True(problem.Length == 0, problem);
    }

    private static Task<string> DescribeFocusAsync(IPage page) =>
        page.EvaluateAsync<string>("() => { const e = document.activeElement; return e ? e.outerHTML.slice(0, 120) : 'nothing'; }");
}
