using System.Runtime.CompilerServices;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LnUnion.Portal.Media;

/// <summary>
/// Moves new uploads into the media folder once their rows are committed, and discards them when the save fails:
/// every controller keeps calling <c>db.MediaFiles.Add</c> and <c>SaveChangesAsync</c>, and no file is ever served
/// without its row. It also tells <see cref="StorageHealth"/> whether the database's disk took the write.
/// </summary>
public sealed partial class MediaFileCommit(MediaStorage storage, StorageHealth health, ILogger<MediaFileCommit> logger) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<string>> _pending = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Remember(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Remember(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Commit(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Commit(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData);
        return Task.CompletedTask;
    }

    private void Remember(DbContext? context)
    {
        if (context is not null)
        {
            _pending.AddOrUpdate(context, [.. context.ChangeTracker.Entries<MediaFile>().Where(e => e.State == EntityState.Added).Select(e => e.Entity.StoredName)]);
        }
    }

    private void Commit(DbContext? context)
    {
        foreach (var storedName in Take(context))
        {
            try
            {
                storage.MoveIntoPlace(storedName);
            }
            catch (IOException e)
            {
                // The row is committed, so the save succeeded; the reconciler finishes the move.
                LogMoveFailed(logger, e, storedName);
            }
        }

        health.Written(Store.Database);
    }

    private void Discard(DbContextErrorEventData eventData)
    {
        foreach (var storedName in Take(eventData.Context))
        {
            storage.Delete(storedName);
        }

        if (StorageHealth.IsDiskFull(eventData.Exception) && eventData.Context is { } context)
        {
            health.DatabaseFull(context, eventData.Exception);
        }
    }

    private List<string> Take(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var names))
        {
            return [];
        }

        _pending.Remove(context);
        return names;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not move the committed upload {StoredName} into place; the media reconciler will")]
    private static partial void LogMoveFailed(ILogger logger, Exception exception, string storedName);
}
