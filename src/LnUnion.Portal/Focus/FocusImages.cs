using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Publishing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Focus;

/// <summary>One slide of the home page's 焦点图: a public article an editor marked, with its cover image.</summary>
public sealed record FocusSlide(int Id, string Title, DateTime PublishAt, StoredImage Cover);

/// <summary>
/// The home page's image news (焦点图). An article is a slide while it is marked 在焦点图中显示, public by
/// <see cref="PublicVisibility"/> and has a cover image; the newest few, so the home page stays light.
/// </summary>
public static class FocusImages
{
    /// <summary>At most this many slides: more would weigh on the home page and few readers go past the third.</summary>
    public const int Count = 5;

    public static Task<List<FocusSlide>> SlidesAsync(PortalDbContext db, DateTime nowUtc, CancellationToken cancellationToken) =>
        db.Articles.AsNoTracking()
            .VisibleToPublic(nowUtc)
            .Where(a => a.ShowInFocus && a.CoverImage != null)
            .OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id)
            .Take(Count)
            .Select(a => new FocusSlide(a.Id, a.Title, a.PublishAt!.Value, new StoredImage(a.CoverImage!.StoredName, a.CoverImage.Width, a.CoverImage.Height, a.CoverImage.HasRenditions)))
            .ToListAsync(cancellationToken);
}
