using LnUnion.Portal.Media;

namespace LnUnion.Portal.Models;

/// <summary>
/// A cover image as public pages print it, through the one partial _CoverImage: lazy unless it is the first thing a
/// reader sees, sized from the stored dimensions so the page does not shift as it loads, and offered in the
/// renditions' widths (WebP, JPEG for the rest) so a phone downloads a phone's image.
/// </summary>
public sealed record CoverImage(StoredImage Image, string Alt, bool Eager = false, string Sizes = ImageRenditions.ColumnSizes)
{
    public string Source => ImageRenditions.Fallback(Image);

    public string? WebpSrcset => ImageRenditions.Srcset(Image, RenditionFormat.Webp);

    public string? JpegSrcset => ImageRenditions.Srcset(Image, RenditionFormat.Jpeg);
}
