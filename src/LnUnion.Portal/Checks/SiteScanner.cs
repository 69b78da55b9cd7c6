using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Checks;

/// <summary>The full-site scan's settings: the "Checks:Scan" configuration section.</summary>
public sealed class ScanOptions
{
    public const string Section = "Checks:Scan";

    /// <summary>Articles (or pages) checked between two saves of the cursor.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a node's hold on the scan lasts without renewal; after this another node may take over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often each node looks for a scan to run.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Beijing time of the nightly scan; null for none.</summary>
    public TimeSpan? NightlyAt { get; set; } = TimeSpan.FromHours(2);
}

/// <summary>What one call of <see cref="SiteScanner.RunBatchAsync"/> did.</summary>
public enum ScanStep
{
    /// <summary>No scan is waiting.</summary>
    Idle,

    /// <summary>Another node holds the lease.</summary>
    NotHolder,

    /// <summary>A batch was checked; more may follow.</summary>
    Progressed,

    /// <summary>The scan checked its last item and closed what it no longer saw.</summary>
    Finished,
}

/// <summary>
/// Runs every registered <see cref="IArticleCheck"/> over every published article and page, a batch at a time, and
/// keeps what it finds in <see cref="ScanFinding"/> rows. Only the node holding the <see cref="ScanLease"/> scans.
/// </summary>
public sealed partial class SiteScanner(IServiceScopeFactory scopes, IOptions<ScanOptions> options, TimeProvider clock, ILogger<SiteScanner> logger) : IDisposable
{
    public const string NightlyStarter = "每日自动扫描";

    /// <summary>This process, as the lease names it.</summary>
    private readonly string _holder = Cut($"{Guid.NewGuid():N} {Environment.MachineName}", 100);

    /// <summary>Whether this node took the lease since it last let go, so an idle poll writes nothing.</summary>
    private bool _holding;

    private readonly SemaphoreSlim _oneBatchAtATime = new(1, 1);

    private ScanOptions Options => options.Value;

    /// <summary>Asks for a scan; when one is already waiting or under way, that one is the answer.</summary>
    public async Task<int> StartAsync(string startedBy, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await db.SiteScans.Where(s => s.FinishedAt == null).OrderBy(s => s.Id).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken)
            ?? await AddScanAsync(db, startedBy, nightly: false, cancellationToken);
    }

    /// <summary>
    /// What each node does on every poll: if a scan is waiting (or the nightly one is due) and no other node holds
    /// the lease, run it to the end, renewing the lease after each batch.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await RunBatchAsync(cancellationToken) == ScanStep.Progressed)
            {
            }
        }
        finally
        {
            if (_holding)
            {
                await ReleaseAsync();
            }
        }
    }

    /// <summary>One batch: takes or renews the lease, starts the nightly scan when due, checks the next items, saves the cursor.</summary>
    /// <remarks>
    /// The lease keeps other nodes out, but not a second caller in this process: the worker's poll beside a direct
    /// call would both hold the lease under this process's name, check the same batch and record its findings twice.
    /// </remarks>
    public async Task<ScanStep> RunBatchAsync(CancellationToken cancellationToken)
    {
        await _oneBatchAtATime.WaitAsync(cancellationToken);
        try
        {
            return await RunBatchAloneAsync(cancellationToken);
        }
        finally
        {
            _oneBatchAtATime.Release();
        }
    }

    public void Dispose() => _oneBatchAtATime.Dispose();

    private async Task<ScanStep> RunBatchAloneAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var nightlyDue = NightlyDueSince(now) is { } since && !await db.SiteScans.AnyAsync(s => s.IsNightly && s.StartedAt >= since, cancellationToken);
        if (!nightlyDue && !await db.SiteScans.AnyAsync(s => s.FinishedAt == null, cancellationToken))
        {
            return ScanStep.Idle;
        }

        if (!await TakeLeaseAsync(db, now, cancellationToken))
        {
            return ScanStep.NotHolder;
        }

        _holding = true;

        if (nightlyDue)
        {
            await AddScanAsync(db, NightlyStarter, nightly: true, cancellationToken);
        }

        var scan = await db.SiteScans.Where(s => s.FinishedAt == null).OrderBy(s => s.Id).FirstAsync(cancellationToken);
        var items = await NextBatchAsync(db, scan, now, cancellationToken);
        if (items.Count == 0)
        {
            await FinishAsync(db, scan, now, cancellationToken);
            return ScanStep.Finished;
        }

        var checks = scope.ServiceProvider.GetServices<IArticleCheck>().ToList();
        foreach (var item in items)
        {
            var findings = await RunChecksAsync(checks, item.Text, cancellationToken);
            await RecordAsync(db, scan.Id, item, findings, now, cancellationToken);
        }

        scan.Done += items.Count;
        await db.SaveChangesAsync(cancellationToken);
        return ScanStep.Progressed;
    }

    /// <summary>Lets go of the lease at shutdown, so a restarted or other node goes on at once rather than after it expires.</summary>
    public async Task ReleaseAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        await db.ScanLeases.Where(l => l.Id == ScanLease.TheOnlyId && l.Holder == _holder)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, (string?)null).SetProperty(l => l.ExpiresAt, (DateTime?)null), CancellationToken.None);
        _holding = false;
    }

    /// <summary>One statement, so two nodes asking at once cannot both get it.</summary>
    private async Task<bool> TakeLeaseAsync(PortalDbContext db, DateTime now, CancellationToken cancellationToken)
    {
        var until = now + Options.LeaseDuration;
        return await db.ScanLeases
            .Where(l => l.Id == ScanLease.TheOnlyId && (l.Holder == null || l.Holder == _holder || l.ExpiresAt == null || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, _holder).SetProperty(l => l.ExpiresAt, until), cancellationToken) == 1;
    }

    /// <summary>The start of the nightly window that has begun by <paramref name="now"/>, in UTC; null when there is no nightly scan.</summary>
    private DateTime? NightlyDueSince(DateTime now)
    {
        if (Options.NightlyAt is not { } at)
        {
            return null;
        }

        var beijing = ChinaTime.FromUtc(now);
        var today = beijing.Date + at;
        return ChinaTime.ToUtc(beijing >= today ? today : today.AddDays(-1));
    }

    private async Task<int> AddScanAsync(PortalDbContext db, string startedBy, bool nightly, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var scan = new SiteScan
        {
            StartedAt = now,
            StartedBy = startedBy,
            IsNightly = nightly,
            Total = await db.Articles.VisibleToPublic(now).CountAsync(cancellationToken) + await db.Pages.CountAsync(cancellationToken),
        };
        db.SiteScans.Add(scan);
        await db.SaveChangesAsync(cancellationToken);
        return scan.Id;
    }

    private sealed record ScanItem(int? ArticleId, int? PageId, CheckedArticle Text);

    /// <summary>The next articles after the cursor, then the pages; moves the cursor past them (saved with the batch's findings).</summary>
    private async Task<List<ScanItem>> NextBatchAsync(PortalDbContext db, SiteScan scan, DateTime now, CancellationToken cancellationToken)
    {
        if (!scan.ArticlesDone)
        {
            var articles = await db.Articles.AsNoTracking().VisibleToPublic(now)
                .Where(a => a.Id > scan.ArticleCursor)
                .OrderBy(a => a.Id)
                .Take(Options.BatchSize)
                .Select(a => new { a.Id, a.Title, a.Summary, a.BodyMarkdown, Attachments = a.Attachments.OrderBy(x => x.SortOrder).Select(x => x.MediaFileId).ToList() })
                .ToListAsync(cancellationToken);
            if (articles.Count > 0)
            {
                scan.ArticleCursor = articles[^1].Id;
                return [.. articles.Select(a => new ScanItem(a.Id, null, new CheckedArticle(a.Id, a.Title, a.Summary, a.BodyMarkdown, a.Attachments)))];
            }

            scan.ArticlesDone = true;
        }

        var pages = await db.Pages.AsNoTracking()
            .Where(p => p.Id > scan.PageCursor)
            .OrderBy(p => p.Id)
            .Take(Options.BatchSize)
            .Select(p => new { p.Id, p.Title, p.BodyMarkdown })
            .ToListAsync(cancellationToken);
        if (pages.Count > 0)
        {
            scan.PageCursor = pages[^1].Id;
        }

        // A page is not an article: checks see it with article id 0 and no attachments.
        return [.. pages.Select(p => new ScanItem(null, p.Id, new CheckedArticle(0, p.Title, null, p.BodyMarkdown, [])))];
    }

    private async Task<List<Finding>> RunChecksAsync(List<IArticleCheck> checks, CheckedArticle text, CancellationToken cancellationToken)
    {
        var findings = new List<Finding>();
        foreach (var check in checks)
        {
            try
            {
                findings.AddRange(await check.CheckAsync(text, cancellationToken));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One broken check must not stop the scan of the whole site.
                LogCheckFailed(logger, ex, check.GetType().Name, text.ArticleId);
            }
        }

        return findings;
    }

    /// <summary>
    /// Matches what the checks found with the item's rows: the same kind, place and text is the same finding, seen
    /// again; a new one is added. Staff's 已忽略 stands; 已修复 that is still there opens again.
    /// </summary>
    private static async Task RecordAsync(PortalDbContext db, int scanId, ScanItem item, List<Finding> findings, DateTime now, CancellationToken cancellationToken)
    {
        var existing = await db.ScanFindings
            .Where(f => item.ArticleId != null ? f.ArticleId == item.ArticleId : f.PageId == item.PageId)
            .ToListAsync(cancellationToken);
        foreach (var finding in findings.Select(Fit).DistinctBy(f => (f.Kind, f.Place, f.Found)))
        {
            var row = existing.FirstOrDefault(f => f.Kind == finding.Kind && f.Place == finding.Place && f.Found == finding.Found);
            if (row is null)
            {
                row = new ScanFinding
                {
                    ArticleId = item.ArticleId,
                    PageId = item.PageId,
                    Kind = finding.Kind,
                    Place = finding.Place,
                    Found = finding.Found,
                    Message = finding.Message,
                    FirstSeenAt = now,
                };
                db.ScanFindings.Add(row);
                existing.Add(row);
            }
            else if (row.Status is FindingStatus.Fixed or FindingStatus.Gone)
            {
                row.Status = FindingStatus.Open;
                row.DecidedById = null;
                row.DecidedByName = null;
                row.DecidedAt = null;
            }

            row.Severity = finding.Severity;
            row.Message = finding.Message;
            row.Suggestion = finding.Suggestion;
            row.LastSeenAt = now;
            row.LastScanId = scanId;
        }
    }

    /// <summary>Closes what this scan no longer saw: the text was changed, or the article left the site.</summary>
    private static async Task FinishAsync(PortalDbContext db, SiteScan scan, DateTime now, CancellationToken cancellationToken)
    {
        await db.ScanFindings.Where(f => f.Status == FindingStatus.Open && f.LastScanId != scan.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.Status, FindingStatus.Gone), cancellationToken);
        scan.FinishedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The columns' lengths; a check's long text is cut rather than failing the scan.</summary>
    private static Finding Fit(Finding finding) => finding with
    {
        Kind = Cut(finding.Kind, 50),
        Place = Cut(finding.Place, 200),
        Found = Cut(finding.Found, 500),
        Message = Cut(finding.Message, 500),
        Suggestion = finding.Suggestion is null ? null : Cut(finding.Suggestion, 500),
    };

    private static string Cut(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "The check {Check} failed on article {ArticleId} during the site scan")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception, string check, int articleId);
}
