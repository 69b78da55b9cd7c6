using System.Security.Cryptography;
using LnUnion.Portal.Data;
using LnUnion.Portal.Text;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Media;

/// <summary>
/// What an upload turned out to be: a stored file, or a reason in Chinese why it was refused. <see cref="StorageFull"/>
/// says the refusal is the server's (its disk is full), not the file's.
/// </summary>
public sealed record UploadResult(MediaFile? File, string? Error, bool StorageFull = false)
{
    public bool Succeeded => File is not null;
}

/// <summary>
/// Accepts an upload only when both its extension and its first bytes say it is one of the allowed kinds, and
/// stores it outside wwwroot under a random name. The content type served later comes from this list, never
/// from what the browser claimed. The file is written under its incoming name; <see cref="MediaFileCommit"/> moves
/// it into place when the caller saves the returned row.
/// </summary>
public sealed class Uploads(MediaStorage storage, StorageHealth health, IOptions<StorageOptions> options, TimeProvider clock)
{
    private sealed record Kind(string ContentType, bool IsImage, params byte[][] Signatures);

    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Zip = "PK\x03\x04"u8.ToArray();

    private static readonly Dictionary<string, Kind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = new("image/jpeg", true, [0xFF, 0xD8, 0xFF]),
        [".jpeg"] = new("image/jpeg", true, [0xFF, 0xD8, 0xFF]),
        [".png"] = new("image/png", true, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        [".gif"] = new("image/gif", true, "GIF87a"u8.ToArray(), "GIF89a"u8.ToArray()),
        [".webp"] = new("image/webp", true, "RIFF"u8.ToArray()),
        [".pdf"] = new("application/pdf", false, "%PDF-"u8.ToArray()),
        [".doc"] = new("application/msword", false, Ole),
        [".xls"] = new("application/vnd.ms-excel", false, Ole),
        [".wps"] = new("application/vnd.ms-works", false, Ole),
        [".docx"] = new("application/vnd.openxmlformats-officedocument.wordprocessingml.document", false, Zip),
        [".xlsx"] = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", false, Zip),
        [".zip"] = new("application/zip", false, Zip),
    };

    public const string AllowedDescription = "图片（jpg、png、gif、webp）或文档（pdf、doc、docx、xls、xlsx、wps、zip）";

    public long MaxBytes => options.Value.MaxUploadBytes;

    /// <summary>Only the raster types we accept open in the browser; anything else (an SVG above all) downloads.</summary>
    public static bool IsInlineImage(string contentType) => contentType is "image/jpeg" or "image/png" or "image/gif" or "image/webp";

    /// <summary>
    /// Checks and stores an upload. An image for the public site (<paramref name="isPublic"/>) is processed as it
    /// comes (<see cref="ImageProcessing"/>): its metadata stripped, its size recorded and its renditions stored
    /// beside it. A letter's attachments are kept as the writer sent them: only letter handlers ever see them.
    /// </summary>
    public async Task<UploadResult> SaveAsync(IFormFile upload, string? uploaderId, CancellationToken cancellationToken, bool imagesOnly = false, bool isPublic = true)
    {
        var originalName = CleanName(upload.FileName);
        if (originalName.Length == 0 || upload.Length == 0)
        {
            return Refused("没有收到文件，或文件是空的。");
        }

        if (upload.Length > MaxBytes)
        {
            return Refused($"文件“{originalName}”超过了 {FileSize.Format(MaxBytes)} 的大小限制。");
        }

        if (!Kinds.TryGetValue(Path.GetExtension(originalName), out var kind) || (imagesOnly && !kind.IsImage))
        {
            return Refused($"不支持“{originalName}”这种文件。只能上传{(imagesOnly ? "图片（jpg、png、gif、webp）" : AllowedDescription)}。");
        }

        await using var buffer = new MemoryStream((int)upload.Length);
        await upload.CopyToAsync(buffer, cancellationToken);
        ReadOnlyMemory<byte> bytes = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (!HasSignature(kind, Path.GetExtension(originalName), bytes.Span))
        {
            return Refused($"“{originalName}”的内容与扩展名不符，已拒绝上传。");
        }

        var image = kind.IsImage && isPublic ? ImageProcessing.Process(bytes.Span, kind.ContentType, originalName) : null;
        if (image?.Error is { } imageError)
        {
            return Refused(imageError);
        }

        bytes = image?.Original ?? bytes;
        var storedName = MediaStorage.NewStoredName(Path.GetExtension(originalName));
        try
        {
            foreach (var rendition in image?.Renditions ?? [])
            {
                await storage.WriteIncomingAsync(ImageRenditions.NameOf(storedName, rendition.Width, rendition.Format), rendition.Content, cancellationToken);
            }

            await storage.WriteIncomingAsync(storedName, bytes, cancellationToken);
        }
        catch (IOException e) when (StorageHealth.IsDiskFull(e))
        {
            storage.Delete(storedName);
            health.Full(Store.Media, storage.Root, e);
            return new UploadResult(null, $"服务器存储空间已满，文件“{originalName}”未能保存。请联系网站管理员清理空间后重试。", StorageFull: true);
        }

        health.Written(Store.Media);

        return new UploadResult(new MediaFile
        {
            StoredName = storedName,
            OriginalName = originalName,
            ContentType = kind.ContentType,
            Size = bytes.Length,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span)),
            Width = image?.Width,
            Height = image?.Height,
            HasRenditions = image?.HasRenditions ?? false,
            UploadedById = uploaderId,
            UploadedAt = clock.GetUtcNow().UtcDateTime,
        }, null);
    }

    private static bool HasSignature(Kind kind, string extension, ReadOnlySpan<byte> content)
    {
        foreach (var signature in kind.Signatures)
        {
            if (content.StartsWith(signature))
            {
                // A RIFF container is WebP only when it says so at byte 8.
                return !extension.Equals(".webp", StringComparison.OrdinalIgnoreCase) || (content.Length >= 12 && content[8..12].SequenceEqual("WEBP"u8));
            }
        }

        return false;
    }

    /// <summary>The file's own name without any folder part or control character, as the uploader's computer called it.</summary>
    internal static string CleanName(string? fileName)
    {
        var name = (fileName ?? string.Empty).Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        name = new string(name.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')).ToArray()).Trim().Trim('.');
        return name.Length <= 200 ? name : name[^200..];
    }

    private static UploadResult Refused(string error) => new(null, error);
}
