using System.Collections.Concurrent;
using System.Globalization;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Models;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Topics;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Search;

public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>The Lucene index folder, outside wwwroot; relative paths are under the content root. One per web node, never shared.</summary>
    public string IndexPath { get; set; } = "App_Data/search-index";

    /// <summary>
    /// How often each node picks up changes made on other nodes and checks that its index folder still exists: often,
    /// so a search on one node finds what another published within a second. Each look is an index seek on UpdatedAt.
    /// </summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often each node compares its index with the database (count and newest change of the visible articles) and
    /// re-indexes what differs, both ways: rows imported behind the app's back, or a restored older database. Also at start.
    /// </summary>
    public TimeSpan ConsistencyCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Up to this many visible articles, a missing index is built before the site answers; above it, in the background.</summary>
    public int BuildBeforeStartLimit { get; set; } = 5000;
}

/// <summary>A result: an article's id, a standing page's slug, a published letter's id or a topic's (专题) id.</summary>
public sealed record SearchHit(int? ArticleId, string? PageSlug, int? LetterId = null, int? TopicId = null);

public sealed record SearchHits(int Total, IReadOnlyList<SearchHit> Hits);

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
    /// <summary>Raise when the fields or the analysis change: an index of another layout is rebuilt at start-up.</summary>
    private const string Layout = "3";

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

    /// <summary>
    /// Best matches first; null while the index is not ready. A date range (from inclusive, to exclusive, UTC) or a
    /// channel leaves out the standing pages, which have neither.
    /// </summary>
    public SearchHits? Search(SearchQuery query, string? channelSlug, DateTime? fromUtc, DateTime? toUtc, int skip, int take)
    {
        var searchers = _searchers;
        if (!_complete || searchers is null || query.IsEmpty)
        {
            return null;
        }

        IndexSearcher searcher;
        try
        {
            searcher = searchers.Acquire();
        }
        catch (ObjectDisposedException)
        {
            // The index is being replaced after its folder went missing.
            return null;
        }

        try
        {
            var top = searcher.Search(query.ToLuceneQuery(), Filter(channelSlug, fromUtc, toUtc), skip + take);
            var hits = top.ScoreDocs.Skip(skip)
                .Select(d => ToHit(searcher.Doc(d.Doc).Get(Fields.Key, CultureInfo.InvariantCulture)))
                .OfType<SearchHit>()
                .ToList();
            return new SearchHits(top.TotalHits, hits);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>How many times the index has been built since start-up.</summary>
    internal int BuildCount { get; private set; }

    /// <summary>The text of a published exchange as indexed and as its snippet is cut from: masked, like its page.</summary>
    public static string LetterText(PublishedExchange exchange) => exchange.Question + "\n\n" + exchange.Answer;

    /// <summary>The text of an article as indexed and as its snippet is cut from.</summary>
    public static string ArticleText(MarkdownRenderer markdown, string? summary, string bodyMarkdown) =>
        markdown.ToPlainText(string.IsNullOrWhiteSpace(summary) ? bodyMarkdown : summary + "\n\n" + bodyMarkdown, int.MaxValue);

    public override void Dispose()
    {
        base.Dispose();
        _searchers?.Dispose();
        _writer?.Dispose();
        _directory?.Dispose();
        _gate.Dispose();
    }

    private static QueryWrapperFilter? Filter(string? channelSlug, DateTime? fromUtc, DateTime? toUtc)
    {
        var filter = new BooleanQuery();
        if (channelSlug is not null)
        {
            filter.Add(new TermQuery(new Term(Fields.Channel, channelSlug)), Occur.MUST);
        }

        if (fromUtc is not null || toUtc is not null)
        {
            filter.Add(NumericRangeQuery.NewInt64Range(Fields.Published, fromUtc?.Ticks, toUtc?.Ticks, true, false), Occur.MUST);
        }

        return filter.Clauses.Count == 0 ? null : new QueryWrapperFilter(filter);
    }

    private static SearchHit? ToHit(string? key) => key switch
    {
        ['a', ':', .. var id] when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var articleId) => new SearchHit(articleId, null),
        ['p', ':', .. var slug] => new SearchHit(null, slug),
        ['l', ':', .. var id] when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var letterId) => new SearchHit(null, null, letterId),
        ['t', ':', .. var id] when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var topicId) => new SearchHit(null, null, null, topicId),
        _ => null,
    };

    private static string ArticleKey(int id) => "a:" + id.ToString(CultureInfo.InvariantCulture);

    private static string PageKey(string slug) => "p:" + slug;

    private static string LetterKey(int id) => "l:" + id.ToString(CultureInfo.InvariantCulture);

    private const string TopicKeyPrefix = "t:";

    private static string TopicKey(int id) => TopicKeyPrefix + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>Opens the folder's index if it is complete and of this layout; otherwise starts an empty one to build.</summary>
    private async Task OpenAsync()
    {
        await _gate.WaitAsync();
        try
        {
            Close();
            System.IO.Directory.CreateDirectory(IndexPath);
            var directory = FSDirectory.Open(IndexPath);
            IndexWriter writer;
            try
            {
                writer = NewWriter(directory, OpenMode.CREATE_OR_APPEND);
            }
            catch (LockObtainFailedException)
            {
                // Another writer holds the folder: another web node wrongly given the same folder. Nothing is kept, so
                // this instance touches none of the other's files, and it tries again on the next tick.
                directory.Dispose();
                throw;
            }
            catch (IOException)
            {
                // Damaged: start afresh.
                writer = NewWriter(directory, OpenMode.CREATE);
            }

            var data = LatestCommitData(directory);
            var usable = data is not null && data.TryGetValue("layout", out var layout) && layout == Layout;
            if (!usable)
            {
                writer.DeleteAll();
            }

            (_directory, _writer) = (directory, writer);
            _searchers = new SearcherManager(writer, applyAllDeletes: true, searcherFactory: null);
            _articleStamps.Clear();
            _pageStamps.Clear();
            ForgetTopics();
            if (usable)
            {
                _editsSeenUpTo = ReadTicks(data!, "edits");
                _switchesSeenUpTo = ReadTicks(data!, "switches");
                _complete = true;
            }
            else
            {
                _complete = false;
                // Committed at once, so the folder is recognisably an index while it is being built.
                CommitLocked();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static IndexWriter NewWriter(FSDirectory directory, OpenMode mode) =>
        new(directory, new IndexWriterConfig(SearchQuery.Version, SearchQuery.Analyzer) { OpenMode = mode });

    private void Close()
    {
        _complete = false;
        var (searchers, writer, directory) = (_searchers, _writer, _directory);
        (_searchers, _writer, _directory) = (null, null, null);
        searchers?.Dispose();
        try
        {
            // Not Dispose: it would commit into a folder that may no longer exist.
            writer?.Rollback();
        }
        catch (IOException)
        {
            // The folder is gone with the files it would have tidied.
        }

        directory?.Dispose();
    }

    /// <summary>
    /// The folder is there with every file of its latest commit: nobody deleted it, or part of it. Checked under the
    /// gate, as a commit meanwhile would delete the files of the commit being checked.
    /// </summary>
    private async Task<bool> IsIntactAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _directory is not null
                && _writer is not null
                && System.IO.Directory.Exists(IndexPath)
                && DirectoryReader.IndexExists(_directory)
                && DirectoryReader.ListCommits(_directory)[^1].FileNames.All(name => File.Exists(Path.Combine(IndexPath, name)));
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            _gate.Release();
        }
    }

    private static IDictionary<string, string>? LatestCommitData(FSDirectory directory)
    {
        try
        {
            return DirectoryReader.IndexExists(directory) ? DirectoryReader.ListCommits(directory)[^1].UserData : null;
        }
        catch (IOException)
        {
            // Damaged: rebuilt.
            return null;
        }
    }

    private static DateTime ReadTicks(IDictionary<string, string> data, string key) =>
        data.TryGetValue(key, out var value) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
            ? new DateTime(ticks, DateTimeKind.Utc)
            : DateTime.MinValue;

    private async Task<int> CountVisibleAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.Articles.VisibleToPublic(clock.GetUtcNow().UtcDateTime).CountAsync(cancellationToken);
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow().UtcDateTime;
        var timer = System.Diagnostics.Stopwatch.StartNew();
        await WithWriterAsync(writer => writer.DeleteAll());
        ForgetTopics();

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var count = 0;
        var lastId = 0;
        while (true)
        {
            // Keyset batches: a large database is read a slice at a time, and changes meanwhile can still get in.
            var batch = await ArticleRows(db.Articles.AsNoTracking().VisibleToPublic(started).Where(a => a.Id > lastId).OrderBy(a => a.Id).Take(BatchSize))
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            await WithWriterAsync(writer =>
            {
                foreach (var row in batch)
                {
                    writer.UpdateDocument(new Term(Fields.Key, ArticleKey(row.Id)), ArticleDocument(row));
                    _articleStamps[row.Id] = row.UpdatedAt;
                }
            });
            count += batch.Count;
            lastId = batch[^1].Id;
        }

        await WritePagesAsync(db, [.. PublicAddresses.StandingPages.Select(p => p.Slug)], cancellationToken);
        await WriteTopicsAsync(db, cancellationToken);
        await WriteLettersAsync(db, await MailboxPublication.VisibleToPublic(db.Letters.AsNoTracking()).Select(l => l.Id).ToListAsync(cancellationToken), cancellationToken);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Anything changed while this ran is picked up by the next catch-up, which looks back from here.
            _editsSeenUpTo = started;
            _switchesSeenUpTo = started;
            _consistencyCheckedAt = started;
            _complete = true;
            CommitLocked();
        }
        finally
        {
            _gate.Release();
        }

        BuildCount++;
        await cacheStore.EvictByTagAsync(PublicCache.Search, cancellationToken);
        LogBuilt(logger, count, timer.ElapsedMilliseconds);
    }

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
            var stamps = await visible.Select(a => new { a.Id, a.UpdatedAt }).ToDictionaryAsync(a => a.Id, a => a.UpdatedAt.Ticks, cancellationToken);
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

    private async Task WriteArticlesAsync(PortalDbContext db, List<int> ids, DateTime nowUtc, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(BatchSize))
        {
            var visible = await ArticleRows(db.Articles.AsNoTracking().VisibleToPublic(nowUtc).Where(a => chunk.Contains(a.Id)))
                .ToDictionaryAsync(a => a.Id, cancellationToken);
            var stamps = await db.Articles.AsNoTracking().Where(a => chunk.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.UpdatedAt, cancellationToken);
            await WithWriterAsync(writer =>
            {
                foreach (var id in chunk)
                {
                    var key = new Term(Fields.Key, ArticleKey(id));
                    if (visible.TryGetValue(id, out var row))
                    {
                        writer.UpdateDocument(key, ArticleDocument(row));
                    }
                    else
                    {
                        writer.DeleteDocuments(key);
                    }

                    if (stamps.TryGetValue(id, out var stamp))
                    {
                        _articleStamps[id] = stamp;
                    }
                }
            });
        }
    }

    private async Task WriteLettersAsync(PortalDbContext db, List<int> ids, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(BatchSize))
        {
            var visible = await MailboxPublication.Rows(MailboxPublication.VisibleToPublic(db.Letters.AsNoTracking()).Where(l => chunk.Contains(l.Id)))
                .ToDictionaryAsync(l => l.Id, cancellationToken);
            await WithWriterAsync(writer =>
            {
                foreach (var id in chunk)
                {
                    var key = new Term(Fields.Key, LetterKey(id));
                    if (visible.TryGetValue(id, out var row))
                    {
                        var exchange = MailboxPublication.Exchange(row);
                        writer.UpdateDocument(key, new Document
                        {
                            new StringField(Fields.Key, LetterKey(id), Field.Store.YES),
                            new NumericDocValuesField(Fields.LetterId, id),
                            new NumericDocValuesField(Fields.Updated, row.PublishedAt.Ticks),
                            new Int64Field(Fields.Published, row.PublishedAt.Ticks, Field.Store.NO),
                            new TextField(SearchQuery.TitleField, exchange.Subject, Field.Store.NO),
                            new TextField(SearchQuery.BodyField, LetterText(exchange), Field.Store.NO),
                        });
                    }
                    else
                    {
                        writer.DeleteDocuments(key);
                    }
                }
            });
        }
    }

    private async Task WritePagesAsync(PortalDbContext db, List<string> slugs, CancellationToken cancellationToken)
    {
        var indexed = slugs.Where(PublicAddresses.IsStandingPage).ToList();
        if (indexed.Count == 0)
        {
            return;
        }

        var pages = await db.Pages.AsNoTracking()
            .Where(p => indexed.Contains(p.Slug))
            .Select(p => new { p.Slug, p.Title, p.BodyMarkdown, p.UpdatedAt })
            .ToDictionaryAsync(p => p.Slug, StringComparer.Ordinal, cancellationToken);
        await WithWriterAsync(writer =>
        {
            foreach (var slug in indexed)
            {
                var key = new Term(Fields.Key, PageKey(slug));
                if (pages.TryGetValue(slug, out var page))
                {
                    writer.UpdateDocument(key, new Document
                    {
                        new StringField(Fields.Key, PageKey(slug), Field.Store.YES),
                        new TextField(SearchQuery.TitleField, page.Title, Field.Store.NO),
                        new TextField(SearchQuery.BodyField, markdown.ToPlainText(page.BodyMarkdown, int.MaxValue), Field.Store.NO),
                    });
                    _pageStamps[slug] = page.UpdatedAt;
                }
                else
                {
                    writer.DeleteDocuments(key);
                }
            }
        });
    }

    /// <summary>
    /// Topics are few, so every look reads each one's stamp and whether it has started, and rewrites those that were
    /// edited, deleted or started since: this one path follows edits here and on other nodes, and the start date
    /// passing. The first look after the index is opened replaces every topic, as deletions while down left no stamp.
    /// </summary>
    /// <returns>Whether anything was written.</returns>
    private async Task<bool> WriteTopicsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(clock);
        var stamps = await db.Topics.AsNoTracking()
            .Select(t => new { t.Id, t.UpdatedAt, Public = t.StartsOn <= today })
            .ToDictionaryAsync(t => t.Id, t => (t.UpdatedAt, t.Public), cancellationToken);
        var first = !_topicsRead;
        var changed = stamps.Where(t => first || !_topicStamps.TryGetValue(t.Key, out var seen) || seen != t.Value).Select(t => t.Key).ToList();
        var gone = _topicStamps.Keys.Where(id => !stamps.ContainsKey(id)).ToList();
        if (!first && changed.Count == 0 && gone.Count == 0)
        {
            return false;
        }

        var rows = await db.Topics.AsNoTracking().Public(today)
            .Where(t => changed.Contains(t.Id))
            .Select(t => new { t.Id, t.Title, t.BodyMarkdown, t.StartsOn })
            .ToDictionaryAsync(t => t.Id, cancellationToken);
        await WithWriterAsync(writer =>
        {
            if (first)
            {
                writer.DeleteDocuments(new PrefixQuery(new Term(Fields.Key, TopicKeyPrefix)));
            }

            foreach (var id in gone)
            {
                writer.DeleteDocuments(new Term(Fields.Key, TopicKey(id)));
                _topicStamps.TryRemove(id, out _);
            }

            foreach (var id in changed)
            {
                var key = new Term(Fields.Key, TopicKey(id));
                if (rows.TryGetValue(id, out var row))
                {
                    writer.UpdateDocument(key, new Document
                    {
                        new StringField(Fields.Key, TopicKey(id), Field.Store.YES),
                        // Its start, so a date filter treats it like an article published that day; it has no channel.
                        new Int64Field(Fields.Published, ChinaTime.ToUtc(row.StartsOn.ToDateTime(TimeOnly.MinValue)).Ticks, Field.Store.NO),
                        new TextField(SearchQuery.TitleField, row.Title, Field.Store.NO),
                        new TextField(SearchQuery.BodyField, markdown.ToPlainText(row.BodyMarkdown, int.MaxValue), Field.Store.NO),
                    });
                }
                else
                {
                    writer.DeleteDocuments(key);
                }

                _topicStamps[id] = stamps[id];
            }
        });
        _topicsRead = true;
        return true;
    }

    private void ForgetTopics()
    {
        _topicStamps.Clear();
        _topicsRead = false;
    }

    private static IQueryable<ArticleRow> ArticleRows(IQueryable<Article> articles) =>
        articles.Select(a => new ArticleRow(a.Id, a.Channel.Slug, a.PublishAt!.Value, a.Title, a.Summary, a.BodyMarkdown, a.UpdatedAt));

    private Document ArticleDocument(ArticleRow row) =>
    [
        new StringField(Fields.Key, ArticleKey(row.Id), Field.Store.YES),
        new NumericDocValuesField(Fields.Id, row.Id),
        new NumericDocValuesField(Fields.Updated, row.UpdatedAt.Ticks),
        new StringField(Fields.Channel, row.ChannelSlug, Field.Store.NO),
        new Int64Field(Fields.Published, row.PublishAt.Ticks, Field.Store.NO),
        new TextField(SearchQuery.TitleField, row.Title, Field.Store.NO),
        new TextField(SearchQuery.BodyField, ArticleText(markdown, row.Summary, row.BodyMarkdown), Field.Store.NO),
    ];

    private async Task WithWriterAsync(Action<IndexWriter> write)
    {
        await _gate.WaitAsync();
        try
        {
            if (_writer is { } writer)
            {
                write(writer);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task CommitAsync()
    {
        await _gate.WaitAsync();
        try
        {
            CommitLocked();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes the changes durable and visible to searches. The caller holds the gate.</summary>
    private void CommitLocked()
    {
        if (_writer is not { } writer || _searchers is not { } searchers)
        {
            return;
        }

        // Lucene would quietly create the folder again, holding only this commit's new files; leave it missing, so
        // the next tick sees that and rebuilds.
        if (!System.IO.Directory.Exists(IndexPath))
        {
            throw new DirectoryNotFoundException("The search index folder has gone.");
        }

        writer.SetCommitData(new Dictionary<string, string>
        {
            // An unfinished build says so, and is built again after a restart.
            ["layout"] = _complete ? Layout : "unfinished",
            ["edits"] = _editsSeenUpTo.Ticks.ToString(CultureInfo.InvariantCulture),
            ["switches"] = _switchesSeenUpTo.Ticks.ToString(CultureInfo.InvariantCulture),
        });
        writer.Commit();
        searchers.MaybeRefreshBlocking();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The search index could not be updated")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The search index in {Path} is missing or incomplete; rebuilding it")]
    private static partial void LogMissing(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The search index differed from the database ({Indexed} articles indexed, {Visible} visible): re-indexed or removed {Count}")]
    private static partial void LogInconsistent(ILogger logger, int count, int indexed, int visible);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built the search index: {Count} articles in {Milliseconds} ms")]
    private static partial void LogBuilt(ILogger logger, int count, long milliseconds);

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

    private sealed record ArticleRow(int Id, string ChannelSlug, DateTime PublishAt, string Title, string? Summary, string BodyMarkdown, DateTime UpdatedAt);
}
