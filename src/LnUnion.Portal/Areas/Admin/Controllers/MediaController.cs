using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// The media library, the upload endpoint the Markdown editor sends dropped and pasted files to, and the staff's
/// address for files the public may not fetch yet (<see cref="MediaAccess"/>).
/// </summary>
[Authorize(Policy = Policies.Media)]
[Route("admin/media")]
public sealed class MediaController(PortalDbContext db, Uploads uploads, MediaStorage storage) : AdminController
{
    private const int PageSize = 40;

    // A little above the configured file limit, for the multipart framing; Uploads enforces the real limit.
    private const long MaxRequestBytes = 110L * 1024 * 1024;

    private ReviewRules.Viewer Viewer => new(UserId, User.IsInRole(Roles.Administrator), User.IsInRole(Roles.Reviewer), User.IsInRole(Roles.Editor));

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Clamp(page, 1, 100_000);
        var query = db.MediaFiles.AsNoTracking().VisibleTo(db, Viewer);
        if (!string.IsNullOrWhiteSpace(q))
        {
            query = query.Where(m => m.OriginalName.Contains(q.Trim()));
        }

        var total = await query.CountAsync(cancellationToken);
        var (userId, isAdministrator) = (UserId, User.IsInRole(Roles.Administrator));
        var files = await query
            .OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(m => new MediaRow(m.Id, m.OriginalName, m.StoredName, m.ContentType, m.Size, m.UploadedAt, m.UploadedBy == null ? null : m.UploadedBy.DisplayName ?? m.UploadedBy.Email, false, isAdministrator || m.UploadedById == userId))
            .ToListAsync(cancellationToken);
        files = files.Select(f => f with { IsImage = Uploads.IsInlineImage(f.ContentType) }).ToList();
        return View(nameof(Index), new MediaListModel(files, page, PageCount.Of(total, PageSize), uploads.MaxBytes, q));
    }

    /// <summary>The library's own form: one or more files, with or without JavaScript.</summary>
    [HttpPost("")]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Index(List<IFormFile> files, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var saved = 0;
        var storageFull = false;
        foreach (var file in files)
        {
            var result = await uploads.SaveAsync(file, UserId, cancellationToken);
            if (result.File is { } media)
            {
                db.MediaFiles.Add(media);
                saved++;
            }
            else
            {
                errors.Add(result.Error!);
                storageFull |= result.StorageFull;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (errors.Count > 0 || saved == 0)
        {
            foreach (var error in errors.DefaultIfEmpty("请选择要上传的文件。"))
            {
                ModelState.AddModelError(string.Empty, error);
            }

            Response.StatusCode = storageFull ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
            return await Index(q: null, page: 1, cancellationToken);
        }

        Flash($"已上传 {saved} 个文件。");
        return RedirectToAction(nameof(Index));
    }

    /// <summary>For the editor's drag and drop: JSON in, JSON out.</summary>
    [HttpPost("upload")]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Upload(IFormFile? file, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            return BadRequest(new { error = "没有收到文件。" });
        }

        var result = await uploads.SaveAsync(file, UserId, cancellationToken);
        if (result.File is not { } media)
        {
            return StatusCode(result.StorageFull ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest, new { error = result.Error });
        }

        db.MediaFiles.Add(media);
        await db.SaveChangesAsync(cancellationToken);
        return Ok(new { url = $"/media/{media.StoredName}", name = media.OriginalName, contentType = media.ContentType, isImage = Uploads.IsInlineImage(media.ContentType) });
    }

    /// <summary>A file at an address under /admin, where the sign-in cookie goes, for staff who may see the article it belongs to.</summary>
    [HttpGet("files/{name}")]
    public async Task<IActionResult> File(string name, CancellationToken cancellationToken)
    {
        var path = storage.PathOf(name);
        var file = path is null ? null : await db.MediaFiles.AsNoTracking()
            .Where(m => m.StoredName == name)
            .Select(m => new { m.Id, m.OriginalName, m.ContentType, m.Sha256 })
            .SingleOrDefaultAsync(cancellationToken);
        if (file is null || !System.IO.File.Exists(path) || !await MediaAccess.IsVisibleToAsync(db, file.Id, Viewer, cancellationToken))
        {
            return NotFound();
        }

        return MediaDownload.Result(Response, path!, file.OriginalName, file.ContentType, file.Sha256);
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        var media = await db.MediaFiles.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (media is null || !await MediaAccess.IsVisibleToAsync(db, id, Viewer, cancellationToken))
        {
            return NotFound();
        }

        if (!CanDelete(media.UploadedById))
        {
            ModelState.AddModelError(string.Empty, $"“{media.OriginalName}”是其他人上传的，只有上传者本人或管理员可以删除。");
            Response.StatusCode = StatusCodes.Status403Forbidden;
            return await Index(q: null, page: 1, cancellationToken);
        }

        var inUse = await db.ArticleAttachments.AnyAsync(a => a.MediaFileId == id, cancellationToken)
            || await db.Articles.AnyAsync(a => a.CoverImageId == id || a.BodyMarkdown.Contains(media.StoredName), cancellationToken)
            || await db.ArticleRevisions.AnyAsync(r => r.CoverImageId == id || r.BodyMarkdown.Contains(media.StoredName), cancellationToken)
            || await db.ArticleRevisionAttachments.AnyAsync(x => x.MediaFileId == id, cancellationToken)
            || await db.Pages.AnyAsync(p => p.BodyMarkdown.Contains(media.StoredName), cancellationToken)
            || await db.ServiceAccounts.AnyAsync(a => a.QrImageId == id, cancellationToken)
            || await db.Leaders.AnyAsync(l => l.PhotoId == id, cancellationToken)
            || await db.SiteSettings.AnyAsync(s => s.GovSiteMarkImageId == id, cancellationToken)
            || await db.Topics.AnyAsync(t => t.BannerImageId == id || t.BodyMarkdown.Contains(media.StoredName), cancellationToken);
        if (inUse)
        {
            ModelState.AddModelError(string.Empty, $"“{media.OriginalName}”仍在网站上使用（文章、页面、专题、服务号、领导照片或网站标识，包括历史修订），不能删除。");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await Index(q: null, page: 1, cancellationToken);
        }

        db.MediaFiles.Remove(media);
        await db.SaveChangesAsync(cancellationToken);
        storage.Delete(media.StoredName);

        Flash($"已删除“{media.OriginalName}”。");
        return RedirectToAction(nameof(Index));
    }

    /// <summary>Whose files may go: one's own, and anyone's for an administrator.</summary>
    private bool CanDelete(string? uploadedById) => uploadedById == UserId || User.IsInRole(Roles.Administrator);
}
