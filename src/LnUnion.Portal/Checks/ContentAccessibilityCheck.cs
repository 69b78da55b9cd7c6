using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Content;

namespace LnUnion.Portal.Checks;

/// <summary>
/// What a screen reader user misses in the body as the public page renders it: pictures without a description
/// (unless marked decorative with <c>role="presentation"</c>, as the picture dialog writes them) and headings that
/// skip a level (the article's title is the page's h1, so the body starts at h2).
/// </summary>
public sealed class ContentAccessibilityCheck(MarkdownRenderer markdown) : IArticleCheck
{
    public const string ImageKind = "image-alt";
    public const string HeadingKind = "heading-level";

    private static readonly HtmlParser Parser = new();

    public Task<IReadOnlyList<Finding>> CheckAsync(CheckedArticle article, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        using var document = Parser.ParseDocument(markdown.ToHtml(article.BodyMarkdown));
        foreach (var image in document.QuerySelectorAll("img"))
        {
            if (string.IsNullOrWhiteSpace(image.GetAttribute("alt")) && !IsMarkedDecorative(image))
            {
                findings.Add(new Finding(
                    ImageKind,
                    FindingSeverity.Warning,
                    CheckedText.Body,
                    ImageName(image.GetAttribute("src")),
                    "图片没有描述（替代文本），看不到图片的读者不知道图上是什么。请在编辑器中点图片填写描述；纯装饰的图片请在图片对话框中勾选“这是装饰性图片”。"));
            }
        }

        var previous = 1;
        foreach (var heading in document.QuerySelectorAll("h1, h2, h3, h4, h5, h6"))
        {
            var level = heading.LocalName[1] - '0';
            if (level > previous + 1)
            {
                findings.Add(new Finding(
                    HeadingKind,
                    FindingSeverity.Notice,
                    CheckedText.Body,
                    heading.TextContent.Trim(),
                    $"标题层级跳级：{Level(previous)}之后直接用了{Level(level)}。读屏软件按层级浏览文章，请改为{Level(previous + 1)}。",
                    Level(previous + 1)));
            }

            previous = level;
        }

        return Task.FromResult<IReadOnlyList<Finding>>(findings);
    }

    /// <summary>The explicit decorative mark: an empty description together with <c>role="presentation"</c>.</summary>
    public static bool IsMarkedDecorative(IElement image) =>
        image.GetAttribute("alt") is "" && image.GetAttribute("role") is "presentation" or "none";

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
