using LnUnion.Portal.Data;
using LnUnion.Portal.Rendering;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Media;

/// <summary>What a backfill pass did.</summary>
public sealed record BackfillResult(int Processed, int Repaired, int Unreadable);

/// <summary>
/// Brings images uploaded before there were renditions up to what an upload does now (<see cref="ImageProcessing"/>):
/// the original's metadata stripped, its size recorded, its renditions made; and makes again any rendition missing
/// from the media folder. The reconciler runs it after each pass (at start-up, then daily); <see cref="Commands.MakeRenditionsCommand"/>
/// runs it at once. Texts are rendered again afterwards, so their pictures get their sizes and <c>srcset</c>.
/// </summary>
public sealed partial class ImageBackfill(IServiceScopeFactory scopes, MediaStorage storage, StoredHtmlRenderer texts, ILogger<ImageBackfill> logger)
{
    private static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/webp", "image/gif"];

    private sealed record Candidate(int Id, string StoredName, string OriginalName, string ContentType, int? Width, bool HasRenditions);

    public async Task<BackfillResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        // A letter's attachments are kept as sent (see Uploads.SaveAsync) and never served to the public.
        var candidates = await db.MediaFiles.AsNoTracking()
            .Where(m => ImageTypes.Contains(m.ContentType) && (m.Width == null || m.HasRenditions) && !db.LetterAttachments.Any(x => x.MediaFileId == m.Id))
            .OrderBy(m => m.Id)
            .Select(m => new Candidate(m.Id, m.StoredName, m.OriginalName, m.ContentType, m.Width, m.HasRenditions))
            .ToListAsync(cancellationToken);

        var (processed, repaired, unreadable) = (0, 0, 0);
        foreach (var image in candidates)
        {
            // A file missing altogether is the reconciler's to report.
            if (storage.PathOf(image.StoredName) is not { } path || !File.Exists(path))
            {
                continue;
            }

            if (image.Width is null)
            {
                var done = await ProcessAsync(db, image, path, cancellationToken);
                processed += done ? 1 : 0;
                unreadable += done ? 0 : 1;
            }
            else if (Missing(image).ToList() is { Count: > 0 } missing)
            {
                var renditions = ImageProcessing.RenditionsOf(await File.ReadAllBytesAsync(path, cancellationToken));
                if (renditions is null)
                {
                    LogUnreadable(logger, image.StoredName, "the stored original no longer decodes");
                    unreadable++;
                    continue;
                }

                foreach (var rendition in renditions.Where(r => missing.Contains(ImageRenditions.NameOf(image.StoredName, r.Width, r.Format))))
                {
                    await storage.ReplaceAsync(ImageRenditions.NameOf(image.StoredName, rendition.Width, rendition.Format), rendition.Content, cancellationToken);
                }

                repaired++;
            }
        }

        if (processed > 0)
        {
            LogProcessed(logger, processed);
            await texts.RenderAsync(onlyMissing: false, cancellationToken);
        }

        return new BackfillResult(processed, repaired, unreadable);
    }

    private IEnumerable<string> Missing(Candidate image) =>
        ImageRenditions.WidthsFor(image.Width!.Value)
            .SelectMany(w => Enum.GetValues<RenditionFormat>().Select(f => ImageRenditions.NameOf(image.StoredName, w, f)))
            .Where(name => !File.Exists(storage.PathOf(name)));

    /// <summary>
    /// Processes one image as an upload would. The files go in place before the row says so: a crash in between
    /// leaves a clean original that is processed once more, never a row promising what the folder lacks. Nodes
    /// on shared storage doing the same image at once write the same bytes; only the first updates the row.
    /// </summary>
    private async Task<bool> ProcessAsync(PortalDbContext db, Candidate image, string path, CancellationToken cancellationToken)
    {
        var processed = ImageProcessing.Process(await File.ReadAllBytesAsync(path, cancellationToken), image.ContentType, image.OriginalName);
        if (processed.Error is { } error)
        {
            LogUnreadable(logger, image.StoredName, error);
            return false;
        }

        foreach (var rendition in processed.Renditions)
        {
            await storage.ReplaceAsync(ImageRenditions.NameOf(image.StoredName, rendition.Width, rendition.Format), rendition.Content, cancellationToken);
        }

        var row = db.MediaFiles.Where(m => m.Id == image.Id && m.Width == null);
        if (processed.Original is { } original)
        {
            await storage.ReplaceAsync(image.StoredName, original, cancellationToken);
            var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(original));
            await row.ExecuteUpdateAsync(
                set => set.SetProperty(m => m.Width, processed.Width).SetProperty(m => m.Height, processed.Height)
                    .SetProperty(m => m.HasRenditions, processed.HasRenditions).SetProperty(m => m.Size, original.Length).SetProperty(m => m.Sha256, sha256),
                cancellationToken);
        }
        else
        {
            await row.ExecuteUpdateAsync(set => set.SetProperty(m => m.Width, processed.Width).SetProperty(m => m.Height, processed.Height), cancellationToken);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Made the renditions of {Count} images uploaded before there were renditions, and stripped their metadata")]
    private static partial void LogProcessed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not make the renditions of {StoredName}: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string storedName, string reason);
}
