using System.Collections.Concurrent;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Publishing;

/// <summary>
/// A channel's public list, paged: how many articles the public sees, and where each page starts, held in memory so
/// that a list page neither counts a quarter of a million index entries nor skips them (<c>OFFSET</c>) on a cache miss.
/// </summary>
/// <remarks>
/// The order is <see cref="PublicVisibility.PinnedFirstPageAsync"/>'s: the articles pinned now, newest first, then the
/// rest by publish time and id, newest first. One read of the channel's index entries notes the (publish time, id) each
/// page's unpinned part starts at; a page is then one index seek from its start. Addresses stay <c>?page=N</c>.
/// <para>
/// What is held is dropped by every change that can alter it: a save through <see cref="PublicCache.ChangedAsync"/>
/// (admin changes and the scheduler), a site-wide change, and time itself — each channel's pages are held only until the
/// next moment one of its articles is due to appear, to expire or to lose its pin, so they never depend on when the
/// scheduler wakes. Only a single node holds them: with several, another node's article change would have to be
/// announced to every node, and a Redis message can arrive after a page was already rendered again from what it should
/// have dropped (announcing every article change also made every node reload its header each time, and the two-node
/// header test flaky). Several nodes count and skip as before.
/// </para>
/// </remarks>
public sealed class ChannelListPages
{
    private readonly ConcurrentDictionary<int, Held> _held = new();
    private readonly SiteWideChanges _siteWide;
    private long _generation;

    public ChannelListPages(SiteWideChanges siteWide)
    {
        _siteWide = siteWide;
        siteWide.Changed += Forget;
    }

    public void Forget()
    {
        Interlocked.Increment(ref _generation);
        _held.Clear();
    }

    /// <summary>How many articles of the channel the public sees now.</summary>
    public async Task<int> CountAsync(PortalDbContext db, int channelId, DateTime nowUtc, CancellationToken cancellationToken) =>
        _siteWide.IsSingleNode
            ? (await HeldAsync(db, channelId, nowUtc, cancellationToken)).Count
            : await InChannel(db, channelId, nowUtc).CountAsync(cancellationToken);

    /// <summary>Page <paramref name="pageNumber"/> (from 1) of the channel's list, <see cref="ChannelModel.PageSize"/> articles a page.</summary>
    public async Task<List<ArticleListItem>> PageAsync(PortalDbContext db, int channelId, DateTime nowUtc, int pageNumber, CancellationToken cancellationToken)
    {
        const int pageSize = ChannelModel.PageSize;
        var skip = (pageNumber - 1) * pageSize;
        var visible = InChannel(db, channelId, nowUtc);
        if (!_siteWide.IsSingleNode)
        {
            return await visible.PinnedFirstPageAsync(nowUtc, skip, pageSize, cancellationToken);
        }

        var held = await HeldAsync(db, channelId, nowUtc, cancellationToken);
        var pinnedIds = held.PinnedIds.Skip(skip).Take(pageSize).ToList();
        var page = await RowsAsync(db, pinnedIds, cancellationToken);
        var rest = pageSize - page.Count;
        var unpinnedSkip = Math.Max(0, skip - held.PinnedIds.Count);
        if (rest > 0 && unpinnedSkip < held.Count - held.PinnedIds.Count)
        {
            var unpinned = visible;
            if (unpinnedSkip > 0)
            {
                // Every page's unpinned part starts at a multiple of the page size past the pinned ones (see HeldAsync).
                var start = held.PageStarts[(unpinnedSkip - held.FirstStart) / pageSize];
                unpinned = db.Articles.AsNoTracking().VisibleToPublicUpTo(start.PublishAt, nowUtc)
                    .Where(a => a.ChannelId == channelId && (a.PublishAt < start.PublishAt || a.Id <= start.Id));
            }

            var ids = await unpinned.NotPinnedNow(nowUtc).Newest().Take(rest).Select(a => a.Id).ToListAsync(cancellationToken);
            page.AddRange(await RowsAsync(db, ids, cancellationToken));
        }

        return page;
    }

    /// <summary>
    /// The rows of articles already chosen through the visibility rule, in the order chosen. By primary key alone: with
    /// the rule repeated, SQLite walks the channel's list index to find them (half a second at 250,000 articles).
    /// </summary>
    private static async Task<List<ArticleListItem>> RowsAsync(PortalDbContext db, List<int> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await db.Articles.AsNoTracking().Where(a => ids.Contains(a.Id)).Select(PublicVisibility.ListItem).ToDictionaryAsync(a => a.Id, cancellationToken);
        return ids.Where(rows.ContainsKey).Select(id => rows[id]).ToList();
    }

    private static IQueryable<Article> InChannel(PortalDbContext db, int channelId, DateTime nowUtc) =>
        db.Articles.AsNoTracking().VisibleToPublic(nowUtc).Where(a => a.ChannelId == channelId);

    private async Task<Held> HeldAsync(PortalDbContext db, int channelId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        const int pageSize = ChannelModel.PageSize;
        if (_held.TryGetValue(channelId, out var held) && nowUtc < held.ValidUntilUtc)
        {
            return held;
        }

        // A change that lands while reading must not leave what was read before it held.
        var generation = Interlocked.Read(ref _generation);
        var visible = InChannel(db, channelId, nowUtc);
        var pinned = await visible.PinnedNow(nowUtc).Newest().Select(a => new { a.Id, a.PinnedUntil }).ToListAsync(cancellationToken);

        // Page n (from 0) starts at item n × size; past the pinned ones that is unpinned item n × size − pinned, so the
        // starts are the unpinned items at firstStart, firstStart + size, … (a page of pinned ones only needs none).
        var firstStart = (pageSize - pinned.Count % pageSize) % pageSize;
        var starts = new List<PageStart>();
        var unpinnedCount = 0;
        await foreach (var key in visible.NotPinnedNow(nowUtc).Newest().Select(a => new PageStart(a.PublishAt!.Value, a.Id)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (unpinnedCount >= firstStart && (unpinnedCount - firstStart) % pageSize == 0)
            {
                starts.Add(key);
            }

            unpinnedCount++;
        }

        var published = db.Articles.AsNoTracking().Where(a => a.ChannelId == channelId && a.Status == ArticleStatus.Published);
        var nextPublish = await published.Where(a => a.PublishAt > nowUtc).MinAsync(a => a.PublishAt, cancellationToken);
        var nextExpiry = await published.Where(a => a.ExpiresAt > nowUtc).MinAsync(a => a.ExpiresAt, cancellationToken);
        var validUntil = pinned.Select(p => p.PinnedUntil).Append(nextPublish).Append(nextExpiry)
            .Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(DateTime.MaxValue).Min();
        held = new Held(pinned.Count + unpinnedCount, pinned.Select(p => p.Id).ToList(), firstStart, starts, validUntil);
        if (Interlocked.Read(ref _generation) == generation)
        {
            _held[channelId] = held;
            if (Interlocked.Read(ref _generation) != generation)
            {
                _held.TryRemove(channelId, out _);
            }
        }

        return held;
    }

    private readonly record struct PageStart(DateTime PublishAt, int Id);

    private sealed record Held(int Count, List<int> PinnedIds, int FirstStart, List<PageStart> PageStarts, DateTime ValidUntilUtc);
}
