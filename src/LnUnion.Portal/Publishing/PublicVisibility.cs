using System.Linq.Expressions;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Publishing;

/// <summary>
/// The one rule that decides what the public may see. Every public query of articles goes through it: pages,
/// lists, previous/next links, feeds, sitemap and search.
/// </summary>
public static class PublicVisibility
{
    // Published no later than latestPublishAt, which is now itself for every query but a seek from a known article.
    private static readonly Expression<Func<Article, DateTime, DateTime, bool>> Rule = (a, latestPublishAt, nowUtc) =>
        a.Status == ArticleStatus.Published
        && a.PublishAt != null && a.PublishAt <= latestPublishAt
        && (a.ExpiresAt == null || a.ExpiresAt > nowUtc);

    public static IQueryable<Article> VisibleToPublic(this IQueryable<Article> articles, DateTime nowUtc)
    {
        var now = Parameter(nowUtc);
        return articles.Where(RuleAt(now, now));
    }

    /// <summary>
    /// What <see cref="VisibleToPublic"/> gives, published no later than <paramref name="latestPublishAt"/>: the
    /// articles before a visible one (previous link, a list page's start).
    /// </summary>
    /// <remarks>
    /// With "no later than now" beside "no later than the start", SQLite seeks the list index from now and walks every
    /// newer article of the channel, so a list page or a previous link cost as much as its depth (588 µs against 7 µs
    /// for a page near the end of a 5,000-article channel). One upper bound lets it seek straight to the start.
    /// </remarks>
    public static IQueryable<Article> VisibleToPublicUpTo(this IQueryable<Article> articles, DateTime latestPublishAt, DateTime nowUtc) =>
        articles.Where(RuleAt(Parameter(latestPublishAt < nowUtc ? latestPublishAt : nowUtc), Parameter(nowUtc)));

    /// <summary>
    /// Of the articles with these ids (a page of search results, a batch to index), the projection of each one the
    /// public may see.
    /// </summary>
    /// <remarks>
    /// The rule is worked out for each row in the SELECT rather than in the WHERE. In the WHERE, SQLite (which has no
    /// statistics here) takes the publication index for "Status = published" and walks every visible article to find
    /// the ten asked for: 66 ms at a million articles, against a tenth of a millisecond looking each id up by its key.
    /// </remarks>
    public static async Task<List<T>> VisibleAmongAsync<T>(this IQueryable<Article> articles, int[] ids, DateTime nowUtc,
        Expression<Func<Article, T>> projection, CancellationToken cancellationToken)
        where T : class =>
        [.. (await articles.VisibleAmong(ids, nowUtc, projection).ToListAsync(cancellationToken)).OfType<T>()];

    /// <summary>The query of <see cref="VisibleAmongAsync"/>: each id's projection if the public may see it, else null.</summary>
    internal static IQueryable<T?> VisibleAmong<T>(this IQueryable<Article> articles, int[] ids, DateTime nowUtc, Expression<Func<Article, T>> projection)
        where T : class
    {
        var article = Expression.Parameter(typeof(Article), "a");
        var now = Parameter(nowUtc);
        var rule = RuleAt(now, now);
        var visible = new ParameterSwap(rule.Parameters[0], article).Visit(rule.Body);
        // Only a visible row is projected: a draft's missing publish time must not be read into the projection.
        var row = Expression.Condition(visible, new ParameterSwap(projection.Parameters[0], article).Visit(projection.Body), Expression.Default(typeof(T)));
        return articles.Where(a => ids.Contains(a.Id)).Select(Expression.Lambda<Func<Article, T?>>(row, article));
    }

    /// <summary>
    /// A query compiled once (<see cref="EF.CompileAsyncQuery{TContext, TParam1, TParam2, TResult}(Expression{Func{TContext, TParam1, TParam2, CancellationToken, TResult}})"/>)
    /// skips building, hashing and comparing its expression tree on every run, which costs a page rendered afresh more
    /// than the database does. EF cannot look inside <see cref="VisibleToPublic"/> or <see cref="VisibleToPublicUpTo"/>
    /// there, so each call of them in <paramref name="query"/> is replaced by the rule itself before compiling. There the
    /// latest publish time of <see cref="VisibleToPublicUpTo"/> may be a column, of an article already visible.
    /// </summary>
    public static Func<PortalDbContext, TParam, DateTime, CancellationToken, Task<TResult>> Compile<TParam, TResult>(
        Expression<Func<PortalDbContext, TParam, DateTime, CancellationToken, TResult>> query) =>
        EF.CompileAsyncQuery((Expression<Func<PortalDbContext, TParam, DateTime, CancellationToken, TResult>>)new RuleInliner().Visit(query));

    private static MemberExpression Parameter(DateTime value) => Expression.Field(Expression.Constant(new Instant(value)), nameof(Instant.Value));

    private static Expression<Func<Article, bool>> RuleAt(Expression latestPublishAt, Expression nowUtc)
    {
        // A parameter of its own for each use, so that no two lambdas of one query declare the same one.
        var article = Expression.Parameter(typeof(Article), "a");
        var body = new ParameterSwap(Rule.Parameters[0], article).Visit(
            new ParameterSwap(Rule.Parameters[1], latestPublishAt).Visit(
                new ParameterSwap(Rule.Parameters[2], nowUtc).Visit(Rule.Body)));
        return Expression.Lambda<Func<Article, bool>>(body, article);
    }

    /// <summary>A time EF sends as a parameter: a constant would make each instant a query of its own.</summary>
    private sealed class Instant(DateTime value)
    {
        public readonly DateTime Value = value;
    }

    private sealed class ParameterSwap(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }

    private sealed class RuleInliner : ExpressionVisitor
    {
        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType != typeof(PublicVisibility))
            {
                return base.VisitMethodCall(node);
            }

            var source = Visit(node.Arguments[0]);
            var rule = node.Method.Name switch
            {
                nameof(VisibleToPublic) => RuleAt(Visit(node.Arguments[1]), Visit(node.Arguments[1])),
                nameof(VisibleToPublicUpTo) => RuleAt(Visit(node.Arguments[1]), Visit(node.Arguments[2])),
                _ => throw new NotSupportedException($"{node.Method.Name} cannot be used in a compiled query."),
            };
            return Expression.Call(typeof(Queryable), nameof(Queryable.Where), [typeof(Article)], source, Expression.Quote(rule));
        }
    }

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
        var unpinnedSkip = Math.Max(0, skip - pinned.Count);
        var unpinned = visible.NotPinnedNow(nowUtc).Newest();
        if (page.Count < take && unpinnedSkip == 0)
        {
            // A first page (the home page's lists): nothing to skip, so the rows come with the same walk of the index.
            page.AddRange(await unpinned.Take(take - page.Count).Select(ListItem).ToListAsync(cancellationToken));
        }
        else if (page.Count < take)
        {
            // Ids first: skipping thousands of entries then reads only the index, and just this page's rows are fetched.
            var ids = await unpinned
                .Skip(unpinnedSkip)
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
