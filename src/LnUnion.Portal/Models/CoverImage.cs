using LnUnion.Portal.Media;

namespace LnUnion.Portal.Models;

/// <summary>
/// A cover image as public pages print it, through the one partial _CoverImage: lazy unless it is the first thing a
/// reader sees, sized from the stored dimensions so the page does not shift as it loads, and offered in the
/// renditions' widths (WebP, JPEG for the rest) so a phone downloads a phone's image. Topic banners, leaders'
/// photos and service accounts' QR codes are printed through it too; <paramref name="Class"/> is the picture's own
/// class for the style that sizes it.
/// </summary>
public sealed record CoverImage(StoredImage Image, string Alt, bool Eager = false, string Sizes = ImageRenditions.ColumnSizes, string? Class = null)
{
    public string Source => ImageRenditions.Fallback(Image);

    public string? WebpSrcset => ImageRenditions.Srcset(Image, RenditionFormat.Webp);

    public string? JpegSrcset => ImageRenditions.Srcset(Image, RenditionFormat.Jpeg);
}
