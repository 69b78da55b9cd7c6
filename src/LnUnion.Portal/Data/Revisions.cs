using LnUnion.Portal.Rendering;


namespace LnUnion.Portal.Data;

/// <summary>
/// One saved version of an article. Every save adds one; none is ever changed. For a published article the newest
/// unapproved one is its <see cref="Article.PendingRevision"/>: everything the public would see differently once it
/// is approved — text, author, source, cover and attachments — waits here.
/// </summary>
public class ArticleRevision : IRenderedMarkdown
{
    public int Id { get; set; }

    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;

    public required string Title { get; set; }
    public string? Summary { get; set; }
    public required string BodyMarkdown { get; set; }
    public string? BodyHtml { get; set; }
    public string? BodyExcerpt { get; set; }

    public string? Author { get; set; }
    public string? Source { get; set; }

    public int? CoverImageId { get; set; }
    public MediaFile? CoverImage { get; set; }

    public List<ArticleRevisionAttachment> Attachments { get; } = [];

    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public PortalUser? CreatedBy { get; set; }

    /// <summary>Why this version was made, such as "恢复自修订 12".</summary>
    public string? Note { get; set; }
}

/// <summary>An attachment as one revision of an article has it.</summary>
public class ArticleRevisionAttachment
{
    public int RevisionId { get; set; }
    public ArticleRevision Revision { get; set; } = null!;

    public int MediaFileId { get; set; }
    public MediaFile MediaFile { get; set; } = null!;

    public int SortOrder { get; set; }
}

/// <summary>One saved version of a page.</summary>
public class PageRevision : IRenderedMarkdown
{
    public int Id { get; set; }

    public int PageId { get; set; }
    public Page Page { get; set; } = null!;

    public required string Title { get; set; }
    public required string BodyMarkdown { get; set; }
    public string? BodyHtml { get; set; }
    public string? BodyExcerpt { get; set; }

    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public PortalUser? CreatedBy { get; set; }

    public string? Note { get; set; }
}

public enum ReviewDecision
{
    Approved = 0,
    Rejected = 1,
}

/// <summary>One reviewer's decision at one level of an article's review.</summary>
public class ReviewRecord
{
    public int Id { get; set; }

    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;

    /// <summary>The revision that was reviewed.</summary>
    public int? RevisionId { get; set; }
    public ArticleRevision? Revision { get; set; }

    public int Level { get; set; }

    public string? ReviewerId { get; set; }
    public PortalUser? Reviewer { get; set; }

    public ReviewDecision Decision { get; set; }
    public string? Reason { get; set; }

    /// <summary>The reviewer of the last level confirmed 保密审查: nothing in the article is secret or internal.</summary>
    public bool SecrecyConfirmed { get; set; }

    /// <summary>The serious findings the reviewer confirmed, one by one, with their reasons.</summary>
    public List<Publishing.FindingConfirmation> Confirmations { get; } = [];

    public DateTime At { get; set; }
}
