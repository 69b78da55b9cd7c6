using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// 长者模式 beyond text size and colours, as a returning elderly reader meets it: the remembered look from the first
/// paint, the extra-large pointer, the reading guide line, the caption bar and the keyboard shortcuts.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class ReadingAidsTests(BrowserFixture site)
{
    [Fact]
    public async Task ARememberedReadingModeIsOnThePageBeforeTheDeferredScriptRuns()
    {
        var page = await site.NewPageAsync(BrowserFixture.Phone);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "文字特大" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "高对比度" }).ClickAsync();

        // Parsing ends ('interactive') before any deferred script runs, so what <html> has then came from the head:
        // the look the reader gets from the first paint, not after site.js has loaded.
        await page.AddInitScriptAsync(
            """
            document.addEventListener('readystatechange', () => {
              if (document.readyState === 'interactive') {
                window.classesWhenParsed = document.documentElement.className;
              }
            });
            """);
        await page.GotoAsync("/contact");

        var classes = (await page.EvaluateAsync<string>("() => window.classesWhenParsed")).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["high-contrast", "text-larger"], classes.Order());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "文字特大" })).ToHaveAttributeAsync("aria-pressed", "true");

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheExtraLargePointerIsTheSitesOwnCursorFileOnThePageAndItsLinksAndIsRemembered()
    {
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await page.GotoAsync("/");
        var body = page.Locator("body");
        var link = page.Locator(".site-nav a").First;
        Assert.DoesNotContain("/img/", await CursorAsync(body), StringComparison.Ordinal);

        var pointer = page.GetByRole(AriaRole.Button, new() { Name = "超大鼠标" });
        await pointer.ClickAsync();
        await Expect(pointer).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.Matches(CursorFile("pointer"), await CursorAsync(body));
        Assert.Matches(CursorFile("pointer-link"), await CursorAsync(link));

        await page.GotoAsync("/contact");
        Assert.Matches(CursorFile("pointer"), await CursorAsync(page.Locator("main")));
        foreach (var file in new[] { "/img/pointer.svg", "/img/pointer.png", "/img/pointer-link.svg", "/img/pointer-link.png" })
        {
            var response = await page.APIRequest.GetAsync(file);
            Assert.True(response.Ok, $"{file}: {response.Status}");
            Assert.StartsWith("image/", response.Headers["content-type"], StringComparison.Ordinal);
        }

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheReadingGuideFollowsThePointerWithoutTakingClicksAndTheCaptionBarShowsTheFocusedText()
    {
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await page.GotoAsync("/");
        var guide = page.Locator(".reading-guide-line");
        var caption = page.Locator(".caption-text");
        await Expect(guide).ToBeHiddenAsync();

        // Both toggles work from the keyboard like every other toolbar button.
        await page.GetByRole(AriaRole.Button, new() { Name = "阅读线" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Button, new() { Name = "大字幕" }).FocusAsync();
        await page.Keyboard.PressAsync(" ");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "阅读线" })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "大字幕" })).ToHaveAttributeAsync("aria-pressed", "true");

        await page.Mouse.MoveAsync(300, 420);
        await Expect(guide).ToBeVisibleAsync();
        var top = await guide.EvaluateAsync<double>("e => e.getBoundingClientRect().top");
        Assert.InRange(top, 418, 422);
        Assert.Equal("none", await guide.EvaluateAsync<string>("e => getComputedStyle(e).pointerEvents"));

        // Remembered: the next page has both, and Tab shows the focused control's text in the caption bar.
        await page.GotoAsync("/contact");
        await Expect(caption).ToBeVisibleAsync();
        for (var i = 0; i < 3; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => document.activeElement.innerText.replace(/\\s+/g, ' ').trim()");
            Assert.NotEmpty(focused);
            await Expect(caption).ToHaveTextAsync(focused);
        }

        Assert.True(await caption.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)") >= 28, "the caption is large");
        await Expect(guide).ToBeVisibleAsync();

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AltShiftDigitsPressTheToolbarButtonsAndTheHelpPageListsEveryShortcut()
    {
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await page.GotoAsync("/");
        var html = page.Locator("html");

        await page.Keyboard.PressAsync("Alt+Shift+Digit3");
        await Expect(html).ToHaveClassAsync(new Regex(@"\bhigh-contrast\b"));
        await page.Keyboard.PressAsync("Alt+Shift+Digit5");
        await Expect(html).ToHaveClassAsync(new Regex(@"\bbig-pointer\b"));
        // Not while typing: the search box keeps the keys.
        await page.Locator("#site-search-q").FocusAsync();
        await page.Keyboard.PressAsync("Alt+Shift+Digit9");
        await Expect(html).ToHaveClassAsync(new Regex(@"\bhigh-contrast\b"));
        await page.Locator("main").FocusAsync();
        await page.Keyboard.PressAsync("Alt+Shift+Digit9");
        await Expect(html).Not.ToHaveClassAsync(new Regex(@"\bhigh-contrast|big-pointer\b"));

        var toolbar = await page.Locator("#a11y-bar [aria-keyshortcuts]").EvaluateAllAsync<string[]>(
            "all => all.map(e => e.textContent.trim() + ' ' + e.getAttribute('aria-keyshortcuts'))");
        await page.Keyboard.PressAsync("Alt+Shift+Digit0");
        await Expect(page).ToHaveURLAsync(new Regex("/accessibility$"));
        await Expect(page.Locator("main h1")).ToHaveTextAsync("无障碍说明");
        var listed = await page.Locator("table.shortcuts tbody tr").EvaluateAllAsync<string[]>(
            "rows => rows.map(r => r.cells[0].textContent.trim() + ' ' + r.cells[1].textContent.trim())");
        Assert.Equal(toolbar, listed);

        await page.GotoAsync("/zh-hant/accessibility");
        await Expect(page.Locator("main h1")).ToHaveTextAsync("無障礙說明");

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    private static Task<string> CursorAsync(ILocator element) => element.EvaluateAsync<string>("e => getComputedStyle(e).cursor");

    /// <summary>The site's SVG first, then its PNG, then a system cursor.</summary>
    private static Regex CursorFile(string name) =>
        new($"^url\\(\"http://127\\.0\\.0\\.1:\\d+/img/{name}\\.svg\"\\) \\d+ \\d+, url\\(\"http://127\\.0\\.0\\.1:\\d+/img/{name}\\.png\"\\) \\d+ \\d+, (default|pointer)$");
}
