namespace LnUnion.Portal.Data;

/// <summary>An uploaded file. The bytes live outside wwwroot under <see cref="StoredName"/>, never under the uploader's name.</summary>
public class MediaFile
{
    public int Id { get; set; }

    /// <summary>Random file name in the media folder.</summary>
    public required string StoredName { get; set; }

    public required string OriginalName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }

    /// <summary>Lower-case hex SHA-256 of the content.</summary>
    public required string Sha256 { get; set; }

    /// <summary>
    /// The image's size in pixels as shown (turned upright by its EXIF orientation); null for a file that is not an
    /// image, or an image uploaded before sizes were recorded that the backfill has not reached yet.
    /// </summary>
    public int? Width { get; set; }

    public int? Height { get; set; }

    /// <summary>Whether resized copies were made (<see cref="Media.ImageRenditions"/>); never for a GIF or an animation.</summary>
    public bool HasRenditions { get; set; }

    public string? UploadedById { get; set; }
    public PortalUser? UploadedBy { get; set; }
    public DateTime UploadedAt { get; set; }
}
