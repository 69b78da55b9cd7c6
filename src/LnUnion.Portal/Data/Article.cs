using LnUnion.Portal.Rendering;


namespace LnUnion.Portal.Data;

public enum ArticleStatus
{
    Draft = 0,
    InReview = 1,
    Published = 2,
    Rejected = 3,
    Withdrawn = 4,
}

/// <summary>What sort of text an article is, which decides the structured box shown with it.</summary>
public enum ArticleKind
{
    Standard = 0,

    /// <summary>公示: open to objections for a period, with the contact for 异议 (see <see cref="PublicityDetails"/>).</summary>
    Publicity = 1,
}

public class Article : IVersioned, IRenderedMarkdown
{
    public int Id { get; set; }

    public int ChannelId { get; set; }
    public Channel Channel { get; set; } = null!;

    public required string Title { get; set; }
    public string? Summary { get; set; }
    public required string BodyMarkdown { get; set; }
    public string? BodyHtml { get; set; }
    public string? BodyExcerpt { get; set; }

    public int? CoverImageId { get; set; }
    public MediaFile? CoverImage { get; set; }

    public string? Author { get; set; }

    /// <summary>来源: the department or outlet the text comes from.</summary>
    public string? Source { get; set; }

    public ArticleStatus Status { get; set; }

    /// <summary>UTC. A time in the future means the article is scheduled.</summary>
    public DateTime? PublishAt { get; set; }

    /// <summary>UTC. From this time on the article is no longer shown.</summary>
    public DateTime? ExpiresAt { get; set; }

    /// <summary>
    /// Why an administrator set a publish time earlier than the moment of publication (补发 of an older notice, say);
    /// nobody else may back-date an article.
    /// </summary>
    public string? BackdatedReason { get; set; }

    /// <summary>UTC. When the public text last changed after publication (an approved change): shown as 更新时间.</summary>
    public DateTime? RevisedAt { get; set; }

    public bool IsPinned { get; set; }

    /// <summary>UTC. When set, the pin lapses at this time.</summary>
    public DateTime? PinnedUntil { get; set; }

    /// <summary>
    /// 在焦点图中显示: the editor's mark for the home page's image news. Only a public article with a cover image is
    /// shown; the mark alone never makes a slide, so removing the cover takes the article out with no second step.
    /// </summary>
    public bool ShowInFocus { get; set; }

    public long ViewCount { get; set; }

    /// <summary>Seeded example content that editors are expected to replace.</summary>
    public bool IsSample { get; set; }

    /// <summary>
    /// The revision waiting for review while the published text stays live.
    /// Null when nothing is pending.
    /// </summary>
    public int? PendingRevisionId { get; set; }
    public ArticleRevision? PendingRevision { get; set; }

    public InspectionDetails Inspection { get; set; } = new();

    public ArticleKind Kind { get; set; }

    /// <summary>The 公示期 and 异议 contact; used only while <see cref="Kind"/> is <see cref="ArticleKind.Publicity"/>.</summary>
    public PublicityDetails Publicity { get; set; } = new();

    /// <summary>
    /// When the current review round began: the article (or its pending revision) was submitted. Null when no
    /// review is under way. Approvals recorded since then count towards the channel's review levels.
    /// </summary>
    public DateTime? SubmittedAt { get; set; }
    public string? SubmittedById { get; set; }

    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public PortalUser? CreatedBy { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
    public PortalUser? UpdatedBy { get; set; }

    /// <summary>
    /// The key the new-article form was opened with. A second post of the same form (Back, then 保存 again, or a double
    /// click) finds the article the first made instead of making another.
    /// </summary>
    public Guid? CreationKey { get; set; }

    /// <summary>Changed on every save, so that two editors saving the same article cannot overwrite each other.</summary>
    public Guid Version { get; set; } = Guid.NewGuid();

    public List<ArticleRevision> Revisions { get; } = [];
    public List<ReviewRecord> Reviews { get; } = [];
    public List<ArticleAttachment> Attachments { get; } = [];
}

/// <summary>
/// The structured part of a notice in the inspection channel (巡视工作): who inspects, and how the public can
/// reach them during the acceptance period. Every field is optional; the box is shown when any is set.
/// </summary>
public class InspectionDetails
{
    public string? Team { get; set; }
    public DateOnly? AcceptFrom { get; set; }
    public DateOnly? AcceptTo { get; set; }
    public string? Hotline { get; set; }
    public string? PostalBox { get; set; }
    public string? Email { get; set; }

    public bool IsEmpty =>
        Team is null && AcceptFrom is null && AcceptTo is null && Hotline is null && PostalBox is null && Email is null;
}

/// <summary>
/// A 公示: the period in which anyone may object, and where objections go. Staff enter every field; none is seeded.
/// </summary>
public class PublicityDetails
{
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string? ObjectionAddress { get; set; }
    public string? ObjectionPerson { get; set; }
    public string? ObjectionPhone { get; set; }
    public string? ObjectionEmail { get; set; }
}

public class ArticleAttachment
{
    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;

    public int MediaFileId { get; set; }
    public MediaFile MediaFile { get; set; } = null!;

    public int SortOrder { get; set; }
}
