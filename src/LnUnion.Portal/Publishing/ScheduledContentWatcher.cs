using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Search;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Publishing;

/// <summary>
/// Scheduled articles must appear, and expired ones disappear, on time with nobody touching them. Nothing is written
/// at those moments, so this service — the only one that looks for them — notices them and hands them to
/// <see cref="PublicCache"/>, which updates the search index and evicts the cached pages they affect.
/// </summary>
public sealed partial class ScheduledContentWatcher(
    IServiceScopeFactory scopes,
    SearchIndex search,
    TimeProvider clock,
    IConfiguration configuration,
    ILogger<ScheduledContentWatcher> logger) : BackgroundService
{
    /// <summary>
    /// How often to look, so a page changes at most this long after its time on every node. Three index seeks a time;
    /// each node looks for itself, as each may have a cache of its own.
    /// </summary>
    public TimeSpan Interval { get; } = configuration.GetValue("Scheduling:CheckInterval", TimeSpan.FromMilliseconds(500));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateTime? checkedUpTo = null;
        var today = ChinaTime.Today(clock);
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var now = clock.GetUtcNow().UtcDateTime;
            try
            {
                // From where the search index last knew, so that what switched while the site was down is found too.
                checkedUpTo ??= search.SwitchesSeenUpTo ?? now - Interval;
                await EvictSwitchedAsync(checkedUpTo.Value, now, stoppingToken);
                if (ChinaTime.Today(clock) != today)
                {
                    // At midnight notice periods begin and end, topics are archived, and ended inspection notices leave the home page.
                    await EvictDateDependentAsync(stoppingToken);
                    today = ChinaTime.Today(clock);
                }

                // Last, so that whoever waits for the watcher to have seen a time also finds that day's pages evicted.
                checkedUpTo = now;
                search.SwitchesSeen(now);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Try the same window again on the next tick; a passing database error must not stop the watcher.
                LogCheckFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not check for scheduled or expiring articles")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);

    private async Task EvictDateDependentAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var cache = scope.ServiceProvider.GetRequiredService<PublicCache>();
        await cache.DayChangedAsync(cancellationToken);
    }

    internal async Task EvictSwitchedAsync(DateTime fromExclusive, DateTime toInclusive, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // Three index range scans rather than one OR, which would make the database read every published article.
        var published = db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published);
        var switched = await published.Where(a => a.PublishAt > fromExclusive && a.PublishAt <= toInclusive)
            .Concat(published.Where(a => a.ExpiresAt > fromExclusive && a.ExpiresAt <= toInclusive))
            .Concat(published.Where(a => a.PinnedUntil > fromExclusive && a.PinnedUntil <= toInclusive))
            .Select(a => new { a.Id, ChannelSlug = a.Channel.Slug })
            .Distinct()
            .ToListAsync(cancellationToken);
        if (switched.Count == 0)
        {
            return;
        }

        var changes = new ContentChangeSet(switched.Select(a => a.Id).ToHashSet(), switched.Select(a => a.ChannelSlug).ToHashSet(StringComparer.Ordinal), new HashSet<string>(), false);
        await scope.ServiceProvider.GetRequiredService<PublicCache>().ChangedAsync(changes, cancellationToken);
    }
}
