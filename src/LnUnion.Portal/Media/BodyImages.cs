using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Media;

/// <summary>
/// The uploaded images a text's Markdown shows, with their sizes and renditions, for the rendering that is stored:
/// <see cref="Rendering.MarkdownRenderer"/> gives each such picture its <c>width</c>, <c>height</c> and <c>srcset</c>.
/// </summary>
public static partial class BodyImages
{
    public static async Task<IReadOnlyDictionary<string, StoredImage>> LookUpAsync(DbContext db, IEnumerable<string?> markdowns, CancellationToken cancellationToken)
    {
        var names = NamedIn(markdowns);
        return names.Count == 0 ? Empty : Merge(db, names, await Query(db, names).ToListAsync(cancellationToken));
    }

    /// <summary>The same, for a synchronous save.</summary>
    public static IReadOnlyDictionary<string, StoredImage> LookUp(DbContext db, IEnumerable<string?> markdowns)
    {
        var names = NamedIn(markdowns);
        return names.Count == 0 ? Empty : Merge(db, names, [.. Query(db, names)]);
    }

    private static readonly IReadOnlyDictionary<string, StoredImage> Empty = new Dictionary<string, StoredImage>();

    private static List<string> NamedIn(IEnumerable<string?> markdowns) =>
        [.. markdowns.OfType<string>().SelectMany(m => MediaAddress().Matches(m)).Select(m => m.Groups[1].Value).Where(MediaStorage.IsStoredName).Distinct()];

    private static IQueryable<StoredImage> Query(DbContext db, List<string> names) =>
        db.Set<MediaFile>().AsNoTracking()
            .Where(m => names.Contains(m.StoredName) && m.Width != null && m.Height != null)
            .Select(m => new StoredImage(m.StoredName, m.Width, m.Height, m.HasRenditions));

    /// <summary>With the images added in the same save, whose rows are not in the table yet.</summary>
    private static Dictionary<string, StoredImage> Merge(DbContext db, List<string> names, List<StoredImage> stored)
    {
        var images = stored.ToDictionary(i => i.StoredName, StringComparer.Ordinal);
        foreach (var added in db.ChangeTracker.Entries<MediaFile>().Where(e => e.State == EntityState.Added).Select(e => e.Entity))
        {
            if (names.Contains(added.StoredName) && added.Width is not null && added.Height is not null)
            {
                images[added.StoredName] = new StoredImage(added.StoredName, added.Width, added.Height, added.HasRenditions);
            }
        }

        return images;
    }

    [GeneratedRegex("/media/([0-9a-f]{32}\\.[a-z0-9]{1,5})")]
    private static partial Regex MediaAddress();
}
