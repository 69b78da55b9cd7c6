using LnUnion.Portal.Data;

namespace LnUnion.Portal.Content;

/// <summary>
/// The one rule that decides what the public may see. Every public query of articles goes through it: pages,
/// lists, previous/next links, feeds, sitemap and search.
/// </summary>
public static class PublicVisibility
{
    public static IQueryable<Article> VisibleToPublic(this IQueryable<Article> articles, DateTime nowUtc) =>
        articles.Where(a => a.Status == ArticleStatus.Published
            && a.PublishAt != null && a.PublishAt <= nowUtc
            && (a.ExpiresAt == null || a.ExpiresAt > nowUtc));

    /// <summary>Pinned articles (whose pin has not lapsed) first, then the newest.</summary>
    public static IOrderedQueryable<Article> PinnedThenNewest(this IQueryable<Article> articles, DateTime nowUtc) =>
        articles
            .OrderByDescending(a => a.IsPinned && (a.PinnedUntil == null || a.PinnedUntil > nowUtc))
            .ThenByDescending(a => a.PublishAt)
            .ThenByDescending(a => a.Id);
}
