using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;

namespace LnUnion.Portal.Tests.Checks;

/// <summary>Pictures without a description and headings that skip a level.</summary>
[Collection(PortalTests.Name)]
public sealed class AccessibilityCheckTests(PortalApplication app)
{
    [Fact]
    public async Task APictureWithoutADescriptionIsAWarningUnlessMarkedDecorative()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        var findings = await app.FindingsOfAsync(editor,
            "![](/media/a.jpg)\n\n![开幕式现场](/media/b.jpg)\n\n<figure><img src=\"/media/c.jpg\" alt=\"\"><figcaption>图注</figcaption></figure>\n\n<img src=\"/media/d.jpg\" alt=\"\" role=\"presentation\">");

        Assert.Equal(["a.jpg", "c.jpg"], findings.Where(f => f.Kind == "image-alt").Select(f => f.Found).Order());
        Assert.All(findings.Where(f => f.Kind == "image-alt"), f => Assert.Equal("警告", f.Severity));
    }

    [Fact]
    public async Task AHeadingThatSkipsALevelIsANoticeAndOrderlyHeadingsAreNot()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        var skipped = await app.FindingsOfAsync(editor, "### 一、基本情况\n\n正文\n\n## 二、下一步\n\n#### 细则");

        Assert.Equal(["一、基本情况", "细则"], skipped.Where(f => f.Kind == "heading-level").Select(f => f.Found));
        Assert.Empty(await app.FindingsOfAsync(editor, "## 一、基本情况\n\n### （一）概况\n\n## 二、下一步"));
    }
}
