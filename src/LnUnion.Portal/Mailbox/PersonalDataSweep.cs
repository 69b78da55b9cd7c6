using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// Erases the writer's personal data once <see cref="MailboxOptions.PersonalDataRetention"/> has passed since a
/// letter was written: name, phone, e-mail and IP become null, and the attachments are deleted, rows and files,
/// because what people attach to such letters is mostly personal (ID cards, contracts, pay slips, medical notes) and
/// cannot be told apart from the rest. The letter, its answer and its events stay, with one event saying when.
/// </summary>
/// <remarks>
/// Safe on several nodes: each letter is claimed by an update that only matches while it is not erased yet, so two
/// nodes sweeping at once erase it, and record it, once.
/// </remarks>
public sealed partial class PersonalDataSweep(IServiceScopeFactory scopes, IOptions<MailboxOptions> options, TimeProvider clock, ILogger<PersonalDataSweep> logger)
    : BackgroundService
{
    public const string ErasedAction = "personal-data-erased";

    private const int BatchSize = 100;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RetentionSweepInterval, clock);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Erases every letter whose retention has ended; returns how many this call erased.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var erased = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var storage = scope.ServiceProvider.GetRequiredService<MediaStorage>();
            var publication = scope.ServiceProvider.GetRequiredService<MailboxPublication>();
            var now = clock.GetUtcNow().UtcDateTime;
            var cutoff = now - options.Value.PersonalDataRetention;
            var due = await db.Letters.AsNoTracking()
                .Where(l => l.ReceivedAt < cutoff && l.PersonalDataErasedAt == null)
                .OrderBy(l => l.ReceivedAt)
                .Select(l => l.Id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var id in due)
            {
                if (await EraseAsync(db, storage, id, now, cancellationToken))
                {
                    erased++;
                    await publication.ChangedAsync(id, cancellationToken);
                }
            }

            if (due.Count < BatchSize)
            {
                return erased;
            }
        }
    }

    private static async Task<bool> EraseAsync(PortalDbContext db, MediaStorage storage, int letterId, DateTime now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Letters
            .Where(l => l.Id == letterId && l.PersonalDataErasedAt == null)
            .ExecuteUpdateAsync(
                set => set
                    .SetProperty(l => l.WriterName, (string?)null)
                    .SetProperty(l => l.WriterPhone, (string?)null)
                    .SetProperty(l => l.WriterEmail, (string?)null)
                    .SetProperty(l => l.WriterIp, (string?)null)
                    .SetProperty(l => l.PersonalDataErasedAt, now)
                    .SetProperty(l => l.Version, Guid.NewGuid()),
                cancellationToken);
        if (claimed == 0)
        {
            return false;
        }

        var files = await db.LetterAttachments.Where(a => a.LetterId == letterId).Select(a => new { a.MediaFileId, a.MediaFile.StoredName }).ToListAsync(cancellationToken);
        var fileIds = files.Select(f => f.MediaFileId).ToList();
        await db.LetterAttachments.Where(a => a.LetterId == letterId).ExecuteDeleteAsync(cancellationToken);
        await db.MediaFiles.Where(m => fileIds.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
        var status = await db.Letters.Where(l => l.Id == letterId).Select(l => l.Status).SingleAsync(cancellationToken);
        db.LetterEvents.Add(new LetterEvent
        {
            LetterId = letterId,
            At = now,
            Action = ErasedAction,
            FromStatus = status,
            ToStatus = status,
            Note = files.Count == 0 ? "保存期满，写信人的个人信息已删除。" : $"保存期满，写信人的个人信息和 {files.Count} 个附件已删除。",
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        // After the commit, as MediaFileCommit moves new files only after theirs: a rollback never loses a file still listed.
        foreach (var file in files)
        {
            storage.Delete(file.StoredName);
        }

        db.ChangeTracker.Clear();
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The mailbox's personal-data sweep failed; it tries again at its next interval.")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
