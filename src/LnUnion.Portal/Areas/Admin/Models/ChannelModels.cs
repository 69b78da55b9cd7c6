using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Data;
using LnUnion.Portal.Routing;

namespace LnUnion.Portal.Areas.Admin.Models;

public sealed record ChannelRow(
    int Id,
    string Name,
    string Slug,
    int SortOrder,
    bool ShowInNavigation,
    int ReviewLevels,
    ChannelKind Kind,
    int ArticleCount);

/// <summary>What an administrator may post for a channel; the id comes from the route only.</summary>
public sealed class ChannelInput
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写栏目名称。")]
    [StringLength(100, ErrorMessage = "栏目名称不能超过 100 个字符。")]
    [Display(Name = "栏目名称")]
    public string Name { get; set; } = string.Empty;

    [Required(ErrorMessage = "请填写网址名。")]
    [RegularExpression(PublicAddresses.SlugPattern, ErrorMessage = PublicAddresses.SlugRuleMessage)]
    [Display(Name = "网址名")]
    public string Slug { get; set; } = string.Empty;

    [Required(ErrorMessage = "请填写排序。")]
    [Range(0, 9999, ErrorMessage = "排序须是 0–9999 之间的整数。")]
    [Display(Name = "排序（数字小的在前）")]
    public int SortOrder { get; set; }

    [Display(Name = "显示在网站导航中")]
    public bool ShowInNavigation { get; set; } = true;

    [Required(ErrorMessage = "请选择审核级数。")]
    [Range(1, 3, ErrorMessage = "审核级数须是 1、2 或 3。")]
    [Display(Name = "审核级数")]
    public int ReviewLevels { get; set; } = 1;

    [Required(ErrorMessage = "请选择栏目类型。")]
    [Display(Name = "栏目类型")]
    public ChannelKind Kind { get; set; } = ChannelKind.News;
}

public sealed class ChannelEditModel
{
    public int? Id { get; init; }
    public required ChannelInput Input { get; init; }
    public int ArticleCount { get; init; }

    /// <summary>The slug is fixed for channels the site's code looks up by name.</summary>
    public bool SlugIsFixed { get; init; }

    /// <summary>After a conflict: what the other person saved, to compare with what is still in the form.</summary>
    public ChannelInput? Saved { get; init; }
}
