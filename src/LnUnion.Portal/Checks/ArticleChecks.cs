using LnUnion.Portal.Data;

namespace LnUnion.Portal.Checks;

/// <summary>Runs every registered <see cref="IArticleCheck"/> over an article, most serious findings first.</summary>
public sealed class ArticleChecks(IEnumerable<IArticleCheck> checks)
{
    public async Task<IReadOnlyList<Finding>> RunAsync(CheckedArticle article, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var check in checks)
        {
            findings.AddRange(await check.CheckAsync(article, cancellationToken));
        }

        return [.. findings.OrderByDescending(f => f.Severity)];
    }

    /// <summary>
    /// What the public will see once the article's review passes: its pending change if it has one, else its own text,
    /// with the attachments of the same.
    /// </summary>
    public static CheckedArticle Proposed(Article article) => article.PendingRevision is { } pending && article.Status == ArticleStatus.Published
        ? new CheckedArticle(article.Id, pending.Title, pending.Summary, pending.BodyMarkdown, [.. pending.Attachments.OrderBy(a => a.SortOrder).Select(a => a.MediaFileId)])
        : new CheckedArticle(article.Id, article.Title, article.Summary, article.BodyMarkdown, [.. article.Attachments.OrderBy(a => a.SortOrder).Select(a => a.MediaFileId)]);

    /// <summary>The findings a reviewer must confirm one by one before approving.</summary>
    public static IReadOnlyList<Finding> NeedingConfirmation(IEnumerable<Finding> findings) =>
        [.. findings.Where(f => f.Severity == FindingSeverity.Serious)];
}
