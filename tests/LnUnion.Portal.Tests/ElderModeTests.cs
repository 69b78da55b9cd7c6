using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Setup;

namespace LnUnion.Portal.Tests;

/// <summary>长者模式/无障碍: larger text, high contrast, wider lines and read-aloud, from one small script of the site's own.</summary>
[Collection(PortalTests.Name)]
public sealed partial class ElderModeTests(PortalApplication app)
{
    private readonly HttpClient _client = app.CreatePublicClient();

    [Theory]
    [InlineData("/")]
    [InlineData("/campaigns")]
    [InlineData("/articles/1")]
    [InlineData("/about")]
    [InlineData("/about/responsibilities")]
    [InlineData("/contact")]
    [InlineData("/no-such-channel")]
    public async Task EveryPublicPageHasTheReadingToolbarServedHiddenForTheScriptToShow(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        var header = html[html.IndexOf("<header", StringComparison.Ordinal)..html.IndexOf("</header>", StringComparison.Ordinal)];
        PublicHtml.AssertElement(header, "div", null, "class=a11y-bar", "id=a11y-bar", "hidden=");
        PublicHtml.AssertElementHas(header, "*", "role=group", "aria-labelledby=a11y-title");
        foreach (var label in new[] { "文字放大", "文字特大", "高对比度", "加大行距", "超大鼠标", "阅读线", "大字幕", "纯净模式", "朗读全文" })
        {
            Assert.Matches($"<button type=\"button\" [^>]*aria-pressed=\"false\"[^>]*>{label}</button>", header);
        }

        PublicHtml.AssertElement(header, "button", "页面放大", "type=button", "data-zoom=1", "aria-keyshortcuts=Alt+Shift+=");
        PublicHtml.AssertElement(header, "button", "页面缩小", "type=button", "data-zoom=-1", "aria-keyshortcuts=Alt+Shift+-");
        PublicHtml.AssertElement(header, "button", "缩放还原", "type=button", "data-zoom=0", "aria-keyshortcuts=Alt+Shift+Backspace");
        PublicHtml.AssertElement(header, "span", "100%", "data-zoom-level=");

        PublicHtml.AssertElement(header, "button", "恢复默认", "type=button", "data-reset=", "aria-keyshortcuts=Alt+Shift+9");
        PublicHtml.AssertLink(header, "使用说明", "href=/accessibility", "aria-keyshortcuts=Alt+Shift+0");
    }

    [Fact]
    public async Task TheOnlyScriptIsTheSitesOwnLoadedDeferred()
    {
        var html = await GetHtmlAsync("/articles/1");

        var scripts = ScriptTag().Matches(html).Select(m => m.Value).Where(s => !s.Contains("application/ld+json", StringComparison.Ordinal)).ToList();
        var script = Assert.Single(scripts);
        Assert.Matches("^<script src=\"/js/site\\.[a-z0-9]+\\.js\" defer></script>$", script);
        Assert.Contains(script, html[..html.IndexOf("</head>", StringComparison.Ordinal)], StringComparison.Ordinal);
        Assert.DoesNotMatch(" on[a-z]+=", html);
        Assert.DoesNotContain(" style=", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s2.contrast", "text-larger high-contrast elder-mode")]
    [InlineData("caption.s1.pointer", "text-large big-pointer caption-bar elder-mode")]
    [InlineData("s1.s2.lines.guide", "text-larger wide-lines reading-guide elder-mode")]
    [InlineData("plain.z200.s2", "text-larger zoom-200 plain-layout elder-mode")]
    [InlineData("z125.z175.z300.contrast", "zoom-175 high-contrast elder-mode")]
    public async Task TheRememberedReadingModeIsOnTheHtmlElementFromTheServerInItsOwnCacheEntry(string cookie, string classes)
    {
        await GetHtmlAsync("/about");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/about");
        request.Headers.Add("Cookie", $"{ReadingModeCookie.Name}={cookie}");
        var html = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Equal(("zh-CN", classes), PublicHtml.Root(html));
        Assert.Equal(("zh-CN", null), PublicHtml.Root(await GetHtmlAsync("/about")));
    }

    [Theory]
    [InlineData("")]
    [InlineData("huge.\"><script>")]
    [InlineData("text-larger")]
    [InlineData("z300.z2.zoom-200")]
    public async Task ACookieThatIsNoReadingModeGivesTheDefaultLook(string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/contact");
        request.Headers.Add("Cookie", $"{ReadingModeCookie.Name}={Uri.EscapeDataString(cookie)}");
        var html = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Equal(("zh-CN", null), PublicHtml.Root(html));
    }

    [Fact]
    public async Task TheSiteScriptWritesTheCookieTheServerReadsWithTheSameTokens()
    {
        var site = await _client.GetStringAsync(new Uri("/js/site.js", UriKind.Relative));

        Assert.Contains("var KEY = 'lnu-reading';", site, StringComparison.Ordinal);
        Assert.Equal("lnu-reading", ReadingModeCookie.Name);
        Assert.Contains("document.cookie = KEY + '='", site, StringComparison.Ordinal);
        Assert.Contains("var CLASSES = { contrast: 'high-contrast', lines: 'wide-lines', pointer: 'big-pointer', guide: 'reading-guide', caption: 'caption-bar', plain: 'plain-layout' };", site, StringComparison.Ordinal);
        Assert.Contains($"var ZOOMS = [{string.Join(", ", ReadingModeCookie.ZoomSteps)}];", site, StringComparison.Ordinal);
        Assert.Contains("tokens.push('z' + ZOOMS[prefs.zoom]);", site, StringComparison.Ordinal);
    }

    /// <summary>However a cookie is edited, the cache holds at most one page per look the toolbar can make.</summary>
    [Fact]
    public void TheCookieMakesAtMostOneLookPerCombinationOfChoices()
    {
        var tokens = new[] { "s1", "s2", "z125", "z150", "z175", "z200", "contrast", "lines", "pointer", "guide", "caption", "plain", "z250", "s3", "x" };
        var looks = new HashSet<string>(StringComparer.Ordinal);
        var random = new Random(16);
        for (var i = 0; i < 20_000; i++)
        {
            var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
            var cookie = string.Join('.', Enumerable.Range(0, random.Next(1, 9)).Select(_ => tokens[random.Next(tokens.Length)]));
            context.Request.Headers.Cookie = $"{ReadingModeCookie.Name}={cookie}";
            looks.Add(ReadingModeCookie.Classes(context) ?? string.Empty);
            Assert.InRange(ReadingModeCookie.Zoom(context), 100, 200);
        }

        Assert.True(looks.Count <= 3 * 5 * 64, $"{looks.Count} looks");
        Assert.All(looks, look => Assert.True(look.Split(' ').Count(c => c.StartsWith("zoom-", StringComparison.Ordinal)) <= 1, look));
    }

    [Fact]
    public async Task TheSimplifiedLayoutIsServedWithTheNavigationAndMostOfTheToolbarFoldedSoItWorksWithoutScript()
    {
        var normal = await GetHtmlAsync("/news");
        PublicHtml.AssertElement(normal, "details", null, "class=site-menu", "open=open");
        PublicHtml.AssertElement(normal, "details", null, "class=a11y-more", "open=open");

        using var request = new HttpRequestMessage(HttpMethod.Get, "/news");
        request.Headers.Add("Cookie", $"{ReadingModeCookie.Name}=plain.z150");
        var plain = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Equal(("zh-CN", "zoom-150 plain-layout elder-mode"), PublicHtml.Root(plain));
        PublicHtml.AssertElement(plain, "details", null, "class=site-menu");
        PublicHtml.AssertElement(plain, "details", null, "class=a11y-more");
        PublicHtml.AssertElement(plain, "span", "150%", "data-zoom-level=");
        Assert.Matches("<summary><span class=\"wrap\">栏目导航</span></summary>\\s*<nav class=\"site-nav\" aria-label=\"主导航\">", plain);
    }

    [Fact]
    public async Task TheScriptRemembersChoicesReadsAloudInChineseAndCallsNoOtherSite()
    {
        var response = await _client.GetAsync(new Uri("/js/site.js", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var script = await response.Content.ReadAsStringAsync();

        Assert.Contains("localStorage", script, StringComparison.Ordinal);
        Assert.Contains("speechSynthesis", script, StringComparison.Ordinal);
        Assert.Contains("utterance.lang = 'zh-CN'", script, StringComparison.Ordinal);
        Assert.Contains("speech.cancel()", script, StringComparison.Ordinal);
        Assert.Contains("aria-pressed", script, StringComparison.Ordinal);
        Assert.Contains("bar.hidden = false", script, StringComparison.Ordinal);
        Assert.DoesNotContain("://", script, StringComparison.Ordinal);
        // The reading aids, the page zoom and the 焦点图's controls: about 5 KB gzipped; what a reader downloads is
        // held by the home page's 20 KB bar (PublicBodyTests).
        Assert.True(script.Length < 16_000, "a small script");
    }

    [Fact]
    public async Task ArticlePagesHaveTheTitleAndBodyTheReadAloudButtonSpeaks()
    {
        var html = await GetHtmlAsync("/articles/1");

        Assert.Matches("<article class=\"article\">\\s*<p class=\"breadcrumb\">.*</p>\\s*<h1>", html);
        PublicHtml.AssertElement(html, "div", null, "class=article-body");
    }

    [Fact]
    public async Task TheStylesheetDefinesEveryModeWithTwoTextSizesAboveNormal()
    {
        var css = await _client.GetStringAsync(new Uri("/css/site.css", UriKind.Relative));

        Assert.Contains("font-size: calc(112.5% * var(--text) * var(--zoom));", css, StringComparison.Ordinal);
        var large = Factor(css, "html.text-large { --text: ");
        var larger = Factor(css, "html.text-larger { --text: ");
        Assert.True(1 < large && large < larger, $"1 < {large} < {larger}");
        // Each zoom step is a class scaling the same root size: the page reflows, nothing is transformed.
        foreach (var step in ReadingModeCookie.ZoomSteps.Skip(1))
        {
            Assert.Equal(step / 100.0, Factor(css, $"html.zoom-{step} {{ --zoom: "), 3);
        }

        Assert.DoesNotContain("scale(", css, StringComparison.Ordinal);
        Assert.Matches("html\\.wide-lines body \\{ line-height: 2", css);
        Assert.Contains("html.high-contrast {", css, StringComparison.Ordinal);
        Assert.Contains(".a11y-bar { display: none; }", css[css.IndexOf("@media print", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [Fact]
    public async Task HighContrastColoursMeetWcagAaa()
    {
        var css = await _client.GetStringAsync(new Uri("/css/site.css", UriKind.Relative));
        var block = css[css.IndexOf("html.high-contrast {", StringComparison.Ordinal)..];
        block = block[..block.IndexOf('}', StringComparison.Ordinal)];
        string Colour(string name) => Regex.Match(block, $"--{name}: (#[0-9a-f]{{3,6}})").Groups[1].Value;

        var paper = Colour("paper");
        foreach (var foreground in new[] { "ink", "muted", "link", "focus-halo" })
        {
            var ratio = Contrast(Colour(foreground), paper);
            Assert.True(ratio >= 7, $"--{foreground} on --paper is {ratio:0.0}:1");
        }

        Assert.True(Contrast("#ff0", "#000") >= 7);
        Assert.True(Contrast("#0ff", "#000") >= 7);
    }

    [Fact]
    public async Task ThePolicyStillForbidsInlineScriptAndStyle()
    {
        var response = await _client.GetAsync(new Uri("/articles/1", UriKind.Relative));

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.Contains("style-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
    }

    private static double Factor(string css, string declaration)
    {
        var start = css.IndexOf(declaration, StringComparison.Ordinal);
        Assert.True(start >= 0, declaration);
        var match = Regex.Match(css[(start + declaration.Length)..], "^[0-9.]+");
        return double.Parse(match.Value, CultureInfo.InvariantCulture);
    }

    private static double Contrast(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    private static double Luminance(string hex)
    {
        hex = hex.TrimStart('#');
        if (hex.Length == 3)
        {
            hex = string.Concat(hex.Select(c => $"{c}{c}"));
        }

        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return (0.2126 * Channel(0)) + (0.7152 * Channel(2)) + (0.0722 * Channel(4));
    }

    private async Task<string> GetHtmlAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("<script[^>]*>.*?</script>", RegexOptions.Singleline)]
    private static partial Regex ScriptTag();
}
