using LnUnion.Portal.Routing;

namespace LnUnion.Portal.Accessibility;

/// <summary>无障碍说明: how to use 长者模式 and its keyboard shortcuts, the page the reading toolbar links to.</summary>
public sealed record AccessibilityPageModel : Models.IPublicPage
{
    public string Title => "无障碍说明";

    public string? Description => "长者模式的使用方法和键盘快捷键";

    public string? CanonicalPath => PublicAddresses.Accessibility;
}
