namespace LnUnion.Portal.Checks;

/// <summary>How much a finding matters to an inspection: a veto item fails the whole site on its own.</summary>
public enum FindingSeverity
{
    /// <summary>Worth fixing, never blocks: a typo, a skipped heading level.</summary>
    Notice = 0,

    /// <summary>Should be fixed before publication: an image without alt text, a dead link.</summary>
    Warning = 1,

    /// <summary>An inspection veto item: a sensitive word, unmasked personal data, a leader with a wrong title.</summary>
    Serious = 2,
}

/// <summary>
/// One problem found in an article. <see cref="Kind"/> is a short stable code (e.g. "sensitive-word", "id-number",
/// "dead-link") that the report groups by; <see cref="Place"/> says where, in words an editor understands
/// (标题, 摘要, 正文, 附件 name); <see cref="Found"/> is the offending text as written.
/// </summary>
public sealed record Finding(
    string Kind,
    FindingSeverity Severity,
    string Place,
    string Found,
    string Message,
    string? Suggestion = null);

/// <summary>The text of an article as a check sees it: the live version, or the revision under review.</summary>
public sealed record CheckedArticle(
    int ArticleId,
    string Title,
    string? Summary,
    string BodyMarkdown,
    IReadOnlyList<int> AttachmentMediaIds);

/// <summary>
/// One kind of pre-publication check. The editor, the review step and the full-site scan all run every registered
/// check, so a new check is written once and registered once.
/// </summary>
public interface IArticleCheck
{
    Task<IReadOnlyList<Finding>> CheckAsync(CheckedArticle article, CancellationToken cancellationToken);
}
