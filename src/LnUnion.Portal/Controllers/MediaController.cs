using System.Net.Mime;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace LnUnion.Portal.Controllers;

/// <summary>Serves uploaded files from outside wwwroot with the type recorded at upload, never one guessed from the bytes.</summary>
[AllowAnonymous]
public sealed class MediaController(PortalDbContext db, MediaStorage storage) : Controller
{
    [HttpGetOrHead("/media/{name}")]
    public async Task<IActionResult> Get(string name, CancellationToken cancellationToken)
    {
        var path = storage.PathOf(name);
        if (path is null)
        {
            return NotFound();
        }

        var file = await db.MediaFiles.AsNoTracking()
            .Where(m => m.StoredName == name)
            .Select(m => new { m.OriginalName, m.ContentType, m.Sha256 })
            .SingleOrDefaultAsync(cancellationToken);
        if (file is null || !System.IO.File.Exists(path))
        {
            return NotFound();
        }

        // Images open in the page; anything else downloads under its original name, so the browser never renders it.
        var disposition = new ContentDispositionHeaderValue(Uploads.IsInlineImage(file.ContentType) ? DispositionTypeNames.Inline : DispositionTypeNames.Attachment);
        disposition.SetHttpFileName(file.OriginalName);
        Response.Headers.ContentDisposition = disposition.ToString();
        // Stored files never change: a new upload gets a new name.
        Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return PhysicalFile(path, file.ContentType, lastModified: null, entityTag: new EntityTagHeaderValue($"\"{file.Sha256}\""), enableRangeProcessing: true);
    }
}
