using System.Text.RegularExpressions;

namespace LnUnion.Portal.Media;

/// <summary>The two formats each rendition is made in: WebP for browsers that take it, JPEG for the rest.</summary>
public enum RenditionFormat
{
    Webp,
    Jpeg,
}

/// <summary>
/// An uploaded image as pages print it: its stored name, its size in pixels (null for a file whose size is not known
/// yet, before the backfill reached it) and whether resized renditions were made of it.
/// </summary>
public sealed record StoredImage(string StoredName, int? Width, int? Height, bool HasRenditions)
{
    /// <summary>The widths made for this image, smallest first.</summary>
    public IReadOnlyList<int> RenditionWidths => HasRenditions && Width is { } width ? ImageRenditions.WidthsFor(width) : [];
}

/// <summary>
/// The names and addresses of an image's resized copies. A rendition's name is its original's stored name, its width
/// and its format (<c>….jpg-480.webp</c>), so the rows need store nothing but the original's width: the files live
/// beside the original, in the same shared media folder, and go wherever the original goes.
/// </summary>
public static partial class ImageRenditions
{
    /// <summary>
    /// A phone (480), a phone at 2× or a half-width desktop column (960), a full-width desktop column at 2× (1600).
    /// </summary>
    public static readonly IReadOnlyList<int> Widths = [480, 960, 1600];

    /// <summary>Never wider than the original: an enlarged copy would only be blurrier and heavier.</summary>
    public static IReadOnlyList<int> WidthsFor(int originalWidth) => [.. Widths.Where(w => w <= originalWidth)];

    public static string NameOf(string storedName, int width, RenditionFormat format) =>
        $"{storedName}-{width}.{(format == RenditionFormat.Webp ? "webp" : "jpg")}";

    public static string ContentTypeOf(RenditionFormat format) => format == RenditionFormat.Webp ? "image/webp" : "image/jpeg";

    /// <summary>Every rendition an original could have, whether made or not: what deleting the original removes.</summary>
    public static IEnumerable<string> PossibleNames(string storedName) =>
        Widths.SelectMany(w => Enum.GetValues<RenditionFormat>().Select(f => NameOf(storedName, w, f)));

    /// <summary>The original's stored name, width and format when <paramref name="name"/> names a rendition; null otherwise.</summary>
    public static (string StoredName, int Width, RenditionFormat Format)? Parse(string name)
    {
        var match = RenditionNamePattern().Match(name);
        if (!match.Success || !MediaStorage.IsStoredName(match.Groups[1].Value))
        {
            return null;
        }

        var width = int.Parse(match.Groups[2].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        return Widths.Contains(width)
            ? (match.Groups[1].Value, width, match.Groups[3].Value == "webp" ? RenditionFormat.Webp : RenditionFormat.Jpeg)
            : null;
    }

    public static string UrlOf(string name) => $"/media/{name}";

    /// <summary>As wide as the page's column (<c>.wrap</c>, 64rem at most, in site.css).</summary>
    public const string ColumnSizes = "(min-width:64rem) 64rem,100vw";

    /// <summary>One of the home page's two columns on a wide screen (<c>.home-grid</c>), the whole width on a phone.</summary>
    public const string HalfColumnSizes = "(min-width:48rem) 32rem,100vw";

    /// <summary>A leader's photo on 领导之窗, 150px wide (<c>.leader img</c>).</summary>
    public const string LeaderPhotoSizes = "150px";

    /// <summary>A service account's QR code in the footer, 128px (<c>.qr</c>).</summary>
    public const string QrSizes = "128px";

    /// <summary>
    /// A picture in a text is shown no wider than the image (its <c>width</c>) nor the column (64rem, 1024px at the
    /// browser's default text size), so a small image does not make the browser fetch a column-wide copy.
    /// </summary>
    public static string BodySizes(int width)
    {
        var shown = Math.Min(width, 1024);
        return $"(min-width:{shown}px) {shown}px,100vw";
    }

    /// <summary>
    /// The <c>srcset</c> of <paramref name="image"/>'s renditions in one format, or null when it has none. Kept short
    /// (no spaces after commas, no host) because every slide on the home page carries one.
    /// </summary>
    public static string? Srcset(StoredImage image, RenditionFormat format) =>
        image.RenditionWidths.Count == 0
            ? null
            : string.Join(',', image.RenditionWidths.Select(w => $"{UrlOf(NameOf(image.StoredName, w, format))} {w}w"));

    /// <summary>
    /// The <c>src</c> for browsers that read no <c>srcset</c>: the widest JPEG rendition, lighter than a camera's
    /// original, or the original itself when it is small enough to have none.
    /// </summary>
    public static string Fallback(StoredImage image) =>
        image.RenditionWidths.Count == 0 ? UrlOf(image.StoredName) : UrlOf(NameOf(image.StoredName, image.RenditionWidths[^1], RenditionFormat.Jpeg));

    [GeneratedRegex("^(.+)-([0-9]{3,4})\\.(webp|jpg)\\z")]
    private static partial Regex RenditionNamePattern();
}
