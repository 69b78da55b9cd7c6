using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Site;

/// <summary>
/// Counts article reads in memory and adds them to the database every few seconds, and once more on shutdown.
/// </summary>
/// <remarks>
/// A write per read would make the busiest pages the slowest, and the read cannot be counted by the article page
/// itself, which is output-cached and so usually never runs. site.js asks <c>/articles/{id}/hit</c> instead.
/// Writes add to the stored numbers (<c>ViewCount + n</c>), so several web nodes can each flush their own counts.
/// A crash loses at most <see cref="SiteOptions.ViewCountFlushSeconds"/> of reads; a clean stop loses none.
/// </remarks>
public sealed partial class ViewCounter(
    IServiceScopeFactory scopes,
    IOptions<SiteOptions> options,
    TimeProvider clock,
    ILogger<ViewCounter> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<int, long> _pending = new();

    // One flush at a time, so that a flush that returns has written everything counted before it began.
    private readonly SemaphoreSlim _flushing = new(1, 1);

    public void Count(int articleId) => _pending.AddOrUpdate(articleId, 1, (_, count) => count + 1);

    /// <summary>Reads counted but not yet written.</summary>
    public long Pending(int articleId) => _pending.GetValueOrDefault(articleId);

    /// <summary>
    /// Crawlers, link previews and scripts are not readers. Browsers all send a User-Agent starting "Mozilla/".
    /// </summary>
    public static bool IsReader(string? userAgent) =>
        userAgent is not null && userAgent.StartsWith("Mozilla/", StringComparison.Ordinal) && !NotAReader().IsMatch(userAgent);

    public async Task FlushAsync(CancellationToken cancellationToken = default)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            var taken = new Dictionary<int, long>();
            foreach (var id in _pending.Keys)
            {
                if (_pending.TryRemove(id, out var count))
                {
                    taken[id] = count;
                }
            }

            if (taken.Count == 0)
            {
                return;
            }

            try
            {
                await WriteAsync(taken, cancellationToken);
            }
            catch
            {
                // Keep them for the next flush rather than lose them.
                foreach (var (id, count) in taken)
                {
                    _pending.AddOrUpdate(id, count, (_, more) => more + count);
                }

                throw;
            }
        }
        finally
        {
            _flushing.Release();
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFlushFailed(logger, ex);
        }
    }

    public override void Dispose()
    {
        _flushing.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.ViewCountFlushSeconds)), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The counts stay in memory; the next tick tries again.
                LogFlushFailed(logger, ex);
            }
        }
    }

    private async Task WriteAsync(Dictionary<int, long> counts, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // Reads in the seconds around midnight may land on the next day; the chart does not notice.
        var today = ChinaTime.Today(clock);
        var total = counts.Values.Sum();

        if (!await db.DailyViewCounts.AnyAsync(d => d.Day == today, cancellationToken))
        {
            db.DailyViewCounts.Add(new DailyViewCount { Day = today });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another node added today's row first; the update below adds to it.
                db.ChangeTracker.Clear();
            }
        }

        // SQL Server retries on transient errors, which needs the whole transaction inside its strategy.
        await db.Database.CreateExecutionStrategy().ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (id, count) in counts)
            {
                await db.Articles.Where(a => a.Id == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(a => a.ViewCount, a => a.ViewCount + count), cancellationToken);
            }

            await db.DailyViewCounts.Where(d => d.Day == today)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.Views, d => d.Views + total), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write the view counts; they are kept for the next try")]
    private static partial void LogFlushFailed(ILogger logger, Exception exception);

    [GeneratedRegex("bot|crawl|spider|slurp|preview|headless|lighthouse|facebookexternalhit|python|curl|wget", RegexOptions.IgnoreCase)]
    private static partial Regex NotAReader();
}
