using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;

namespace LnUnion.Portal.Areas.Admin.Models;

public sealed record ChannelOption(int Id, string Name, string Slug);

public sealed class ArticleFilter
{
    public int? ChannelId { get; set; }
    public ArticleStatus? Status { get; set; }

    [StringLength(100, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    public string? Text { get; set; }

    public bool SampleOnly { get; set; }

    /// <summary>Only the articles marked for the home page's 焦点图.</summary>
    public bool FocusOnly { get; set; }

    [Range(1, 100000)]
    public int Page { get; set; } = 1;
}

public sealed record ArticleRow(
    int Id,
    string Title,
    string ChannelName,
    ArticleStatus Status,
    bool InReview,
    bool HasPendingRevision,
    bool IsSample,
    bool IsPinned,
    bool ShowInFocus,
    DateTime? PublishAt,
    DateTime UpdatedAt,
    string? CreatedBy)
{
    /// <summary>Set by the list from the clock: the publish time while it is still to come.</summary>
    public DateTime? ScheduledFor { get; init; }
}

public sealed record ArticleListModel(ArticleFilter Filter, IReadOnlyList<ChannelOption> Channels, IReadOnlyList<ArticleRow> Rows, int PageCount);

/// <summary>What an editor may post for an article. Status, author account, counts and publishing are not here, so they cannot be over-posted.</summary>
public sealed class ArticleInput : IValidatableObject
{
    public Guid Version { get; set; }

    /// <summary>The new-article form's key (empty when editing): posting the same form twice makes one article.</summary>
    public Guid? CreationKey { get; set; }

    [Range(1, int.MaxValue, ErrorMessage = "请选择栏目。")]
    [Display(Name = "栏目")]
    public int ChannelId { get; set; }

    [Required(ErrorMessage = "请填写标题。")]
    [StringLength(200, ErrorMessage = "标题不能超过 200 个字符。")]
    [Display(Name = "标题")]
    public string Title { get; set; } = string.Empty;

    [StringLength(500, ErrorMessage = "摘要不能超过 500 个字符。")]
    [Display(Name = "摘要（可选，用于列表和搜索结果）")]
    public string? Summary { get; set; }

    [Required(ErrorMessage = "请填写正文。")]
    [RenderableMarkdown]
    [Display(Name = "正文")]
    public string BodyMarkdown { get; set; } = string.Empty;

    [StringLength(100, ErrorMessage = "作者不能超过 100 个字符。")]
    [Display(Name = "作者")]
    public string? Author { get; set; }

    [StringLength(100, ErrorMessage = "来源不能超过 100 个字符。")]
    [Display(Name = "来源")]
    public string? Source { get; set; }

    [Display(Name = "封面图片")]
    public IFormFile? NewCoverImage { get; set; }

    [Display(Name = "去掉封面图片")]
    public bool RemoveCoverImage { get; set; }

    [Display(Name = "添加附件")]
    public List<IFormFile> NewAttachments { get; set; } = [];

    public List<int> RemoveAttachmentIds { get; set; } = [];

    [StringLength(100, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [Display(Name = "巡视组")]
    public string? InspectionTeam { get; set; }

    [Display(Name = "受理开始日期")]
    public DateOnly? AcceptFrom { get; set; }

    [Display(Name = "受理截止日期")]
    public DateOnly? AcceptTo { get; set; }

    [HalfWidth]
    [StringLength(100, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [PhoneNumbers]
    [Display(Name = "受理电话")]
    public string? Hotline { get; set; }

    [StringLength(200, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [Display(Name = "邮政信箱")]
    public string? PostalBox { get; set; }

    [HalfWidth]
    [StringLength(100, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [EmailAddress(ErrorMessage = "电子邮箱格式不正确。")]
    [Display(Name = "电子邮箱")]
    public string? InspectionEmail { get; set; }

    [Display(Name = "文章类型")]
    public ArticleKind Kind { get; set; }

    [Display(Name = "公示开始日期")]
    public DateOnly? PublicityFrom { get; set; }

    [Display(Name = "公示截止日期")]
    public DateOnly? PublicityTo { get; set; }

    [StringLength(200, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [Display(Name = "异议受理地址")]
    public string? ObjectionAddress { get; set; }

    [StringLength(100, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [Display(Name = "联系人")]
    public string? ObjectionPerson { get; set; }

    [HalfWidth]
    [StringLength(100, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [PhoneNumbers]
    [Display(Name = "联系电话")]
    public string? ObjectionPhone { get; set; }

    [HalfWidth]
    [StringLength(100, ErrorMessage = "{0}不能超过 {1} 个字符。")]
    [EmailAddress(ErrorMessage = "电子邮箱格式不正确。")]
    [Display(Name = "异议受理电子邮箱")]
    public string? ObjectionEmail { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AcceptFrom > AcceptTo)
        {
            yield return new ValidationResult("受理截止日期不能早于受理开始日期。", [nameof(AcceptTo)]);
        }

        if (Kind != ArticleKind.Publicity)
        {
            yield break;
        }

        if (PublicityFrom is null || PublicityTo is null)
        {
            yield return new ValidationResult("公示请填写公示期的开始和截止日期。", [PublicityFrom is null ? nameof(PublicityFrom) : nameof(PublicityTo)]);
        }
        else if (PublicityFrom > PublicityTo)
        {
            yield return new ValidationResult("公示截止日期不能早于公示开始日期。", [nameof(PublicityTo)]);
        }
    }
}

public sealed record AttachmentRow(int MediaId, string Name, string StoredName, long Size);

/// <summary>Another form of the user's with an autosaved copy that was never saved: where it is and when it was copied (UTC).</summary>
public sealed record UnsavedForm(string Url, DateTime SavedAt);

public sealed class ArticleEditModel
{
    public int? Id { get; init; }
    public required ArticleInput Input { get; init; }
    public required IReadOnlyList<ChannelOption> Channels { get; init; }
    public IReadOnlyList<AttachmentRow> Attachments { get; init; } = [];
    public string? CoverImageName { get; init; }
    public ArticleStatus Status { get; init; }
    public bool IsPublishedWithPendingRevision { get; init; }
    public bool IsConflict { get; init; }

    /// <summary>When the article was last saved (UTC); an autosaved copy newer than this is offered back.</summary>
    public DateTime? SavedAt { get; init; }

    /// <summary>On a fresh new-article form: the user's latest new article that was autosaved but never saved.</summary>
    public UnsavedForm? UnsavedNewArticle { get; init; }

    /// <summary>The reviewers' last word when it was to send the article back: the editor works from its reason.</summary>
    public ReviewRow? Rejection { get; init; }

    /// <summary>The checks' findings on the saved text; null on a new article's form.</summary>
    public FindingsModel? Findings { get; init; }

    public string InspectionChannelSlug => "inspection";

    /// <summary>Every topic (专题), newest first, and whether the article is in its list; empty on a new article's form.</summary>
    public IReadOnlyList<ArticleTopicOption> Topics { get; init; } = [];
}

public sealed record ArticleTopicOption(int Id, string Title, DateOnly StartsOn, DateOnly? EndsOn, bool Contains);

/// <summary>An article's content as the public page shows it: the live one, or the one waiting for review.</summary>
public sealed record ArticleView(
    string Title,
    string? Summary,
    string? Author,
    string? Source,
    string ChannelName,
    string? CoverImageName,
    IReadOnlyList<AttachmentRow> Attachments,
    Notices.NoticeBox? Notice,
    string BodyMarkdown,
    string BodyHtml);

/// <summary>One field of a live article that its pending change alters, old to new.</summary>
public sealed record FieldChange(string Label, IReadOnlyList<DiffLine> Lines);

public sealed record ReviewRow(int Level, string? Reviewer, ReviewDecision Decision, string? Reason, DateTime At)
{
    public bool SecrecyConfirmed { get; init; }

    public IReadOnlyList<ConfirmationRow> Confirmations { get; init; } = [];
}

public sealed record RevisionRow(int Id, string Title, DateTime CreatedAt, string? CreatedBy, string? Note, bool IsPending);

public sealed class ArticleDetailModel
{
    public required int Id { get; init; }
    public required string Title { get; init; }
    public required string ChannelName { get; init; }
    public required int ReviewLevels { get; init; }
    public required ArticleStatus Status { get; init; }
    public required bool InReview { get; init; }
    public required int ApprovedLevels { get; init; }
    /// <summary>What the public will see once the review (if any) passes.</summary>
    public required ArticleView Proposed { get; init; }

    /// <summary>Set while a change of a published article waits: what the public sees now.</summary>
    public ArticleView? Live { get; init; }

    public bool PreviewIsPending => Live is not null;

    /// <summary>The fields the pending change alters, and how; the body last.</summary>
    public IReadOnlyList<FieldChange> Changes { get; init; } = [];
    public required bool CanEdit { get; init; }
    public required bool CanSubmit { get; init; }
    public required bool CanWithdrawSubmission { get; init; }
    public required string? WhyCannotReview { get; init; }
    public required bool CanPublish { get; init; }
    public required bool IsSample { get; init; }
    public DateTime? PublishAt { get; init; }
    public DateTime? ScheduledFor { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public bool IsPinned { get; init; }
    public DateTime? PinnedUntil { get; init; }

    /// <summary>The live article has a cover image, without which the 焦点图 mark shows nothing.</summary>
    public bool HasCover { get; init; }
    public required IReadOnlyList<ReviewRow> Reviews { get; init; }
    public required IReadOnlyList<RevisionRow> Revisions { get; init; }
    public required Guid Version { get; init; }

    public required FindingsModel Findings { get; init; }

    /// <summary>The serious findings the reviewer of the next level must confirm one by one.</summary>
    public IReadOnlyList<ConfirmationField> ToConfirm { get; init; } = [];

    /// <summary>The next approval is the last level's: it needs 保密审查 and may choose the publish time.</summary>
    public bool NextIsLastLevel => ApprovedLevels + 1 >= ReviewLevels;

    /// <summary>Only an administrator may back-date, so only they see the field for the reason.</summary>
    public bool CanBackdate { get; init; }

    /// <summary>Set when an administrator gave the article a publish time earlier than its publication.</summary>
    public string? BackdatedReason { get; init; }

    /// <summary>UTC. When an approved change last altered what the public had seen (更新时间).</summary>
    public DateTime? RevisedAt { get; init; }

    /// <summary>The review form's fields: empty, or as the reviewer typed them when the step was refused.</summary>
    public required ReviewInput Review { get; init; }

    /// <summary>The publishing form's fields: the article's settings, or as the reviewer typed them when refused.</summary>
    public required PublishSettingsInput Publishing { get; init; }
}

public sealed class ReviewInput
{
    public Guid Version { get; set; }

    [StringLength(500, ErrorMessage = "理由不能超过 500 个字符。")]
    [Display(Name = "审核意见")]
    public string? Reason { get; set; }

    /// <summary>Beijing time; empty means now. Used when the last level approves.</summary>
    [Display(Name = "发布时间（留空为立即发布）")]
    public DateTime? PublishAt { get; set; }

    /// <summary>The reviewer's reason for each serious finding, as the form lists them.</summary>
    public List<ConfirmationInput> Confirmations { get; set; } = [];

    /// <summary>The last level's 保密审查: the reviewer ticked that nothing in the article or its attachments is secret.</summary>
    public bool SecrecyConfirmed { get; set; }

    [StringLength(500, ErrorMessage = "补发理由不能超过 500 个字符。")]
    [Display(Name = "补发理由")]
    public string? BackdatedReason { get; set; }

    /// <summary>What the reviewer typed for <paramref name="finding"/>, when a refused approval shows the form again.</summary>
    public string? ReasonFor(LnUnion.Portal.Checks.Finding finding) =>
        Confirmations.FirstOrDefault(c => c.Kind == finding.Kind && c.Place == finding.Place && c.Found == finding.Found)?.Reason;
}

/// <summary>One serious finding as the review form names it (hidden fields), with the reviewer's reason why it may stand.</summary>
public sealed class ConfirmationInput
{
    [StringLength(50)]
    public string Kind { get; set; } = string.Empty;

    [StringLength(300)]
    public string Place { get; set; } = string.Empty;

    [StringLength(300)]
    public string Found { get; set; } = string.Empty;

    [StringLength(500, ErrorMessage = "确认理由不能超过 500 个字符。")]
    public string? Reason { get; set; }
}

/// <summary>A serious finding on the review form, with what earlier levels of this round said about it.</summary>
public sealed record ConfirmationField(LnUnion.Portal.Checks.Finding Finding, IReadOnlyList<string> Earlier);

/// <summary>A reviewer's reason for letting one serious finding stand, as the review history shows it.</summary>
public sealed record ConfirmationRow(string Kind, string Place, string Found, string Reason);

public sealed class PublishSettingsInput
{
    public Guid Version { get; set; }

    [Display(Name = "发布时间")]
    public DateTime? PublishAt { get; set; }

    [Display(Name = "过期时间（到期后自动下线，可留空）")]
    public DateTime? ExpiresAt { get; set; }

    [Display(Name = "置顶")]
    public bool IsPinned { get; set; }

    [Display(Name = "置顶截止时间（可留空）")]
    public DateTime? PinnedUntil { get; set; }

    [Display(Name = "在焦点图中显示")]
    public bool ShowInFocus { get; set; }

    [StringLength(500, ErrorMessage = "补发理由不能超过 500 个字符。")]
    [Display(Name = "补发理由")]
    public string? BackdatedReason { get; set; }
}

public sealed record DiffModel(string Heading, string BackUrl, RevisionRow From, RevisionRow To, IReadOnlyList<DiffLine> TitleLines, IReadOnlyList<DiffLine> BodyLines)
{
    /// <summary>The differences from the older to the newer of two revisions, or null when either is not in <paramref name="revisions"/>.</summary>
    public static DiffModel? Between(string title, string backUrl, IReadOnlyList<RevisionText> revisions, int from, int to)
    {
        var older = revisions.SingleOrDefault(r => r.Id == Math.Min(from, to));
        var newer = revisions.SingleOrDefault(r => r.Id == Math.Max(from, to));
        return older is null || newer is null
            ? null
            : new DiffModel(
                $"比较修订：{title}",
                backUrl,
                older.Row,
                newer.Row,
                RevisionDiff.Compare(older.Title, newer.Title),
                RevisionDiff.Compare(older.BodyMarkdown, newer.BodyMarkdown));
    }
}

/// <summary>A revision of an article or a page, with its text, for comparing.</summary>
public sealed record RevisionText(int Id, string Title, string BodyMarkdown, DateTime CreatedAt, string? CreatedBy, string? Note)
{
    public RevisionRow Row => new(Id, Title, CreatedAt, CreatedBy, Note, false);
}

public static class StatusText
{
    /// <summary>
    /// The article's state as staff read it. A published article whose time has not come yet is 定时发布 with its time,
    /// since the public does not see it until then.
    /// </summary>
    public static string Of(ArticleStatus status, bool changeInReview, DateTime? scheduledFor = null)
    {
        var state = (status, scheduledFor) switch
        {
            (ArticleStatus.Published, { } at) => $"定时发布（{ChinaTime.DateAndTime(at)}）",
            (ArticleStatus.Draft, _) => "草稿",
            (ArticleStatus.InReview, _) => "审核中",
            (ArticleStatus.Published, _) => "已发布",
            (ArticleStatus.Rejected, _) => "已退回",
            (ArticleStatus.Withdrawn, _) => "已撤回",
            _ => status.ToString(),
        };
        return status == ArticleStatus.Published && changeInReview ? $"{state}（修改审核中）" : state;
    }

    public static string Of(ArticleStatus status) => Of(status, false);

    /// <summary>The publish time while it is still to come, for <see cref="Of(ArticleStatus, bool, DateTime?)"/>.</summary>
    public static DateTime? ScheduledFor(ArticleStatus status, DateTime? publishAt, DateTime nowUtc) =>
        status == ArticleStatus.Published && publishAt > nowUtc ? publishAt : null;
}

/// <summary>The findings of every check on the saved text of an article, for the panel beside the editor and on the article page.</summary>
public sealed record FindingsModel(int ArticleId, Guid Version, IReadOnlyList<LnUnion.Portal.Checks.Finding> Findings, bool CanMask)
{
    public static string SeverityName(LnUnion.Portal.Checks.FindingSeverity severity) => severity switch
    {
        LnUnion.Portal.Checks.FindingSeverity.Serious => "严重",
        LnUnion.Portal.Checks.FindingSeverity.Warning => "警告",
        _ => "提示",
    };
}

/// <summary>The one-click 打码 of a personal number in the saved text: where, and the masked form it becomes.</summary>
public sealed class MaskInput
{
    public Guid Version { get; set; }

    [Required]
    [StringLength(300)]
    public string Place { get; set; } = string.Empty;

    [Required]
    [StringLength(300)]
    public string Masked { get; set; } = string.Empty;
}
