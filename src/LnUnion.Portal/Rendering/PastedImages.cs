namespace LnUnion.Portal.Rendering;

/// <summary>
/// Pictures a paste from Word or WPS could not carry (they live on the writer's own disk): the editor leaves this
/// placeholder where each was, and an article is not submitted for review while one is left.
/// </summary>
public static class PastedImages
{
    /// <summary>The text the paste converter writes, character for character (wwwroot/js/admin-paste.js, IMAGE_PLACEHOLDER).</summary>
    public const string Placeholder = "〔此处图片未能粘贴，请用“图片”按钮上传〕";

    public static int CountPlaceholders(string? markdown)
    {
        if (string.IsNullOrEmpty(markdown))
        {
            return 0;
        }

        var count = 0;
        for (var at = markdown.IndexOf(Placeholder, StringComparison.Ordinal); at >= 0; at = markdown.IndexOf(Placeholder, at + Placeholder.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    /// <summary>Why the text cannot go to review yet, or null.</summary>
    public static string? WhyNotSubmittable(string? markdown) =>
        CountPlaceholders(markdown) is var count and > 0
            ? $"正文中还有 {count} 处“此处图片未能粘贴”的占位文字：请编辑文章，上传图片替换它（可把图片直接拖到占位文字上），或删除它，然后再提交审核。"
            : null;
}
