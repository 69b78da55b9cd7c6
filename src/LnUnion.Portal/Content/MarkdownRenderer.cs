using Ganss.Xss;
using Markdig;
using Markdig.Renderers;
using Markdig.Syntax;

namespace LnUnion.Portal.Content;

/// <summary>
/// Turns an editor's Markdown into HTML that is safe to put on a public page. Every page that shows Markdown uses
/// this one pipeline, so the admin preview matches the public page exactly.
/// </summary>
/// <remarks>
/// Markdig is not a sanitiser: it passes raw HTML, <c>javascript:</c> and <c>data:</c> links through, so its output
/// always goes through an allow-list sanitiser before it is shown.
/// </remarks>
public sealed class MarkdownRenderer
{
    private static readonly string[] AllowedSchemes = ["http", "https", "mailto", "tel"];

    // Forms and their controls have no place in an article and are a phishing tool; style lets text hide or overlay the page.
    private static readonly string[] RemovedTags = ["form", "input", "button", "select", "option", "optgroup", "textarea", "fieldset", "legend", "label", "style"];
    private static readonly string[] RemovedAttributes = ["style", "id", "name", "target", "action", "formaction", "background"];

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseAutoLinks()
        .UseFigures()
        .UseSoftlineBreakAsHardlineBreak()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public string ToHtml(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var document = Markdown.Parse(markdown, _pipeline);
        NumberHeadings(document);

        using var writer = new StringWriter();
        var renderer = new HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.Render(document);
        return _sanitizer.Sanitize(writer.ToString());
    }

    /// <summary>
    /// The page title is the only h1, so the article's headings start at h2, and they never skip a level, which would
    /// leave a hole in the outline a screen reader lists: editors often start at "##" (or paste Word's 标题 2), and
    /// "## 开放时间" under the title must be h2, not h3. The levels an editor used keep their order ("#" above "##"
    /// above "###"); a heading more than one level below the one before it moves up to just below it.
    /// </summary>
    private static void NumberHeadings(MarkdownDocument document)
    {
        var headings = document.Descendants<HeadingBlock>().ToList();
        var used = headings.Select(h => h.Level).Distinct().Order().ToList();
        var previous = 1;
        foreach (var heading in headings)
        {
            heading.Level = Math.Min(6, Math.Min(used.IndexOf(heading.Level) + 2, previous + 1));
            previous = heading.Level;
        }
    }

    /// <summary>Plain text of the Markdown, whitespace collapsed, for excerpts and meta descriptions.</summary>
    public string ToPlainText(string? markdown, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        var text = string.Join(' ', Markdown.ToPlainText(markdown, _pipeline)
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength).TrimEnd(), "……");
    }

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(AllowedSchemes);
        sanitizer.AllowedTags.ExceptWith(RemovedTags);
        sanitizer.AllowedTags.UnionWith(["figure", "figcaption"]);
        sanitizer.AllowedAttributes.ExceptWith(RemovedAttributes);
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessDom += (_, e) =>
        {
            // The CSP allows no images from other sites, so one would only show as broken: keep its description.
            foreach (var image in e.Document.QuerySelectorAll("img").Where(i => IsExternal(i.GetAttribute("src"))).ToList())
            {
                image.Replace(e.Document.CreateTextNode(image.GetAttribute("alt") ?? string.Empty));
            }
        };
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not AngleSharp.Dom.IElement element)
            {
                return;
            }

            if (element.LocalName == "img")
            {
                // Readers on weak phones should not download images they never scroll to.
                element.SetAttribute("loading", "lazy");
                element.SetAttribute("decoding", "async");
            }
            else if (element.LocalName == "a" && IsExternal(element.GetAttribute("href")))
            {
                element.SetAttribute("rel", "noopener noreferrer");
            }
        };
        return sanitizer;
    }

    private static bool IsExternal(string? url) =>
        url is not null
        && (url.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("//", StringComparison.Ordinal));
}
