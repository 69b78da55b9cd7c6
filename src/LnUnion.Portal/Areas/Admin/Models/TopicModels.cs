using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Data;
using LnUnion.Portal.Routing;

namespace LnUnion.Portal.Areas.Admin.Models;

public sealed record TopicRow(int Id, string Title, string Slug, DateOnly StartsOn, DateOnly? EndsOn, int ArticleCount)
{
    public string StateOn(DateOnly today) =>
        today < StartsOn ? "未开始（网站上不显示）" : EndsOn < today ? "已归档（往期专题）" : "进行中（首页显示）";
}

/// <summary>What staff may post for a topic; its article list has forms of its own.</summary>
public sealed class TopicInput : IValidatableObject
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写专题名称。")]
    [StringLength(200, ErrorMessage = "专题名称不能超过 200 个字符。")]
    [Display(Name = "专题名称")]
    public string Title { get; set; } = string.Empty;

    [Required(ErrorMessage = "请填写网址名。")]
    [RegularExpression(PublicAddresses.SlugPattern, ErrorMessage = PublicAddresses.SlugRuleMessage)]
    [Display(Name = "网址名（专题网址为 /topics/网址名）")]
    public string Slug { get; set; } = string.Empty;

    [Display(Name = "横幅图片（从媒体库选择）")]
    public int? BannerImageId { get; set; }

    [RenderableMarkdown]
    [Display(Name = "专题介绍")]
    public string? BodyMarkdown { get; set; }

    [Required(ErrorMessage = "请填写开始日期。")]
    [Display(Name = "开始日期（从这天起在网站上显示）")]
    public DateOnly? StartsOn { get; set; }

    [Display(Name = "结束日期（过后转入往期专题，可留空）")]
    public DateOnly? EndsOn { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EndsOn < StartsOn)
        {
            yield return new ValidationResult("结束日期不能早于开始日期。", [nameof(EndsOn)]);
        }
    }
}

public sealed record BannerOption(int Id, string Name);

public sealed record TopicArticleRow(int Id, string Title, string ChannelName, ArticleStatus Status, DateTime? PublishAt);

public sealed class TopicEditModel
{
    public int? Id { get; init; }
    public required TopicInput Input { get; init; }
    public required IReadOnlyList<BannerOption> Banners { get; init; }
    public string? BannerImageName { get; init; }
    public bool IsConflict { get; init; }

    /// <summary>The topic's articles, newest first; empty for a new topic.</summary>
    public IReadOnlyList<TopicArticleRow> Articles { get; init; } = [];

    /// <summary>What was searched for to add, and what was found (articles not in the topic yet).</summary>
    public string? Query { get; init; }
    public IReadOnlyList<TopicArticleRow> Found { get; init; } = [];
}
