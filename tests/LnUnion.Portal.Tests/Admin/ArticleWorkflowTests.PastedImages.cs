using System.Net;
using LnUnion.Portal.Data;
using LnUnion.Portal.Rendering;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>A picture Word could not hand over must be uploaded, or its placeholder removed, before review.</summary>
public sealed partial class ArticleWorkflowTests
{
    [Fact]
    public async Task AnArticleWithAPastedImagePlaceholderIsNotSubmittedUntilThePlaceholderIsReplaced()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await CreateAsync(editor, "news", "职工运动会通知", $"运动会在体育中心举行。\n\n{PastedImages.Placeholder}\n\n请各单位组织报名。");

        var refused = await editor.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/submit");

        Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("正文中还有 1 处“此处图片未能粘贴”的占位文字", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ArticleStatus.Draft, await StatusAsync(id));

        await EditAsync(editor, id, "职工运动会通知", "运动会在体育中心举行。\n\n请各单位组织报名。");
        await SubmitAsync(editor, id);
        Assert.Equal(ArticleStatus.InReview, await StatusAsync(id));
    }

    [Fact]
    public async Task TheEditorsPasteConverterWritesThePlaceholderTheServerLooksFor()
    {
        var script = await _public.GetStringAsync(new Uri("/js/admin-paste.js", UriKind.Relative));

        Assert.Contains($"const IMAGE_PLACEHOLDER = '{PastedImages.Placeholder}';", script, StringComparison.Ordinal);
    }
}
