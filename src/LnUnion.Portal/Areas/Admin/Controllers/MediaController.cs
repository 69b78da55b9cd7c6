using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>The media library, and the upload endpoint the Markdown editor sends dropped and pasted files to.</summary>
[Authorize(Policy = Policies.Media)]
[Route("admin/media")]
public sealed class MediaController(PortalDbContext db, Uploads uploads, MediaStorage storage) : AdminController
{
    private const int PageSize = 40;

    // A little above the configured file limit, for the multipart framing; Uploads enforces the real limit.
    private const long MaxRequestBytes = 110L * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(string? q, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Clamp(page, 1, 100_000);
        var query = db.MediaFiles.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            query = query.Where(m => m.OriginalName.Contains(q.Trim()));
        }

        var total = await query.CountAsync(cancellationToken);
        var files = await query
            .OrderByDescending(m => m.UploadedAt).ThenByDescending(m => m.Id)
            .Skip((page - 1) * PageSize)
            .Take(PageSize)
            .Select(m => new MediaRow(m.Id, m.OriginalName, m.StoredName, m.ContentType, m.Size, m.UploadedAt, m.UploadedBy == null ? null : m.UploadedBy.DisplayName ?? m.UploadedBy.Email, false))
            .ToListAsync(cancellationToken);
        files = files.Select(f => f with { IsImage = Uploads.IsInlineImage(f.ContentType) }).ToList();
        return View(nameof(Index), new MediaListModel(files, page, Math.Max(1, (total + PageSize - 1) / PageSize), uploads.MaxBytes, q));
    }

    /// <summary>The library's own form: one or more files, with or without JavaScript.</summary>
    [HttpPost("")]
    [RequestSizeLimit(MaxRequestBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxRequestBytes)]
    public async Task<IActionResult> Index(List<IFormFile> files, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var saved = 0;
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
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (errors.Count > 0 || saved == 0)
        {
            foreach (var error in errors.DefaultIfEmpty("请选择要上传的文件。"))
            {
                ModelState.AddModelError(string.Empty, error);
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
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
            return BadRequest(new { error = result.Error });
        }

        db.MediaFiles.Add(media);
        await db.SaveChangesAsync(cancellationToken);
        return Ok(new { url = $"/media/{media.StoredName}", name = media.OriginalName, contentType = media.ContentType, isImage = Uploads.IsInlineImage(media.ContentType) });
    }

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, CancellationToken cancellationToken)
    {
        var media = await db.MediaFiles.SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (media is null)
        {
            return NotFound();
        }

        var inUse = await db.ArticleAttachments.AnyAsync(a => a.MediaFileId == id, cancellationToken)
            || await db.Articles.AnyAsync(a => a.CoverImageId == id || a.BodyMarkdown.Contains(media.StoredName), cancellationToken)
            || await db.ArticleRevisions.AnyAsync(r => r.BodyMarkdown.Contains(media.StoredName), cancellationToken)
            || await db.Pages.AnyAsync(p => p.BodyMarkdown.Contains(media.StoredName), cancellationToken)
            || await db.ServiceAccounts.AnyAsync(a => a.QrImageId == id, cancellationToken);
        if (inUse)
        {
            ModelState.AddModelError(string.Empty, $"“{media.OriginalName}”仍在文章、页面或服务号中使用（包括历史修订），不能删除。");
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await Index(q: null, page: 1, cancellationToken);
        }

        db.MediaFiles.Remove(media);
        await db.SaveChangesAsync(cancellationToken);
        if (storage.PathOf(media.StoredName) is { } path)
        {
            System.IO.File.Delete(path);
        }

        Flash($"已删除“{media.OriginalName}”。");
        return RedirectToAction(nameof(Index));
    }
}
