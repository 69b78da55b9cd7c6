using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Routing;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Search;

/// <summary>Following changes made elsewhere: other nodes' edits by UpdatedAt, and the periodic comparison with the database both ways.</summary>
public sealed partial class SearchIndex
{
    /// <summary>
    /// Re-indexes what changed since the last look: articles whose UpdatedAt moved (edited here or on another node),
    /// pages and topics (edited, deleted or started since). Articles whose publish or expiry time passed are <see cref="ScheduledContentWatcher"/>'s to find.
    /// </summary>
    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var editsSince = LookBackFrom(_editsSeenUpTo);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var edited = await db.Articles.AsNoTracking()
            .Where(a => a.UpdatedAt > editsSince)
            .Select(a => new { a.Id, a.UpdatedAt })
            .ToListAsync(cancellationToken);
        var pages = await db.Pages.AsNoTracking().Select(p => new { p.Slug, p.UpdatedAt }).ToListAsync(cancellationToken);

        var articleIds = edited
            .Where(a => !_articleStamps.TryGetValue(a.Id, out var stamp) || stamp != a.UpdatedAt)
            .Select(a => a.Id)
            .ToList();
        var pageSlugs = pages
            .Where(p => PublicAddresses.IsStandingPage(p.Slug) && (!_pageStamps.TryGetValue(p.Slug, out var stamp) || stamp != p.UpdatedAt))
            .Select(p => p.Slug)
            .ToList();

        await WriteArticlesAsync(db, articleIds, now, cancellationToken);
        await WritePagesAsync(db, pageSlugs, cancellationToken);

        var topicsChanged = await WriteTopicsAsync(db, cancellationToken);

        var changed = articleIds.Count > 0 || pageSlugs.Count > 0 || topicsChanged;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (edited.Count > 0)
            {
                _editsSeenUpTo = new DateTime(Math.Max(_editsSeenUpTo.Ticks, edited.Max(a => a.UpdatedAt).Ticks), DateTimeKind.Utc);
            }

            // Older stamps can no longer be looked back on; forget them so the memory stays small.
            foreach (var (id, stamp) in _articleStamps)
            {
                if (stamp < LookBackFrom(_editsSeenUpTo))
                {
                    _articleStamps.TryRemove(id, out _);
                }
            }

            if (changed)
            {
                CommitLocked();
            }
        }
        finally
        {
            _gate.Release();
        }

        if (changed)
        {
            await cacheStore.EvictByTagAsync(PublicCache.Search, cancellationToken);
        }
    }

    /// <summary>
    /// The catch-up only looks forward from the newest change it has seen, so it misses rows written behind the app's
    /// back with older stamps, and keeps articles that a restored older database no longer has. Compares the count and
    /// newest UpdatedAt of the visible articles with the index's; only when they differ, compares every article's stamp
    /// and re-indexes or removes what differs.
    /// </summary>
    internal async Task CheckConsistencyAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var visible = db.Articles.AsNoTracking().VisibleToPublic(now);
        var count = await visible.CountAsync(cancellationToken);
        var newest = await visible.MaxAsync(a => (DateTime?)a.UpdatedAt, cancellationToken);
        var indexed = Indexed(Fields.Id);
        if (indexed is null)
        {
            return;
        }

        if (indexed.Count != count || (indexed.Count > 0 ? indexed.Values.Max() : 0) != (newest?.Ticks ?? 0))
        {
            // In order of publication, so what is written goes into the index oldest first, as a build would.
            var stamps = await visible.OrderBy(a => a.PublishAt).ThenBy(a => a.Id)
                .Select(a => new { a.Id, a.UpdatedAt }).ToDictionaryAsync(a => a.Id, a => a.UpdatedAt.Ticks, cancellationToken);
            var differing = stamps.Where(a => !indexed.TryGetValue(a.Key, out var ticks) || ticks != a.Value).Select(a => a.Key)
                .Concat(indexed.Keys.Where(id => !stamps.ContainsKey(id)))
                .ToList();
            await WriteArticlesAsync(db, differing, now, cancellationToken);
            await CommitAsync();
            await cacheStore.EvictByTagAsync(PublicCache.Search, cancellationToken);
            LogInconsistent(logger, differing.Count, indexed.Count, count);
        }

        await CheckLettersAsync(db, cancellationToken);
        _consistencyCheckedAt = now;
    }

    /// <summary>
    /// The published letters against the index: a few thousand ids at most, so compared every time. A letter's public
    /// text never changes once published, so its publication time is its stamp.
    /// </summary>
    private async Task CheckLettersAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var stamps = await MailboxPublication.VisibleToPublic(db.Letters.AsNoTracking())
            .ToDictionaryAsync(l => l.Id, l => l.PublishedAt!.Value.Ticks, cancellationToken);
        if (Indexed(Fields.LetterId) is not { } indexed)
        {
            return;
        }

        var differing = stamps.Where(l => !indexed.TryGetValue(l.Key, out var ticks) || ticks != l.Value).Select(l => l.Key)
            .Concat(indexed.Keys.Where(id => !stamps.ContainsKey(id)))
            .ToList();
        if (differing.Count > 0)
        {
            await WriteLettersAsync(db, differing, cancellationToken);
            await CommitAsync();
            await cacheStore.EvictByTagAsync(PublicCache.Search, cancellationToken);
        }
    }

    /// <summary>Each indexed article's (or letter's) id and stamp ticks; null while there is no index to read.</summary>
    private Dictionary<int, long>? Indexed(string idField)
    {
        var searchers = _searchers;
        if (searchers is null)
        {
            return null;
        }

        IndexSearcher searcher;
        try
        {
            searchers.MaybeRefreshBlocking();
            searcher = searchers.Acquire();
        }
        catch (ObjectDisposedException)
        {
            return null;
        }

        try
        {
            var articles = new Dictionary<int, long>();
            foreach (var leaf in searcher.IndexReader.Leaves)
            {
                var reader = leaf.AtomicReader;
                var ids = reader.GetNumericDocValues(idField);
                var updated = reader.GetNumericDocValues(Fields.Updated);
                if (ids is null || updated is null)
                {
                    continue;
                }

                var live = reader.LiveDocs;
                for (var doc = 0; doc < reader.MaxDoc; doc++)
                {
                    if ((live is null || live.Get(doc)) && ids.Get(doc) is var id and > 0)
                    {
                        articles[(int)id] = updated.Get(doc);
                    }
                }
            }

            return articles;
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    private static DateTime LookBackFrom(DateTime seenUpTo) => seenUpTo - ClockSkew < DateTime.MinValue + ClockSkew ? DateTime.MinValue : seenUpTo - ClockSkew;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The search index in {Path} is missing or incomplete; rebuilding it")]
    private static partial void LogMissing(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The search index differed from the database ({Indexed} articles indexed, {Visible} visible): re-indexed or removed {Count}")]
    private static partial void LogInconsistent(ILogger logger, int count, int indexed, int visible);
}
