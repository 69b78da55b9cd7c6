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
    /// Asserts that <paramref name="html"/> has a <paramref name="tag"/> element reading <paramref name="text"/> with
    /// exactly <paramref name="attributes"/> (each "name=value", "name=" for one without a value), in any order.
    /// </summary>
    public static void AssertElement(string html, string tag, string text, params string[] attributes)
    {
        var found = Parse(html).QuerySelectorAll(tag).Where(e => e.TextContent == text).Select(AttributesOf).ToList();
        Assert.Contains(string.Join(" ", attributes.Order(StringComparer.Ordinal)), found);
    }

    /// <summary>As <see cref="AssertElement"/>, for a link.</summary>
    public static void AssertLink(string html, string text, params string[] attributes) => AssertElement(html, "a", text, attributes);

    private static string AttributesOf(IElement element) =>
        string.Join(" ", element.Attributes.Select(a => $"{a.Name}={a.Value}").Order(StringComparer.Ordinal));
}
