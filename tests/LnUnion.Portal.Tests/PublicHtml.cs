using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace LnUnion.Portal.Tests;

/// <summary>
/// Pages read as a browser reads them, so that a test names the element and the attributes it expects rather than how
/// the markup happens to be spelt: attribute order, quoting and character references are the renderer's business.
/// </summary>
public static class PublicHtml
{
    public static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>
    /// Asserts that <paramref name="html"/> has a <paramref name="tag"/> element reading <paramref name="text"/> (any
    /// text when null) with exactly <paramref name="attributes"/> (each "name=value", "name=" for one without a value),
    /// in any order.
    /// </summary>
    public static void AssertElement(string html, string tag, string? text, params string[] attributes)
    {
        var found = Parse(html).QuerySelectorAll(tag).Where(e => text is null || e.TextContent == text).Select(AttributesOf).ToList();
        Assert.Contains(string.Join(" ", attributes.Order(StringComparer.Ordinal)), found);
    }

    /// <summary>As <see cref="AssertElement"/>, for a link.</summary>
    public static void AssertLink(string html, string text, params string[] attributes) => AssertElement(html, "a", text, attributes);

    /// <summary>
    /// Asserts that <paramref name="html"/> has a <paramref name="tag"/> element with at least <paramref name="attributes"/>
    /// (each "name=value"), whatever others it has.
    /// </summary>
    public static void AssertElementHas(string html, string tag, params string[] attributes)
    {
        var wanted = attributes.Select(a => a.Split('=', 2)).ToList();
        Assert.True(
            Parse(html).QuerySelectorAll(tag).Any(e => wanted.TrueForAll(a => e.GetAttribute(a[0]) == a[1])),
            $"No <{tag}> with {string.Join(", ", attributes)}.");
    }

    /// <summary>The elements of <paramref name="html"/> that match <paramref name="selector"/>.</summary>
    public static IReadOnlyList<IElement> All(string html, string selector) => [.. Parse(html).QuerySelectorAll(selector)];

    /// <summary>The one element of <paramref name="html"/> that matches <paramref name="selector"/>; fails when there are none or several.</summary>
    public static IElement One(string html, string selector)
    {
        var found = All(html, selector);
        Assert.True(found.Count == 1, $"{found.Count} elements match {selector}.");
        return found[0];
    }

    /// <summary>The page's language and classes, as its root element says.</summary>
    public static (string? Lang, string? Class) Root(string html) => Parse(html).DocumentElement is var root ? (root.GetAttribute("lang"), root.GetAttribute("class")) : default;

    /// <summary>The content of the page's one <c>meta</c> element with this <c>name</c> or <c>property</c>.</summary>
    public static string? Meta(string html, string nameOrProperty) =>
        One(html, $"meta[name='{nameOrProperty}'], meta[property='{nameOrProperty}']").GetAttribute("content");

    /// <summary>The address of the page's one <c>link</c> element with this <c>rel</c> (and <c>hreflang</c>, when given).</summary>
    public static string? Link(string html, string rel, string? hreflang = null) =>
        One(html, hreflang is null ? $"link[rel='{rel}']:not([hreflang])" : $"link[rel='{rel}'][hreflang='{hreflang}']").GetAttribute("href");

    /// <summary>
    /// Asserts that a search hit marks <paramref name="marked"/> and goes on with <paramref name="after"/>: a
    /// <c>mark</c> element reading the one, the text right after it starting with the other.
    /// </summary>
    public static void AssertMarked(string html, string marked, string after) =>
        Assert.True(
            Parse(html).QuerySelectorAll("mark").Any(m => m.TextContent == marked && m.NextSibling is { NodeType: NodeType.Text } next && next.TextContent.StartsWith(after, StringComparison.Ordinal)),
            $"No hit marks {marked} before {after}.");

    /// <summary>Asserts a description list says <paramref name="description"/> for <paramref name="term"/>: a <c>dt</c> and the <c>dd</c> after it.</summary>
    public static void AssertTerm(string html, string term, string description) =>
        Assert.True(
            Parse(html).QuerySelectorAll("dt").Any(dt => dt.TextContent == term && dt.NextElementSibling is { LocalName: "dd" } dd && dd.TextContent == description),
            $"No {term}: {description}.");

    private static string AttributesOf(IElement element) =>
        string.Join(" ", element.Attributes.Select(a => $"{a.Name}={a.Value}").Order(StringComparer.Ordinal));
}
