namespace LnUnion.Portal.Setup;

/// <summary>
/// The remembered 长者模式, which site.js keeps in a cookie beside its local storage, so that the server puts the
/// reader's classes on &lt;html&gt; and a returning reader sees their look from the first paint, with no script in the
/// head to block rendering (and none inline, which the CSP forbids). Public pages are output-cached per normalised
/// value: at most 3 sizes × 2⁵ switches, and in practice a handful.
/// </summary>
public static class ReadingModeCookie
{
    public const string Name = "lnu-reading";

    /// <summary>Each token site.js writes, in the one order the classes are printed, and the class it stands for.</summary>
    private static readonly (string Token, string Class)[] Choices =
    [
        ("s1", "text-large"),
        ("s2", "text-larger"),
        ("contrast", "high-contrast"),
        ("lines", "wide-lines"),
        ("pointer", "big-pointer"),
        ("guide", "reading-guide"),
        ("caption", "caption-bar"),
    ];

    /// <summary>The classes for &lt;html&gt;, space-separated in a fixed order; null for the default look or a cookie that is no reading mode.</summary>
    public static string? Classes(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(Name, out var value) || string.IsNullOrEmpty(value) || value.Length > 100)
        {
            return null;
        }

        var tokens = value.Split('.', StringSplitOptions.RemoveEmptyEntries);
        var classes = Choices.Where(c => tokens.Contains(c.Token, StringComparer.Ordinal)).Select(c => c.Class).ToList();
        if (classes.Contains("text-large") && classes.Contains("text-larger"))
        {
            classes.Remove("text-large");
        }

        return classes.Count == 0 ? null : string.Join(' ', classes);
    }
}
