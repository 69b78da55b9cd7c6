namespace LnUnion.Portal.Setup;

/// <summary>
/// The remembered 长者模式, which site.js keeps in a cookie beside its local storage, so that the server puts the
/// reader's classes on &lt;html&gt; and a returning reader sees their look from the first paint, with no script in the
/// head to block rendering (and none inline, which the CSP forbids: so the page zoom is a class too, not a style).
/// Public pages are output-cached per normalised value: at most 3 sizes × 5 zoom steps × 2⁶ switches, whatever the
/// cookie holds, and in practice a handful.
/// </summary>
public static class ReadingModeCookie
{
    public const string Name = "lnu-reading";

    /// <summary>The page zoom steps in per cent, 1.0 to 2.0 by a quarter: each is a class site.css scales the root size by.</summary>
    public static readonly int[] ZoomSteps = [100, 125, 150, 175, 200];

    /// <summary>Each token site.js writes, in the one order the classes are printed, and the class it stands for.</summary>
    private static readonly (string Token, string Class)[] Choices =
    [
        ("s1", "text-large"),
        ("s2", "text-larger"),
        ("z125", "zoom-125"),
        ("z150", "zoom-150"),
        ("z175", "zoom-175"),
        ("z200", "zoom-200"),
        ("contrast", "high-contrast"),
        ("lines", "wide-lines"),
        ("pointer", "big-pointer"),
        ("guide", "reading-guide"),
        ("caption", "caption-bar"),
        ("plain", "plain-layout"),
    ];

    /// <summary>
    /// The class on &lt;html&gt; whenever any choice is on, page zoom included: site.css keys what all of 长者模式 does
    /// (nothing moves, no room kept for 暂停) on it rather than on a list of every choice; site.js keeps it in step.
    /// </summary>
    public const string ElderMode = "elder-mode";

    /// <summary>The classes for &lt;html&gt;, space-separated in a fixed order; null for the default look or a cookie that is no reading mode.</summary>
    public static string? Classes(HttpContext context)
    {
        var classes = Parse(context);
        return classes.Count == 0 ? null : string.Join(' ', classes) + " " + ElderMode;
    }

    /// <summary>Whether the reader chose 纯净模式: the page is then served with its menus folded, so it works without script.</summary>
    public static bool IsPlain(HttpContext context) => Parse(context).Contains("plain-layout");

    /// <summary>The remembered page zoom in per cent, 100 when there is none.</summary>
    public static int Zoom(HttpContext context) =>
        Parse(context).Where(c => c.StartsWith("zoom-", StringComparison.Ordinal)).Select(c => int.Parse(c.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(100).Single();

    private static List<string> Parse(HttpContext context)
    {
        if (context.Items.TryGetValue(typeof(ReadingModeCookie), out var parsed) && parsed is List<string> cached)
        {
            return cached;
        }

        var classes = new List<string>();
        if (context.Request.Cookies.TryGetValue(Name, out var value) && !string.IsNullOrEmpty(value) && value.Length <= 100)
        {
            var tokens = value.Split('.', StringSplitOptions.RemoveEmptyEntries);
            classes = [.. Choices.Where(c => tokens.Contains(c.Token, StringComparer.Ordinal)).Select(c => c.Class)];
            // Of two sizes or two zooms (a cookie edited by hand) the larger wins, so each look has one cache entry.
            KeepLast(classes, c => c.StartsWith("text-", StringComparison.Ordinal));
            KeepLast(classes, c => c.StartsWith("zoom-", StringComparison.Ordinal));
        }

        context.Items[typeof(ReadingModeCookie)] = classes;
        return classes;
    }

    private static void KeepLast(List<string> classes, Func<string, bool> ofKind)
    {
        var last = classes.LastOrDefault(ofKind);
        classes.RemoveAll(c => ofKind(c) && c != last);
    }
}
