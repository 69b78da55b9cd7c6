using System.Collections.Concurrent;
using System.Globalization;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Search;

/// <summary>
/// The Lucene index of everything the public may see: visible articles, the standing pages, the public topics (专题,
/// archived ones too: they are still at their address) and the published exchanges of the 职工信箱 (their masked text only, as <see cref="MailboxPublication.Exchange"/> shows it). It is a copy, rebuilt
/// from the database whenever it is missing or of an older layout; the database stays the truth.
/// </summary>
/// <remarks>
/// <see cref="PublicCache"/> calls <see cref="ContentChangedAsync"/> wherever a change evicts cached pages (the admin
/// area and the scheduler), so the index follows at once. Every few seconds it
/// also re-reads articles whose UpdatedAt moved, which brings in changes made on other web nodes. Letters come through
/// <see cref="LetterChangedAsync"/>, which <see cref="MailboxPublication.ChangedAsync"/> calls; a letter published or
/// withdrawn on another node is found by the consistency check, within <see cref="SearchOptions.ConsistencyCheckInterval"/>.
/// </remarks>
public sealed partial class SearchIndex(
    IOptions<SearchOptions> options,
    IWebHostEnvironment environment,
    IServiceScopeFactory scopes,
    MarkdownRenderer markdown,
    IOutputCacheStore cacheStore,
    TimeProvider clock,
    ILogger<SearchIndex> logger) : BackgroundService
{
    /// <summary>Raise when the fields, the analysis or the order of documents change: an index of another layout is rebuilt at start-up.</summary>
    private const string Layout = "4";

    private const int BatchSize = 500;

    /// <summary>Web nodes' clocks differ a little; look back this far past the newest change already seen.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(2);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<int, DateTime> _articleStamps = new();
    private readonly ConcurrentDictionary<string, DateTime> _pageStamps = new();
    private readonly ConcurrentDictionary<int, (DateTime Updated, bool Public)> _topicStamps = new();
    private volatile bool _topicsRead;
    private FSDirectory? _directory;
    private IndexWriter? _writer;
    private volatile SearcherManager? _searchers;
    private volatile bool _complete;
    private DateTime _editsSeenUpTo;
    private DateTime _switchesSeenUpTo;
    private DateTime _consistencyCheckedAt = DateTime.MinValue;

    public string IndexPath { get; } = Path.GetFullPath(options.Value.IndexPath, environment.ContentRootPath);

    /// <summary>False while the index is first being built; searches then say so rather than show too few results.</summary>
    public bool IsReady => _complete && _searchers is not null;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await OpenAsync();
            if (!_complete && await CountVisibleAsync(cancellationToken) <= options.Value.BuildBeforeStartLimit)
            {
                await RebuildAsync(cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The site works without search; the background loop tries again.
            LogFailed(logger, ex);
        }

        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CatchUpInterval, clock);
        do
        {
            try
            {
                if (!await IsIntactAsync())
                {
                    // Deleted by hand, or never opened: start afresh from the database.
                    if (_directory is not null)
                    {
                        LogMissing(logger, IndexPath);
                    }

                    await OpenAsync();
                }

                if (_complete)
                {
                    await CatchUpAsync(stoppingToken);
                    if (clock.GetUtcNow().UtcDateTime - _consistencyCheckedAt >= options.Value.ConsistencyCheckInterval)
                    {
                        await CheckConsistencyAsync(stoppingToken);
                    }
                }
                else
                {
                    await RebuildAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>
    /// Re-reads the articles through the visibility rule (indexed if the public may see them, removed if not), the
    /// pages and, when <paramref name="topics"/>, the topics, and commits once.
    /// </summary>
    public async Task ContentChangedAsync(IReadOnlyCollection<int> articleIds, IReadOnlyCollection<string> pageSlugs, bool topics, CancellationToken cancellationToken = default)
    {
        if (_writer is null || (articleIds.Count == 0 && pageSlugs.Count == 0 && !topics))
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            await WriteArticlesAsync(db, [.. articleIds], clock.GetUtcNow().UtcDateTime, cancellationToken);
            await WritePagesAsync(db, [.. pageSlugs], cancellationToken);
            if (topics)
            {
                await WriteTopicsAsync(db, cancellationToken);
            }

            await CommitAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is saved; the catch-up loop indexes it, and results are checked against the database anyway.
            LogFailed(logger, ex);
        }
    }

    /// <summary>A letter's public state may have changed: indexed if the public may see it, removed if not.</summary>
    public async Task LetterChangedAsync(int letterId, CancellationToken cancellationToken = default)
    {
        if (_writer is null)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await WriteLettersAsync(scope.ServiceProvider.GetRequiredService<PortalDbContext>(), [letterId], cancellationToken);
            await CommitAsync();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The change is saved; the consistency check indexes it.
            LogFailed(logger, ex);
        }
    }

    /// <summary>
    /// Up to when scheduled publications and expiries have been looked for: kept with the index, so that those that
    /// passed while the site was down are still found. Null when this index has none to offer (it is being built, and
    /// the build reads the visible articles as they are).
    /// </summary>
    public DateTime? SwitchesSeenUpTo => _complete && _switchesSeenUpTo > DateTime.MinValue ? _switchesSeenUpTo : null;

    /// <summary><see cref="ScheduledContentWatcher"/> has handled every switch up to this time; kept at the next commit.</summary>
    public void SwitchesSeen(DateTime upToUtc) => _switchesSeenUpTo = upToUtc;

    private static string ArticleKey(int id) => "a:" + id.ToString(CultureInfo.InvariantCulture);

    private static string PageKey(string slug) => "p:" + slug;

    private static string LetterKey(int id) => "l:" + id.ToString(CultureInfo.InvariantCulture);

    private const string TopicKeyPrefix = "t:";

    private static string TopicKey(int id) => TopicKeyPrefix + id.ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The search index could not be updated")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    private static class Fields
    {
        public const string Key = "key";
        public const string Channel = "channel";
        public const string Published = "published";

        /// <summary>An article's id and UpdatedAt ticks, read back by the consistency check; pages have neither.</summary>
        public const string Id = "id";
        public const string Updated = "updated";

        /// <summary>A published letter's id; with <see cref="Updated"/> holding its publication ticks.</summary>
        public const string LetterId = "letter";
    }
}
