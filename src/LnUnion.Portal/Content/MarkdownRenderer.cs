using Ganss.Xss;
using Markdig;

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
        .UseFootnotes()
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

        var html = Markdown.ToHtml(markdown, _pipeline);
        return _sanitizer.Sanitize(html);
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
            else if (element.LocalName == "a" && element.GetAttribute("href") is { } href
                && (href.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || href.StartsWith("//", StringComparison.Ordinal)))
            {
                element.SetAttribute("rel", "noopener noreferrer");
            }
        };
        return sanitizer;
    }
}
