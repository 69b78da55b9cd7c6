using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Rendering;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LnUnion.Portal.Checks;

/// <summary>
/// What a screen reader user misses in the body: pictures without a description (unless marked decorative with
/// <c>role="presentation"</c>, as the picture dialog writes them) and headings that skip a level (the article's title
/// is the page's h1, so the body starts at h2). Reads the Markdown's syntax tree, and the HTML inside it only where
/// there is a tag, so it costs little over a whole-site scan.
/// </summary>
public sealed class ContentAccessibilityCheck(MarkdownRenderer markdown) : IArticleCheck
{
    public const string ImageKind = "image-alt";
    public const string HeadingKind = "heading-level";

    private static readonly HtmlParser Parser = new();

    public Task<IReadOnlyList<Finding>> CheckAsync(CheckedArticle article, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        var previous = 1;
        void Heading(int level, string text)
        {
            if (level > previous + 1)
            {
                findings.Add(new Finding(
                    HeadingKind,
                    FindingSeverity.Notice,
                    CheckedText.Body,
                    text,
                    $"标题层级跳级：{Level(previous)}之后直接用了{Level(level)}。读屏软件按层级浏览文章，请改为{Level(previous + 1)}。",
                    Level(previous + 1)));
            }

            previous = level;
        }

        void Image(string? src) => findings.Add(new Finding(
            ImageKind,
            FindingSeverity.Warning,
            CheckedText.Body,
            ImageName(src),
            "图片没有描述（替代文本），看不到图片的读者不知道图上是什么。请填写图片描述；纯装饰的图片请在插入图片时勾选“这是装饰性图片”。"));

        var document = markdown.Parse(article.BodyMarkdown);
        foreach (var node in document?.Descendants() ?? [])
        {
            switch (node)
            {
                case HeadingBlock heading:
                    Heading(heading.Level, PlainText(heading.Inline));
                    break;
                case LinkInline { IsImage: true } image when string.IsNullOrWhiteSpace(PlainText(image)):
                    Image(image.Url);
                    break;
                case HtmlBlock html:
                    Html(html.Lines.ToString(), Heading, Image);
                    break;
                case HtmlInline { Tag: var tag } when tag.StartsWith("<img", StringComparison.OrdinalIgnoreCase):
                    Html(tag, Heading, Image);
                    break;
            }
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    /// <summary>The explicit decorative mark: an empty description together with <c>role="presentation"</c>.</summary>
    public static bool IsMarkedDecorative(IElement image) =>
        image.GetAttribute("alt") is "" && image.GetAttribute("role") is "presentation" or "none";

    /// <summary>Pictures and headings written as HTML (a figure with a caption, a pasted table), in their order.</summary>
    private static void Html(string html, Action<int, string> heading, Action<string?> image)
    {
        if (!html.Contains("<img", StringComparison.OrdinalIgnoreCase) && !html.Contains("<h", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        using var document = Parser.ParseDocument(html);
        foreach (var element in document.Body?.QuerySelectorAll("img, h1, h2, h3, h4, h5, h6") ?? Enumerable.Empty<IElement>())
        {
            if (element.LocalName == "img")
            {
                if (string.IsNullOrWhiteSpace(element.GetAttribute("alt")) && !IsMarkedDecorative(element))
                {
                    image(element.GetAttribute("src"));
                }
            }
            else
            {
                heading(element.LocalName[1] - '0', element.TextContent.Trim());
            }
        }
    }

    private static string PlainText(ContainerInline? inline)
    {
        if (inline is null)
        {
            return string.Empty;
        }

        var text = new System.Text.StringBuilder();
        foreach (var child in inline.Descendants())
        {
            switch (child)
            {
                case LiteralInline literal:
                    text.Append(literal.Content);
                    break;
                case CodeInline code:
                    text.Append(code.Content);
                    break;
            }
        }

        return text.ToString().Trim();
    }

    /// <summary>The body's first heading level is 二级标题: the article's title is the first.</summary>
    private static string Level(int level) => level switch
    {
        1 => "文章标题",
        2 => "二级标题",
        3 => "三级标题",
        4 => "四级标题",
        5 => "五级标题",
        _ => "六级标题",
    };

    private static string ImageName(string? src) =>
        string.IsNullOrEmpty(src) ? "（无地址的图片）" : src[(src.LastIndexOf('/') + 1)..];
}
