using System.Text.RegularExpressions;
using LnUnion.Portal.Setup;
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
        Assert.Equal(["elder-mode", "high-contrast", "text-larger"], classes.Order());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "文字特大" })).ToHaveAttributeAsync("aria-pressed", "true");

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// 适老化 asks for no moving content, and not only in 纯净模式: each choice of 长者模式 on its own stops every
    /// animation, transition and smooth scroll, including those a rule added to site.css later would start (the probe
    /// below adds such rules, and in the default look they run, which shows the probe works).
    /// </summary>
    [Fact]
    public async Task EveryChoiceOfElderModeOnItsOwnStopsEveryAnimationTransitionAndSmoothScroll()
    {
        var page = await site.NewPageAsync(BrowserFixture.Phone);
        await page.GotoAsync("/");
        var normal = await MotionAsync(page);
        Assert.True(normal.Animations > 0 && normal.Moving > 0 && normal.Scroll == "smooth", $"default look: {normal}");

        // Switched on from the toolbar, motion stops on the page at once, and comes back with 恢复默认.
        await page.GetByRole(AriaRole.Button, new() { Name = "加大行距" }).ClickAsync();
        Assert.Equal(Motion.None, await MotionAsync(page, addRules: false));
        await page.Locator("#a11y-bar button[data-reset]").ClickAsync();
        Assert.True((await MotionAsync(page, addRules: false)).Moving > 0, "after 恢复默认 the probe's rules run again");
        // From here on each look comes from the cookie alone, as for a reader whose storage is blocked.
        await page.EvaluateAsync("() => localStorage.clear()");

        foreach (var look in new[] { "s1", "s2", "z125", "z200", "contrast", "lines", "pointer", "guide", "caption" })
        {
            await page.Context.AddCookiesAsync([new() { Name = ReadingModeCookie.Name, Value = look, Url = site.BaseUrl.ToString() }]);
            await page.GotoAsync("/");
            Assert.Equal((look, Motion.None), (look, await MotionAsync(page)));
        }

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    /// <summary>Settable properties, which Playwright fills from the script's result.</summary>
    private sealed record Motion
    {
        public static readonly Motion None = new() { Scroll = "auto" };

        public int Animations { get; init; }

        public int Moving { get; init; }

        public string Scroll { get; init; } = string.Empty;
    }

    /// <summary>
    /// What moves on the page: running animations, elements with an animation or a transition of some length, and the
    /// page's scroll behaviour. Unless told not to, first adds to the end of site.css (through the CSSOM, which the CSP
    /// allows) a pulsing animation and a two-second transition on every link, and smooth scrolling.
    /// </summary>
    private static async Task<Motion> MotionAsync(IPage page, bool addRules = true) =>
        await page.EvaluateAsync<Motion>(
            """
            addRules => {
              if (addRules) {
                const sheet = [...document.styleSheets].find(s => s.href && s.href.includes('/css/site.'));
                for (const rule of ['@keyframes probe-pulse { from { opacity: .5; } to { opacity: 1; } }',
                                    'a { animation: probe-pulse 1s infinite; transition: color 2s; }',
                                    'html { scroll-behavior: smooth; }']) {
                  sheet.insertRule(rule, sheet.cssRules.length);
                }
              }
              const moving = [...document.querySelectorAll('*')].filter(e => {
                const style = getComputedStyle(e);
                return style.animationName !== 'none' || style.transitionDuration.split(',').some(d => parseFloat(d) > 0);
              });
              return { animations: document.getAnimations().length, moving: moving.length, scroll: getComputedStyle(document.documentElement).scrollBehavior };
            }
            """,
            addRules);

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
    public async Task TheCaptionBarShowsTheTextUnderThePointerAndTheSentenceBeingReadAloud()
    {
        var article = await site.App.AddArticleAsync(LnUnion.Portal.Data.ChannelSlugs.News, "大字幕朗读检查用的文章", a => a.BodyMarkdown = "第一句话在这里。第二句话在这里。");
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await page.Context.AddCookiesAsync([new() { Name = LnUnion.Portal.Setup.ReadingModeCookie.Name, Value = "caption", Url = site.BaseUrl.ToString() }]);
        // The browser's speech, recorded instead of spoken, so the test can say when each sentence starts.
        await page.AddInitScriptAsync(
            """
            window.utterances = [];
            Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
              speak: u => window.utterances.push(u), cancel: () => {}, getVoices: () => [],
            } });
            """);
        await page.GotoAsync($"/articles/{article}");
        var caption = page.Locator(".caption-text");
        await Expect(caption).ToBeVisibleAsync();

        await page.Locator("main h1").HoverAsync();
        await Expect(caption).ToHaveTextAsync("大字幕朗读检查用的文章");

        await page.GetByRole(AriaRole.Button, new() { Name = "朗读全文" }).ClickAsync();
        var spoken = await page.EvaluateAsync<string[]>("() => window.utterances.map(u => u.text)");
        Assert.Contains("第二句话在这里。", spoken);
        await page.EvaluateAsync("() => window.utterances.find(u => u.text === '第二句话在这里。').onstart()");
        await Expect(caption).ToHaveTextAsync("第二句话在这里。");

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

    [Fact]
    public async Task ThePageZoomGoesTo200PercentAndBackFromTheToolbarAndTheKeyboardAndIsRememberedBeforeTheFirstPaint()
    {
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await page.GotoAsync("/");
        var html = page.Locator("html");
        var zoomIn = page.GetByRole(AriaRole.Button, new() { Name = "页面放大" });
        var level = page.Locator("[data-zoom-level]");
        var normal = await RootFontSizeAsync(page);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "页面缩小" })).ToHaveAttributeAsync("aria-disabled", "true");

        for (var i = 0; i < 4; i++)
        {
            await zoomIn.ClickAsync();
        }

        // Four steps of a quarter reach 2.0, where a fifth does nothing (the button says so, but keeps the focus, so
        // a click still reaches it); the root size doubles, so everything in rem does.
        await zoomIn.ClickAsync(new() { Force = true });
        await Expect(level).ToHaveTextAsync("200%");
        await Expect(zoomIn).ToHaveAttributeAsync("aria-disabled", "true");
        await Expect(html).ToHaveClassAsync(new Regex(@"\bzoom-200\b"));
        Assert.Equal(normal * 2, await RootFontSizeAsync(page), 1);
        Assert.Equal("none", await html.EvaluateAsync<string>("e => getComputedStyle(e).transform"));

        await page.Keyboard.PressAsync("Alt+Shift+Minus");
        await Expect(level).ToHaveTextAsync("175%");
        await page.Keyboard.PressAsync("Alt+Shift+Backspace");
        await Expect(level).ToHaveTextAsync("100%");
        await Expect(html).Not.ToHaveClassAsync(new Regex("zoom-"));
        await page.Keyboard.PressAsync("Alt+Shift+Equal");
        await page.Keyboard.PressAsync("Alt+Shift+Equal");
        await Expect(level).ToHaveTextAsync("150%");

        await page.AddInitScriptAsync(
            """
            document.addEventListener('readystatechange', () => {
              if (document.readyState === 'interactive') {
                window.classesWhenParsed = document.documentElement.className;
                window.levelWhenParsed = document.querySelector('[data-zoom-level]').textContent;
              }
            });
            """);
        await page.ReloadAsync();
        Assert.Equal("zoom-150 elder-mode", await page.EvaluateAsync<string>("() => window.classesWhenParsed"));
        Assert.Equal("150%", await page.EvaluateAsync<string>("() => window.levelWhenParsed"));
        Assert.Equal(normal * 1.5, await RootFontSizeAsync(page), 1);

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// At the largest text and a zoom of 2.0 (the root size 3¼ times the browser's), each kind of page on a phone, in
    /// the full layout and in 纯净模式, rewraps into the screen's width: nothing to scroll sideways.
    /// </summary>
    [Fact]
    public async Task AtTheLargestTextAndZoomTwoEveryKindOfPageFitsAPhonesWidth()
    {
        var page = await site.NewPageAsync(BrowserFixture.Phone);
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Button, new() { Name = "文字特大" }).ClickAsync();
        for (var i = 0; i < 4; i++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "页面放大" }).ClickAsync();
        }

        var paths = new[] { "/", "/news", await FirstArticleAsync(page, "/campaigns"), await FirstArticleAsync(page, "/inspection"), "/search?q=" + Uri.EscapeDataString("工会"), "/mailbox", "/services" };
        var failures = new List<string>();
        foreach (var plain in new[] { false, true })
        {
            if (plain)
            {
                await page.GetByRole(AriaRole.Button, new() { Name = "纯净模式" }).ClickAsync();
            }

            foreach (var path in paths)
            {
                await page.GotoAsync(path);
                Assert.Equal(52, await RootFontSizeAsync(page), 1);
                var widths = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
                var (scroll, client) = (widths[0], widths[1]);
                if (scroll > client)
                {
                    failures.Add($"{path}{(plain ? "（纯净模式）" : string.Empty)} is {scroll} px wide in a {client} px screen");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheSimplifiedLayoutFoldsTheNavigationAndShowsTheTitleInAPhonesFirstScreenAtTheLargestSize()
    {
        var page = await site.NewPageAsync(BrowserFixture.Phone);
        await page.GotoAsync("/");
        var article = await FirstArticleAsync(page, "/campaigns");
        var notice = await FirstArticleAsync(page, "/inspection");
        await page.GotoAsync(article);
        await page.GetByRole(AriaRole.Button, new() { Name = "文字特大" }).ClickAsync();
        for (var i = 0; i < 4; i++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "页面放大" }).ClickAsync();
        }

        var navigation = page.Locator(".site-nav a").First;
        await Expect(navigation).ToBeVisibleAsync();
        var plain = page.GetByRole(AriaRole.Button, new() { Name = "纯净模式" });
        await plain.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        // The pressed button folds away with the rest of the toolbar: the focus stays on what folded it.
        await Expect(navigation).ToBeHiddenAsync();
        await Expect(plain).ToBeHiddenAsync();
        Assert.Equal("更多设置", await page.EvaluateAsync<string>("() => document.activeElement.textContent.trim()"));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "页面缩小" })).ToBeVisibleAsync();

        foreach (var path in new[] { article, "/news", notice })
        {
            await page.GotoAsync(path);
            await Expect(navigation).ToBeHiddenAsync();
            var top = await page.Locator("main h1").EvaluateAsync<double>("e => e.getBoundingClientRect().top");
            Assert.True(top < BrowserFixture.Phone.Height, $"{path}: the title starts {top} px down a {BrowserFixture.Phone.Height} px screen");
        }

        // One tap opens the navigation, with the search the header no longer shows.
        await page.GetByText("栏目导航").ClickAsync();
        await Expect(navigation).ToBeVisibleAsync();
        await Expect(page.Locator(".site-nav").GetByRole(AriaRole.Link, new() { Name = "站内搜索" })).ToBeVisibleAsync();
        await Expect(page.Locator(".site-search")).ToBeHiddenAsync();

        // Undone from the folded toolbar, the page is whole again.
        await page.GetByText("更多设置").ClickAsync();
        await plain.ClickAsync();
        await Expect(page.Locator("html")).Not.ToHaveClassAsync(new Regex("plain-layout"));
        await Expect(page.Locator(".site-search")).ToBeVisibleAsync();
        await Expect(plain).ToBeVisibleAsync();

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheSimplifiedLayoutAChosenCookieGivesWorksWithoutScript()
    {
        var page = await site.NewPageAsync(BrowserFixture.Phone, javaScript: false);
        await page.Context.AddCookiesAsync([new() { Name = "lnu-reading", Value = "s2.z200.plain", Url = site.BaseUrl.ToString() }]);
        await page.GotoAsync("/news");

        await Expect(page.Locator("html")).ToHaveClassAsync("text-larger zoom-200 plain-layout elder-mode");
        var navigation = page.Locator(".site-nav a").First;
        await Expect(navigation).ToBeHiddenAsync();
        Assert.True(await page.Locator("main h1").EvaluateAsync<double>("e => e.getBoundingClientRect().top") < BrowserFixture.Phone.Height);
        await page.GetByText("栏目导航").ClickAsync();
        await Expect(navigation).ToBeVisibleAsync();

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    private static async Task<string> FirstArticleAsync(IPage page, string channel)
    {
        await page.GotoAsync(channel);
        return await page.Locator("main .article-list a").First.GetAttributeAsync("href") ?? throw new InvalidOperationException($"{channel} lists no article.");
    }

    private static Task<double> RootFontSizeAsync(IPage page) =>
        page.EvaluateAsync<double>("() => parseFloat(getComputedStyle(document.documentElement).fontSize)");

    private static Task<string> CursorAsync(ILocator element) => element.EvaluateAsync<string>("e => getComputedStyle(e).cursor");

    /// <summary>The site's SVG first, then its PNG, then a system cursor.</summary>
    private static Regex CursorFile(string name) =>
        new($"^url\\(\"http://127\\.0\\.0\\.1:\\d+/img/{name}\\.svg\"\\) \\d+ \\d+, url\\(\"http://127\\.0\\.0\\.1:\\d+/img/{name}\\.png\"\\) \\d+ \\d+, (default|pointer)$");
}
