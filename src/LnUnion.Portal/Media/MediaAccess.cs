using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Media;

/// <summary>
/// Who may fetch a file. An article's attachments and cover image belong to it: the public gets them at
/// <c>/media/…</c> only while one of their articles is public, and staff get them at <c>/admin/media/files/…</c> only
/// when they may see one of those articles. Every other file (images in a body, which the editor's preview shows
/// at their public address, service-account QR codes, library files) is public.
/// </summary>
public static class MediaAccess
{
    public static async Task<bool> IsPublicAsync(PortalDbContext db, int mediaId, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var holding = ArticlesHolding(db, mediaId);
        return !await holding.AnyAsync(cancellationToken) || await holding.VisibleToPublic(nowUtc).AnyAsync(cancellationToken);
    }

    public static async Task<bool> IsVisibleToAsync(PortalDbContext db, int mediaId, ReviewRules.Viewer viewer, CancellationToken cancellationToken)
    {
        var holding = ArticlesHolding(db, mediaId);
        return !await holding.AnyAsync(cancellationToken) || await holding.VisibleTo(viewer).AnyAsync(cancellationToken);
    }

    /// <summary>The library's rows this viewer may see: the same rule, for a whole list at once.</summary>
    public static IQueryable<MediaFile> VisibleTo(this IQueryable<MediaFile> files, PortalDbContext db, ReviewRules.Viewer viewer)
    {
        var visible = db.Articles.VisibleTo(viewer);
        return files.Where(m =>
            (!db.ArticleAttachments.Any(x => x.MediaFileId == m.Id) && !db.Articles.Any(a => a.CoverImageId == m.Id))
            || visible.Any(a => a.CoverImageId == m.Id)
            || db.ArticleAttachments.Any(x => x.MediaFileId == m.Id && visible.Any(a => a.Id == x.ArticleId)));
    }

    /// <summary>Two index lookups rather than one OR, which would make the database read every article.</summary>
    private static IQueryable<Article> ArticlesHolding(PortalDbContext db, int mediaId) =>
        db.ArticleAttachments.Where(x => x.MediaFileId == mediaId).Select(x => x.Article)
            .Concat(db.Articles.Where(a => a.CoverImageId == mediaId));
}
