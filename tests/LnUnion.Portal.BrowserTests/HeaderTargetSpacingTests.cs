using System.Text.Json;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Setup;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// The header's small targets on a phone, where a thumb is wide: the 繁體/简体 link beside the search box must be a
/// target of its own, not one a thumb meant for 搜索 also hits (WCAG 2.5.8, target size and spacing).
/// </summary>
[Collection(BrowserTests.Name)]
public sealed class HeaderTargetSpacingTests(BrowserFixture site)
{
    /// <summary>
    /// Each target in the header's top part (the site name, the script link, the search box and button, and in
    /// 纯净模式 the menu button below), with its box, so the test can measure the gaps between the visible ones.
    /// </summary>
    private const string HeaderTargets = """
        () => JSON.stringify([...document.querySelectorAll('.site-header > .wrap :is(a, input, button), .site-menu > summary')]
          .map(e => ({ e, r: e.getBoundingClientRect() }))
          .filter(t => t.r.width > 0 && t.r.height > 0)
          .map(t => ({ name: t.e.matches('.script-switch') ? 'switch' : (t.e.textContent.trim() || t.e.name || t.e.tagName).slice(0, 10), x: t.r.x, y: t.r.y, width: t.r.width, height: t.r.height })))
        """;

    public static TheoryData<string, string> Looks()
    {
        var data = new TheoryData<string, string>();
        // The default look, the largest text, the largest text at zoom 2.0, and 纯净模式 at both.
        foreach (var look in new[] { "", "s2", "s2.z200", "plain", "s2.z200.plain" })
        {
            data.Add(look, "简");
            data.Add(look, "繁");
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Looks))]
    public async Task OnAPhoneTheScriptLinkIsAFullSizeTargetClearOfTheSearchButtonAndEveryOtherHeaderTarget(string look, string script)
    {
        var page = await site.NewPageAsync(BrowserFixture.Phone);
        if (look.Length > 0)
        {
            await page.Context.AddCookiesAsync([new() { Name = ReadingModeCookie.Name, Value = look, Url = site.BaseUrl.ToString() }]);
        }

        await page.GotoAsync(script == "繁" ? PublicAddresses.Traditional("/") : "/");
        var targets = JsonSerializer.Deserialize<Target[]>(await page.EvaluateAsync<string>(HeaderTargets), JsonOptions)!;
        var link = Assert.Single(targets, t => t.Name == "switch");
        var all = string.Join("; ", targets.Select(t => $"{t.Name} {t.X:F0},{t.Y:F0} {t.Width:F0}×{t.Height:F0}"));
        Assert.True(link.Width >= MinTarget && link.Height >= MinTarget, $"{look}: the link is {link.Width:F0}×{link.Height:F0}. {all}");
        foreach (var other in targets.Where(t => !ReferenceEquals(t, link)))
        {
            var gap = Gap(link, other);
            Assert.True(gap >= MinGap, $"{look} {script}: {gap:F1}px between the link and {other.Name}. {all}");
        }

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    /// <summary>WCAG 2.5.8's least target; the site's own targets are 44px, which the link now is too.</summary>
    private const double MinTarget = 24;

    /// <summary>Clear space between two targets' edges, enough that a thumb's edge on one is not on the other.</summary>
    private const double MinGap = 8;

    /// <summary>The distance between two boxes' nearest edges (0 if they touch or overlap).</summary>
    private static double Gap(Target a, Target b)
    {
        var dx = Math.Max(0, Math.Max(b.X - (a.X + a.Width), a.X - (b.X + b.Width)));
        var dy = Math.Max(0, Math.Max(b.Y - (a.Y + a.Height), a.Y - (b.Y + b.Height)));
        return Math.Sqrt((dx * dx) + (dy * dy));
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public sealed record Target(string Name, double X, double Y, double Width, double Height);
}
