namespace LnUnion.Portal.Checks;

/// <summary>The places of an article a text check reads, each with the name an editor knows it by.</summary>
public static class CheckedText
{
    public const string Title = "标题";
    public const string Summary = "摘要";
    public const string Body = "正文";

    public static IEnumerable<(string Place, string Text)> Places(CheckedArticle article)
    {
        yield return (Title, article.Title);
        if (!string.IsNullOrEmpty(article.Summary))
        {
            yield return (Summary, article.Summary);
        }

        yield return (Body, article.BodyMarkdown);
    }

    /// <summary>A few characters either side of a match, so the editor can find it: “……前文【词】后文……”.</summary>
    public static string Context(string text, int start, int length, int around = 10)
    {
        var from = Math.Max(0, start - around);
        var to = Math.Min(text.Length, start + length + around);
        var before = text[from..start].ReplaceLineEndings(" ");
        var after = text[(start + length)..to].ReplaceLineEndings(" ");
        return $"{(from > 0 ? "……" : string.Empty)}{before}【{text.Substring(start, length)}】{after}{(to < text.Length ? "……" : string.Empty)}";
    }
}
