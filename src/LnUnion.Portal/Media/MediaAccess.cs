using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Topics;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Media;

/// <summary>
/// Who may fetch a file. An article's attachments and cover image belong to it, and so do those named by any of its
/// revisions (such as a change of a published article waiting for review): the public gets them at <c>/media/…</c>
/// only while an article that shows them now is public, and staff get them at <c>/admin/media/files/…</c> only when
/// they may see one of the articles holding them. Every other file (images in a body, which the editor's preview
/// shows at their public address, service-account QR codes, library files) is public. A letter's attachments are
/// never public and never in the library: only the mailbox's handling side serves them, to letter handlers.
/// </summary>
public static class MediaAccess
{
    public static async Task<bool> IsPublicAsync(PortalDbContext db, int mediaId, DateTime nowUtc, CancellationToken cancellationToken) =>
        !await IsLettersAsync(db, mediaId, cancellationToken)
        && (!await Holding(db, mediaId).AnyAsync(cancellationToken) || await Showing(db, mediaId).VisibleToPublic(nowUtc).AnyAsync(cancellationToken)
            // A library image may also be an unpublished article's cover; a public topic's banner is public all the same.
            || await db.Topics.Public(DateOnly.FromDateTime(ChinaTime.FromUtc(nowUtc))).AnyAsync(t => t.BannerImageId == mediaId, cancellationToken));

    public static async Task<bool> IsVisibleToAsync(PortalDbContext db, int mediaId, ReviewRules.Viewer viewer, CancellationToken cancellationToken)
    {
        var holding = Holding(db, mediaId);
        return !await IsLettersAsync(db, mediaId, cancellationToken)
            && (!await holding.AnyAsync(cancellationToken) || await holding.VisibleTo(viewer).AnyAsync(cancellationToken));
    }

    /// <summary>A file sent with a letter to the mailbox.</summary>
    public static Task<bool> IsLettersAsync(PortalDbContext db, int mediaId, CancellationToken cancellationToken) =>
        db.LetterAttachments.AnyAsync(x => x.MediaFileId == mediaId, cancellationToken);

    /// <summary>The library's rows this viewer may see: the same rule, for a whole list at once.</summary>
    public static IQueryable<MediaFile> VisibleTo(this IQueryable<MediaFile> files, PortalDbContext db, ReviewRules.Viewer viewer)
    {
        var visible = db.Articles.VisibleTo(viewer);
        return files.Where(m => !db.LetterAttachments.Any(x => x.MediaFileId == m.Id)).Where(m =>
            (!db.ArticleAttachments.Any(x => x.MediaFileId == m.Id) && !db.Articles.Any(a => a.CoverImageId == m.Id)
                && !db.ArticleRevisionAttachments.Any(x => x.MediaFileId == m.Id) && !db.ArticleRevisions.Any(r => r.CoverImageId == m.Id))
            || visible.Any(a => a.CoverImageId == m.Id)
            || db.ArticleAttachments.Any(x => x.MediaFileId == m.Id && visible.Any(a => a.Id == x.ArticleId))
            || db.ArticleRevisions.Any(r => r.CoverImageId == m.Id && visible.Any(a => a.Id == r.ArticleId))
            || db.ArticleRevisionAttachments.Any(x => x.MediaFileId == m.Id && visible.Any(a => a.Id == x.Revision.ArticleId)));
    }

    /// <summary>Articles that show the file now. Two index lookups rather than one OR, which would make the database read every article.</summary>
    private static IQueryable<Article> Showing(PortalDbContext db, int mediaId) =>
        db.ArticleAttachments.Where(x => x.MediaFileId == mediaId).Select(x => x.Article)
            .Concat(db.Articles.Where(a => a.CoverImageId == mediaId));

    /// <summary>Articles that show the file now or in one of their revisions.</summary>
    private static IQueryable<Article> Holding(PortalDbContext db, int mediaId) =>
        Showing(db, mediaId)
            .Concat(db.ArticleRevisionAttachments.Where(x => x.MediaFileId == mediaId).Select(x => x.Revision.Article))
            .Concat(db.ArticleRevisions.Where(r => r.CoverImageId == mediaId).Select(r => r.Article));
}
