using AngleSharp;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Ganss.Xss;
using LnUnion.Portal.Media;
using Markdig;
using Markdig.Renderers;
using Markdig.Renderers.Html;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LnUnion.Portal.Rendering;

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

    // Layout comes from the site's style sheet and the classes below, never from what an editor or a pasted
    // document writes: these presentational attributes would give free sizes, colours and alignment.
    private static readonly string[] PresentationalAttributes =
        ["align", "valign", "bgcolor", "color", "border", "cellpadding", "cellspacing", "width", "height", "hspace", "vspace",
         "size", "nowrap", "noshade", "clear", "compact", "frame", "rules", "char", "charoff", "axis"];

    /// <summary>
    /// The only classes an article may carry, and on which elements: alignment of paragraphs, headings, table cells
    /// and figures (a figure is centred unless it says otherwise), two text colours (red for emphasis, as 红头 notices use), and half-width figures. The public style
    /// sheet (wwwroot/css/site.css, "Editor's formatting") styles exactly these; any other class is dropped.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> AllowedClasses = new Dictionary<string, string[]>
    {
        ["p"] = ["align-center", "align-right"],
        ["h2"] = ["align-center", "align-right"],
        ["h3"] = ["align-center", "align-right"],
        ["h4"] = ["align-center", "align-right"],
        ["h5"] = ["align-center", "align-right"],
        ["h6"] = ["align-center", "align-right"],
        ["td"] = ["align-center", "align-right"],
        ["th"] = ["align-center", "align-right"],
        ["figure"] = ["align-left", "align-center", "align-right", "image-half"],
        ["span"] = ["text-red", "text-blue"],
    };

    /// <summary>Merged cells: colspan and rowspan are whole numbers from 1 up to these, or they are dropped.</summary>
    public const int MaxColSpan = 50;

    public const int MaxRowSpan = 500;

    private readonly MarkdownPipeline _pipeline = new MarkdownPipelineBuilder()
        .UsePipeTables()
        .UseGridTables()
        .UseEmphasisExtras()
        .UseListExtras()
        .UseAutoLinks()
        .UseFigures()
        .UseSoftlineBreakAsHardlineBreak()
        // "落款 {.align-right}": the sanitiser keeps only the allow-listed classes. Markdig wants it added last.
        .UseGenericAttributes()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    /// <summary>Characters an article or page may have: a 400-page book, far beyond any notice or report.</summary>
    public const int MaxLength = 200_000;

    /// <summary>Paragraphs, headings, list items, quotes and table cells, counted at every depth.</summary>
    public const int MaxBlocks = 20_000;

    /// <summary>Shown in place of a text that cannot be rendered, so the rest of its page still reaches the reader.</summary>
    public const string UnrenderableNote = "<p class=\"unrenderable\">此处内容暂时无法显示，请稍后再来查看。</p>\n";

    /// <summary>
    /// Why this Markdown cannot be shown, as a message for the editor, or null when it renders. The admin forms
    /// refuse what this refuses, so anything saved through them renders.
    /// </summary>
    public string? Problem(string? markdown) => Render(markdown, images: null).Problem;

    /// <summary>Safe HTML for the Markdown; never throws, whatever the input: what cannot render becomes a note.</summary>
    public string ToHtml(string? markdown) => Render(markdown, images: null).Html ?? UnrenderableNote;

    /// <summary>
    /// The same, with the pictures of uploaded <paramref name="images"/> sized and offered in their renditions: the
    /// rendering that is stored (<see cref="StoredHtml"/>), which knows the rows.
    /// </summary>
    public string ToHtml(string? markdown, IReadOnlyDictionary<string, StoredImage> images) => Render(markdown, images).Html ?? UnrenderableNote;

    /// <summary>
    /// The Markdown's syntax tree as the pipeline reads it, for checks that look at its structure (headings,
    /// pictures); null for what cannot be rendered.
    /// </summary>
    public MarkdownDocument? Parse(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown) || markdown.Length > MaxLength)
        {
            return null;
        }

        try
        {
            return Markdown.Parse(markdown, _pipeline);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>
    /// For the editor: the HTML, or why there is none. With the uploaded <paramref name="images"/> it names, so its
    /// pictures have the size and renditions the public page will give them.
    /// </summary>
    public string ToPreviewHtml(string? markdown, IReadOnlyDictionary<string, StoredImage>? images = null)
    {
        var (html, problem) = Render(markdown, images);
        return html ?? $"<p class=\"unrenderable\">{System.Net.WebUtility.HtmlEncode(problem)}</p>\n";
    }

    private (string? Html, string? Problem) Render(string? markdown, IReadOnlyDictionary<string, StoredImage>? images)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return (string.Empty, null);
        }

        if (markdown.Length > MaxLength)
        {
            return (null, $"正文共 {markdown.Length} 个字符，超过了 {MaxLength} 个字符的上限，请删减或分成几篇。");
        }

        string html;
        try
        {
            var document = Markdown.Parse(markdown, _pipeline);
            var blocks = document.Descendants<Block>().Count();
            if (blocks > MaxBlocks)
            {
                return (null, $"正文共有 {blocks} 个段落、列表项或表格单元格，超过了 {MaxBlocks} 个的上限，请删减或分成几篇。");
            }

            NumberHeadings(document);
            TrimBeforeAttributes(document);
            using var writer = new StringWriter();
            var renderer = new HtmlRenderer(writer);
            _pipeline.Setup(renderer);
            renderer.Render(document);
            html = writer.ToString();
        }
        catch (ArgumentException)
        {
            // Markdig refuses, while parsing or rendering, structures nested more deeply than it can follow.
            return (null, TooDeeplyNested);
        }

        using var sanitized = _sanitizer.SanitizeDom(html);
        using var output = new StringWriter();
        foreach (var node in sanitized.Body!.ChildNodes)
        {
            WriteHtml(output, node, _sanitizer.OutputFormatter, images);
        }

        return (output.ToString(), null);
    }

    private const string TooDeeplyNested = "正文的格式嵌套过深或过于繁复（例如连续很多个“>”或“[”、缩进很多层的列表，或一段里有数千处加粗），无法显示，请简化格式后再保存。";

    /// <summary>
    /// Serialises as AngleSharp's own ToHtml does, but in one walk of the tree: AngleSharp finds a node's next
    /// sibling by searching its parent's children, so its serialiser costs the square of the longest run of
    /// siblings — 150,000 paragraphs took half a minute.
    /// </summary>
    private static void WriteHtml(TextWriter writer, INode node, IMarkupFormatter formatter, IReadOnlyDictionary<string, StoredImage>? images)
    {
        switch (node)
        {
            // The CSP allows no images from other sites, so one would only show as broken: keep its description.
            // Written here rather than replaced in the DOM, where each replacement searches the parent's children.
            case IElement { LocalName: "img" } image when IsExternal(image.GetAttribute("src")):
                writer.Write(formatter.Text(image.Owner!.CreateTextNode(image.GetAttribute("alt") ?? string.Empty)));
                break;
            case IElement element:
                if (images is not null && element.LocalName == "img")
                {
                    DescribeUploadedImage(element, images);
                }

                var selfClosing = element.Flags.HasFlag(NodeFlags.SelfClosing);
                writer.Write(formatter.OpenTag(element, selfClosing));
                // A newline right after <pre> or <textarea> is dropped by the parser, so a meant one is written twice.
                if (!selfClosing && element.Flags.HasFlag(NodeFlags.LineTolerance)
                    && element.FirstChild is IText text && text.Data.Contains('\n', StringComparison.Ordinal))
                {
                    writer.Write('\n');
                }

                var children = element is IHtmlTemplateElement template
                    ? template.Content.ChildNodes.Concat(element.ChildNodes)
                    : element.ChildNodes;
                foreach (var child in children)
                {
                    WriteHtml(writer, child, formatter, images);
                }

                writer.Write(formatter.CloseTag(element, selfClosing));
                break;
            case IComment comment:
                writer.Write(formatter.Comment(comment));
                break;
            case IProcessingInstruction instruction:
                writer.Write(formatter.Processing(instruction));
                break;
            case ICharacterData characterData:
                writer.Write(characterData.Parent?.Flags.HasFlag(NodeFlags.LiteralText) == true
                    ? formatter.LiteralText(characterData)
                    : formatter.Text(characterData));
                break;
        }
    }

    /// <summary>
    /// Gives a picture of an uploaded image its size, so the text does not jump as it loads, and its renditions. The
    /// sanitiser lets no <c>width</c>, <c>height</c>, <c>srcset</c> or <c>sizes</c> through from what an editor
    /// wrote; these come only from the image's row, for a picture at the site's own <c>/media/</c> address, and every
    /// address in the <c>srcset</c> is the site's own.
    /// </summary>
    private static void DescribeUploadedImage(IElement image, IReadOnlyDictionary<string, StoredImage> images)
    {
        const string prefix = "/media/";
        var source = image.GetAttribute("src");
        if (source is null || !source.StartsWith(prefix, StringComparison.Ordinal) || !images.TryGetValue(source[prefix.Length..], out var stored)
            || stored is not { Width: { } width, Height: { } height })
        {
            return;
        }

        image.SetAttribute("width", width.ToString(System.Globalization.CultureInfo.InvariantCulture));
        image.SetAttribute("height", height.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (ImageRenditions.Srcset(stored, RenditionFormat.Jpeg) is { } srcset)
        {
            image.SetAttribute("srcset", srcset);
            image.SetAttribute("sizes", ImageRenditions.BodySizes(width));
        }
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

    /// <summary>"落款 {.align-right}" leaves the space before the braces at the end of the paragraph's text.</summary>
    private static void TrimBeforeAttributes(MarkdownDocument document)
    {
        foreach (var block in document.Descendants<LeafBlock>())
        {
            if (block.TryGetAttributes() is not null && block.Inline?.LastChild is LiteralInline last)
            {
                var content = last.Content;
                content.TrimEnd();
                last.Content = content;
            }
        }
    }

    /// <summary>
    /// Plain text of the Markdown, whitespace collapsed, for excerpts, meta descriptions and the search index;
    /// never throws. Text beyond <see cref="MaxLength"/> (saved before there was a limit) is left out.
    /// </summary>
    public string ToPlainText(string? markdown, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(markdown))
        {
            return string.Empty;
        }

        string plain;
        try
        {
            plain = Markdown.ToPlainText(markdown.Length > MaxLength ? markdown[..MaxLength] : markdown, _pipeline);
        }
        catch (ArgumentException)
        {
            // Too deeply nested to read: no excerpt, rather than no page.
            return string.Empty;
        }

        var text = string.Join(' ', plain.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Shorten(text, maxLength);
    }

    /// <summary>
    /// How much plain text is stored with each text (<see cref="IRenderedMarkdown.BodyExcerpt"/>): more than any
    /// excerpt a page shows, so that each is cut from it exactly as from the whole text.
    /// </summary>
    public const int StoredExcerptLength = 250;

    /// <summary>
    /// The first <paramref name="maxLength"/> characters of a stored excerpt, the same as <see cref="ToPlainText"/>
    /// gives for the whole text: the text is already collapsed, and cutting a longer cut again at a shorter length
    /// gives the shorter cut.
    /// </summary>
    public static string Excerpt(string storedExcerpt, int maxLength) => maxLength < StoredExcerptLength
        ? Shorten(storedExcerpt, maxLength)
        : throw new ArgumentOutOfRangeException(nameof(maxLength), $"Stored excerpts hold fewer than {StoredExcerptLength} characters.");

    private static string Shorten(string text, int maxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength).TrimEnd(), "……");

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(AllowedSchemes);
        sanitizer.AllowedTags.ExceptWith(RemovedTags);
        sanitizer.AllowedTags.UnionWith(["figure", "figcaption"]);
        sanitizer.AllowedAttributes.ExceptWith(RemovedAttributes);
        sanitizer.AllowedAttributes.ExceptWith(PresentationalAttributes);
        sanitizer.AllowedAttributes.Add("class");
        sanitizer.AllowedAttributes.Add("role");
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowDataAttributes = false;
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is not IElement element)
            {
                return;
            }

            KeepAllowedClasses(element);
            KeepValidSpans(element);
            if (element.HasAttribute("role") && !IsDecorativeImage(element))
            {
                // The only role an article may set: a picture marked decorative, which screen readers then skip.
                element.RemoveAttribute("role");
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

    private static bool IsDecorativeImage(IElement element) =>
        element.LocalName == "img" && element.GetAttribute("alt") is "" && element.GetAttribute("role") is "presentation" or "none";

    private static void KeepAllowedClasses(IElement element)
    {
        var value = element.GetAttribute("class");
        if (value is null)
        {
            return;
        }

        var allowed = AllowedClasses.GetValueOrDefault(element.LocalName, []);
        var kept = value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Where(allowed.Contains).Distinct().ToList();
        if (kept.Count == 0)
        {
            element.RemoveAttribute("class");
        }
        else
        {
            element.SetAttribute("class", string.Join(' ', kept));
        }
    }

    private static void KeepValidSpans(IElement element)
    {
        var isCell = element.LocalName is "td" or "th";
        foreach (var (name, max) in new[] { ("colspan", MaxColSpan), ("rowspan", MaxRowSpan) })
        {
            var value = element.GetAttribute(name);
            if (value is null)
            {
                continue;
            }

            // Digits only ("2", not "+2", " 2" or "2.5"), so what the browser reads is what was checked.
            var valid = isCell && value.Length is > 0 and <= 3 && value.All(char.IsAsciiDigit)
                && int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) is var span && span >= 1 && span <= max;
            if (!valid)
            {
                element.RemoveAttribute(name);
            }
        }
    }

    private static bool IsExternal(string? url) =>
        url is not null
        && (url.StartsWith("http:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https:", StringComparison.OrdinalIgnoreCase) || url.StartsWith("//", StringComparison.Ordinal));
}
