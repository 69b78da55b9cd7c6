using System.Linq.Expressions;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using Microsoft.EntityFrameworkCore;

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

    /// <summary>
    /// One page of a list: pinned articles (whose pin has not lapsed) first, then the newest.
    /// </summary>
    /// <remarks>
    /// Sorting on "is pinned now" would make the database sort every visible article of the channel. Instead the
    /// few pinned ones are read on their own, and the rest are read in index order (publish time, then id), so a
    /// page costs the same whether the channel holds a hundred articles or a hundred thousand.
    /// </remarks>
    public static async Task<List<ArticleListItem>> PinnedFirstPageAsync(this IQueryable<Article> visible, DateTime nowUtc, int skip, int take, CancellationToken cancellationToken)
    {
        var pinned = await visible.PinnedNow(nowUtc).Newest()
            .Select(ListItem)
            .ToListAsync(cancellationToken);
        var page = pinned.Skip(skip).Take(take).ToList();
        if (page.Count < take)
        {
            // Ids first: skipping thousands of entries then reads only the index, and just this page's rows are fetched.
            var ids = await visible.NotPinnedNow(nowUtc).Newest()
                .Skip(Math.Max(0, skip - pinned.Count))
                .Take(take - page.Count)
                .Select(a => a.Id)
                .ToListAsync(cancellationToken);
            page.AddRange(await visible.Where(a => ids.Contains(a.Id)).Newest().Select(ListItem).ToListAsync(cancellationToken));
        }

        return page;
    }

    /// <summary>One page newest first, no article pinned: a topic's list gathers many channels, whose pins are their own.</summary>
    public static Task<List<ArticleListItem>> NewestPageAsync(this IQueryable<Article> visible, int skip, int take, CancellationToken cancellationToken) =>
        visible.Newest().Skip(skip).Take(take)
            .Select(a => new ArticleListItem(a.Id, a.Title, a.Channel.Name, a.PublishAt!.Value, false))
            .ToListAsync(cancellationToken);

    /// <summary>The articles whose pin holds now: they head their channel's list.</summary>
    public static IQueryable<Article> PinnedNow(this IQueryable<Article> articles, DateTime nowUtc) =>
        articles.Where(a => a.IsPinned && (a.PinnedUntil == null || a.PinnedUntil > nowUtc));

    public static IQueryable<Article> NotPinnedNow(this IQueryable<Article> articles, DateTime nowUtc) =>
        articles.Where(a => !(a.IsPinned && (a.PinnedUntil == null || a.PinnedUntil > nowUtc)));

    /// <summary>Newest first: publish time, then id, the order of the list indexes.</summary>
    public static IOrderedQueryable<Article> Newest(this IQueryable<Article> articles) =>
        articles.OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id);

    public static readonly Expression<Func<Article, ArticleListItem>> ListItem =
        a => new ArticleListItem(a.Id, a.Title, a.Channel.Name, a.PublishAt!.Value, a.IsPinned);
}
