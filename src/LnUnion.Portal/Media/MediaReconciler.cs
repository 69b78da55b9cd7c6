using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Media;

/// <summary>
/// Compares the media folder with the <c>MediaFiles</c> table at start-up and then daily. An upload whose row was
/// committed but whose move was cut short is moved into place; a file without a row (an upload that never
/// committed, or a deleted row whose file outlived it) is removed once it is older than the grace period, so a node
/// never removes another node's upload in flight on shared storage; rows without files are reported to staff. An
/// image's renditions (<see cref="ImageRenditions"/>) count as its original's: kept, finished or removed with it. Each
/// pass ends with the <see cref="ImageBackfill"/>, which makes the renditions an image lacks.
/// </summary>
public sealed partial class MediaReconciler(
    IServiceScopeFactory scopes,
    MediaStorage storage,
    StorageHealth health,
    ImageBackfill backfill,
    IOptions<StorageOptions> options,
    TimeProvider clock,
    ILogger<MediaReconciler> logger) : BackgroundService
{
    /// <summary>How many missing files the dashboard lists by name; the count covers them all.</summary>
    public const int ListedMissing = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval, clock);
        do
        {
            try
            {
                await ReconcileAsync(stoppingToken);
                // After the folder is in order, so only files in place are read; nothing to do once every image has its renditions.
                await backfill.RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task<MediaReconciliation> ReconcileAsync(CancellationToken cancellationToken)
    {
        // The folder first, then the table: a file moved into place had its row committed before the move, so any
        // file listed here that is in place has its row in the query below.
        var inPlace = StoredFiles(storage.Root);
        var incoming = StoredFiles(storage.IncomingRoot);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var rows = await db.MediaFiles.AsNoTracking()
            .Select(m => new MissingFile(m.Id, m.OriginalName, m.StoredName))
            .ToListAsync(cancellationToken);
        var recorded = rows.Select(r => r.StoredName).ToHashSet(StringComparer.Ordinal);

        var cutoff = clock.GetUtcNow() - options.Value.OrphanGracePeriod;
        var removed = 0;
        foreach (var (name, written) in incoming)
        {
            // A rendition belongs to its original's row: it is finished, or removed, with it.
            if (recorded.Contains(MediaStorage.OwnerOf(name)))
            {
                storage.MoveIntoPlace(MediaStorage.OwnerOf(name));
                inPlace[name] = written;
                LogFinished(logger, name);
            }
            else if (written < cutoff)
            {
                storage.Delete(name);
                removed++;
                LogRemoved(logger, name, written);
            }
        }

        foreach (var (name, written) in inPlace)
        {
            if (!recorded.Contains(MediaStorage.OwnerOf(name)) && written < cutoff)
            {
                storage.Delete(name);
                removed++;
                LogRemoved(logger, name, written);
            }
        }

        // A row committed while the folder was being listed has its file by now; look again before reporting it.
        var missing = rows.Where(r => !inPlace.ContainsKey(r.StoredName) && !File.Exists(storage.PathOf(r.StoredName))).ToList();
        if (missing.Count > 0)
        {
            LogMissing(logger, missing.Count, string.Join(", ", missing.Take(ListedMissing).Select(m => m.StoredName)));
        }

        var result = new MediaReconciliation(clock.GetUtcNow(), removed, missing.Count, missing.OrderByDescending(m => m.Id).Take(ListedMissing).ToList());
        health.Reconciled(result);
        return result;
    }

    /// <summary>The files in <paramref name="folder"/> this store could have named (originals and renditions), with when each was written.</summary>
    private static Dictionary<string, DateTimeOffset> StoredFiles(string folder) =>
        Directory.Exists(folder)
            ? new DirectoryInfo(folder).EnumerateFiles()
                .Where(f => MediaStorage.IsFileName(f.Name))
                .ToDictionary(f => f.Name, f => new DateTimeOffset(f.LastWriteTimeUtc), StringComparer.Ordinal)
            : new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not compare the media folder with the MediaFiles table")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moved {StoredName} into place: its row was committed but the move had not happened")]
    private static partial void LogFinished(ILogger logger, string storedName);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Removed {StoredName}, written {Written:u}: no MediaFiles row refers to it")]
    private static partial void LogRemoved(ILogger logger, string storedName, DateTimeOffset written);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} MediaFiles rows have no file in the media folder, among them {StoredNames}")]
    private static partial void LogMissing(ILogger logger, int count, string storedNames);
}
