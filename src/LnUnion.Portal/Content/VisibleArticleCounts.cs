using System.Collections.Concurrent;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Content;

/// <summary>
/// How many articles of a channel the public sees, held in memory so that a list page does not count a quarter of a
/// million index entries on every cache miss only to print its page count.
/// </summary>
/// <remarks>
/// A count is dropped by every change that can alter it: a save through <see cref="PublicCache.ChangedAsync"/> (admin
/// changes and the scheduler), a site-wide change, and time itself — each count is held only until the next moment an
/// article of its channel is due to appear or to expire, so it never depends on when the scheduler wakes. Only a single
/// node holds counts: with several, another node's article change would have to be announced to every node, and a
/// Redis message can arrive after a page was already rendered again from the count it should have dropped (announcing
/// every article change also made every node reload its header each time, and the two-node header test flaky).
/// </remarks>
public sealed class VisibleArticleCounts
{
    private readonly ConcurrentDictionary<int, Held> _counts = new();
    private readonly SiteWideChanges _siteWide;
    private long _generation;

    public VisibleArticleCounts(SiteWideChanges siteWide)
    {
        _siteWide = siteWide;
        siteWide.Changed += Forget;
    }

    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _counts.Clear();
    }

    public async Task<int> CountAsync(PortalDbContext db, int channelId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        if (_siteWide.IsSingleNode && _counts.TryGetValue(channelId, out var held) && nowUtc < held.ValidUntilUtc)
        {
            return held.Count;
        }

        // A change that lands while counting must not leave the count from before it held.
        var generation = Interlocked.Read(ref _generation);
        var articles = db.Articles.AsNoTracking().Where(a => a.ChannelId == channelId);
        var count = await articles.VisibleToPublic(nowUtc).CountAsync(cancellationToken);
        var published = articles.Where(a => a.Status == ArticleStatus.Published);
        var nextPublish = await published.Where(a => a.PublishAt > nowUtc).MinAsync(a => a.PublishAt, cancellationToken);
        var nextExpiry = await published.Where(a => a.ExpiresAt > nowUtc).MinAsync(a => a.ExpiresAt, cancellationToken);
        var validUntil = new[] { nextPublish, nextExpiry }.Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(DateTime.MaxValue).Min();
        if (Interlocked.Read(ref _generation) == generation)
        {
            _counts[channelId] = new Held(count, validUntil);
            if (Interlocked.Read(ref _generation) != generation)
            {
                _counts.TryRemove(channelId, out _);
            }
        }

        return count;
    }

    private sealed record Held(int Count, DateTime ValidUntilUtc);
}
