using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Routing;

namespace LnUnion.Portal.Areas.Admin.Models;

public sealed record PageRow(int Id, string Slug, string Title, DateTime UpdatedAt, string? UpdatedBy, int RevisionCount)
{
    public string? PublicUrl => PublicAddresses.StandingPage(Slug);
}

/// <summary>What an editor may post for a page: the slug, history and authorship are not here, so they cannot be over-posted.</summary>
public sealed class PageInput
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写标题。")]
    [StringLength(200, ErrorMessage = "标题不能超过 200 个字符。")]
    [Display(Name = "标题")]
    public string Title { get; set; } = string.Empty;

    /// <summary>May be empty: 联系我们 shows the site settings and needs no text of its own.</summary>
    [RenderableMarkdown]
    [Display(Name = "正文")]
    public string? BodyMarkdown { get; set; }
}

public sealed class PageEditModel
{
    public required int Id { get; init; }
    public required string Slug { get; init; }
    public required PageInput Input { get; init; }
    public bool IsConflict { get; init; }

    /// <summary>When the page was last saved (UTC); an autosaved copy newer than this is offered back.</summary>
    public DateTime? SavedAt { get; init; }
    public string? PublicUrl => PublicAddresses.StandingPage(Slug);
}

public sealed class PageDetailModel
{
    public required int Id { get; init; }
    public required string Slug { get; init; }
    public required string Title { get; init; }
    public required string PreviewHtml { get; init; }
    public required IReadOnlyList<RevisionRow> Revisions { get; init; }
    public required Guid Version { get; init; }
    public string? PublicUrl => PublicAddresses.StandingPage(Slug);
}
