using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

/// <summary>Serves uploaded files from outside wwwroot to the public, except those of articles not yet public (<see cref="MediaAccess"/>).</summary>
[AllowAnonymous]
public sealed class MediaController(PortalDbContext db, MediaStorage storage, TimeProvider clock) : Controller
{
    [HttpGetOrHead(PublicAddresses.Routes.MediaFile)]
    public async Task<IActionResult> Get(string name, CancellationToken cancellationToken)
    {
        var path = storage.PathOf(name);
        if (path is null)
        {
            return NotFound();
        }

        // A rendition is served exactly when its original is, under the original's row.
        var rendition = ImageRenditions.Parse(name);
        var storedName = rendition?.StoredName ?? name;
        var file = await db.MediaFiles.AsNoTracking()
            .Where(m => m.StoredName == storedName)
            .Select(m => new { m.Id, m.OriginalName, m.ContentType, m.Sha256 })
            .SingleOrDefaultAsync(cancellationToken);
        if (file is null || !System.IO.File.Exists(path) || !await MediaAccess.IsPublicAsync(db, file.Id, clock.GetUtcNow().UtcDateTime, cancellationToken))
        {
            return NotFound();
        }

        // Stored files never change: a new upload gets a new name. A day, not a year, so a withdrawn article's
        // attachments leave browsers' and proxies' caches soon after it leaves the site.
        Response.Headers.CacheControl = "public, max-age=86400";
        return rendition is { } r
            ? MediaDownload.Result(Response, path, Path.ChangeExtension(file.OriginalName, Path.GetExtension(name)), ImageRenditions.ContentTypeOf(r.Format), $"{file.Sha256}-{r.Width}{Path.GetExtension(name)}")
            : MediaDownload.Result(Response, path, file.OriginalName, file.ContentType, file.Sha256);
    }
}
