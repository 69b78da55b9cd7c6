using SkiaSharp;

namespace LnUnion.Portal.Media;

/// <summary>One resized copy of an image, encoded.</summary>
public sealed record Rendition(int Width, RenditionFormat Format, byte[] Content);

/// <summary>
/// What processing an uploaded image gave: the bytes to serve as the original (null: serve the upload as it came,
/// as for an animation), its size in pixels as shown, and the renditions made. <see cref="Error"/> says in Chinese why
/// an image was refused.
/// </summary>
public sealed record ProcessedImage(byte[]? Original, int Width, int Height, IReadOnlyList<Rendition> Renditions, bool HasRenditions, string? Error = null)
{
    public static ProcessedImage Refused(string error) => new(null, 0, 0, [], false, error);
}

/// <summary>
/// Decodes an uploaded still image once with SkiaSharp, turned upright by its EXIF orientation, and encodes it again:
/// as the served original in its own format and as renditions at <see cref="ImageRenditions.Widths"/> in WebP and
/// JPEG. Encoding writes pixels only, so no EXIF (camera, time, GPS position), XMP or comment of the upload reaches
/// any public file. GIFs and animated WebPs are kept as they are: a still copy would lose the animation.
/// </summary>
public static class ImageProcessing
{
    /// <summary>A 40-megapixel photo is a large camera's; beyond that, decoding would take more memory than a page is worth.</summary>
    public const long MaxPixels = 40_000_000;

    private const int OriginalQuality = 90;
    private const int RenditionQuality = 80;

    /// <summary>Whether uploads of this type are decoded and re-encoded; GIFs are kept as they are.</summary>
    public static bool IsProcessed(string contentType) => contentType is "image/jpeg" or "image/png" or "image/webp";

    public static ProcessedImage Process(ReadOnlySpan<byte> content, string contentType, string name)
    {
        using var data = SKData.CreateCopy(content);
        using var codec = SKCodec.Create(data);
        if (codec is null || codec.Info.Width <= 0 || codec.Info.Height <= 0)
        {
            return ProcessedImage.Refused($"无法识别图片“{name}”的内容，文件可能已损坏，请换一张图片。");
        }

        if ((long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return ProcessedImage.Refused($"图片“{name}”有 {codec.Info.Width}×{codec.Info.Height} 像素，超过了 {MaxPixels / 10_000} 万像素的上限，请缩小后再上传。");
        }

        var upright = SwapsSides(codec.EncodedOrigin) ? (codec.Info.Height, codec.Info.Width) : (codec.Info.Width, codec.Info.Height);
        if (!IsProcessed(contentType) || codec.FrameCount > 1)
        {
            return new ProcessedImage(null, upright.Item1, upright.Item2, [], false);
        }

        using var decoded = SKBitmap.Decode(codec, codec.Info.WithColorType(SKImageInfo.PlatformColorType).WithAlphaType(SKAlphaType.Premul));
        if (decoded is null)
        {
            return ProcessedImage.Refused($"无法识别图片“{name}”的内容，文件可能已损坏，请换一张图片。");
        }

        using var image = Upright(decoded, codec.EncodedOrigin);
        var original = Encode(image, contentType switch
        {
            "image/png" => SKEncodedImageFormat.Png,
            "image/webp" => SKEncodedImageFormat.Webp,
            _ => SKEncodedImageFormat.Jpeg,
        }, OriginalQuality);
        return new ProcessedImage(original, image.Width, image.Height, Renditions(image), true);
    }

    /// <summary>The renditions of an image that is already upright and clean (the backfill's, for a file processed before).</summary>
    public static IReadOnlyList<Rendition>? RenditionsOf(ReadOnlySpan<byte> content)
    {
        using var data = SKData.CreateCopy(content);
        using var decoded = SKBitmap.Decode(data);
        return decoded is null ? null : Renditions(decoded);
    }

    private static List<Rendition> Renditions(SKBitmap image)
    {
        var renditions = new List<Rendition>();
        foreach (var width in ImageRenditions.WidthsFor(image.Width))
        {
            var height = Math.Max(1, (int)Math.Round((double)image.Height * width / image.Width));
            using var resized = width == image.Width ? image.Copy() : image.Resize(new SKImageInfo(width, height, image.ColorType, image.AlphaType), new SKSamplingOptions(SKCubicResampler.Mitchell));
            renditions.Add(new Rendition(width, RenditionFormat.Webp, Encode(resized, SKEncodedImageFormat.Webp, RenditionQuality)));
            using var opaque = Opaque(resized);
            renditions.Add(new Rendition(width, RenditionFormat.Jpeg, Encode(opaque, SKEncodedImageFormat.Jpeg, RenditionQuality)));
        }

        return renditions;
    }

    private static byte[] Encode(SKBitmap image, SKEncodedImageFormat format, int quality)
    {
        using var pixmap = image.PeekPixels();
        using var encoded = pixmap.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return encoded.ToArray();
    }

    /// <summary>JPEG has no transparency: a logo's clear background becomes white, as on the page, not black.</summary>
    private static SKBitmap Opaque(SKBitmap image)
    {
        var flat = new SKBitmap(new SKImageInfo(image.Width, image.Height, image.ColorType, SKAlphaType.Premul));
        using var canvas = new SKCanvas(flat);
        canvas.Clear(SKColors.White);
        canvas.DrawBitmap(image, 0, 0, SKSamplingOptions.Default);
        return flat;
    }

    private static bool SwapsSides(SKEncodedOrigin origin) =>
        origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    /// <summary>The pixels as a viewer shows them: a phone held upright records its photo sideways and says so in EXIF.</summary>
    private static SKBitmap Upright(SKBitmap source, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft)
        {
            return source.Copy();
        }

        var (w, h) = SwapsSides(origin) ? (source.Height, source.Width) : (source.Width, source.Height);
        // Each maps a source pixel (x, y) to its upright place: x' = ScaleX·x + SkewX·y + TransX, y' = SkewY·x + ScaleY·y + TransY.
        var matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, w, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, w, -1, 0, h, 0, 0, 1),
            _ => new SKMatrix(0, 1, 0, -1, 0, h, 0, 0, 1),
        };
        var upright = new SKBitmap(new SKImageInfo(w, h, source.ColorType, source.AlphaType));
        using var canvas = new SKCanvas(upright);
        canvas.SetMatrix(matrix);
        canvas.DrawBitmap(source, 0, 0, SKSamplingOptions.Default);
        return upright;
    }
}
