using System.Net.Mime;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace LnUnion.Portal.Media;

/// <summary>
/// A stored file as a response, public or admin: the type recorded at upload, never one guessed from the bytes.
/// <c>version</c> tells this file's content from any other's (its SHA-256, and a rendition's width and format).
/// </summary>
public static class MediaDownload
{
    public static PhysicalFileResult Result(HttpResponse response, string path, string originalName, string contentType, string version)
    {
        // Images open in the page; anything else downloads under its original name, so the browser never renders it.
        var disposition = new ContentDispositionHeaderValue(Uploads.IsInlineImage(contentType) ? DispositionTypeNames.Inline : DispositionTypeNames.Attachment);
        disposition.SetHttpFileName(originalName);
        response.Headers.ContentDisposition = disposition.ToString();
        return new PhysicalFileResult(path, contentType)
        {
            EntityTag = new EntityTagHeaderValue($"\"{version}\""),
            EnableRangeProcessing = true,
        };
    }
}
