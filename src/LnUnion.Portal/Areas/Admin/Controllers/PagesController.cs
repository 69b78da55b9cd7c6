using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Editing;
using LnUnion.Portal.Media;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>The standing pages (机构简介, 主要职责, 联系我们): edited directly, with every save kept as a revision.</summary>
[Authorize(Policy = Policies.Write)]
[Route("admin/pages")]
public sealed class PagesController(
    PortalDbContext db,
    MarkdownRenderer markdown,
    ContentChanges changes,
    EditorDrafts drafts,
    TimeProvider clock) : AdminController
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var rows = await db.Pages.AsNoTracking()
            .Select(p => new PageRow(
                p.Id,
                p.Slug,
                p.Title,
                p.UpdatedAt,
                p.UpdatedBy == null ? null : p.UpdatedBy.DisplayName ?? p.UpdatedBy.Email,
                p.Revisions.Count))
            .ToListAsync(cancellationToken);
        return View(rows.OrderBy(r => PublicAddresses.StandingPageOrder(r.Slug)).ThenBy(r => r.Id).ToList());
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken) =>
        await DetailAsync(id, error: null, cancellationToken) is { } view ? view : NotFound();

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var page = await db.Pages.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new { p.Slug, p.Title, p.BodyMarkdown, p.Version, p.UpdatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        return View(new PageEditModel
        {
            Id = id,
            Slug = page.Slug,
            Input = new PageInput { Version = page.Version, Title = page.Title, BodyMarkdown = page.BodyMarkdown },
            SavedAt = page.UpdatedAt,
        });
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, PageInput input, CancellationToken cancellationToken)
    {
        var page = await db.Pages.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            return View(new PageEditModel { Id = id, Slug = page.Slug, Input = input });
        }

        ApplyText(page, input.Title.Trim(), input.BodyMarkdown ?? string.Empty, "修改");
        if (!await changes.SaveAsync(page, input.Version, cancellationToken))
        {
            var current = await db.Pages.AsNoTracking().Where(p => p.Id == id).Select(p => (Guid?)p.Version).SingleOrDefaultAsync(cancellationToken);
            if (current is null)
            {
                return NotFound();
            }

            input.Version = current.Value;
            ShowConflict();
            return View(new PageEditModel { Id = id, Slug = page.Slug, Input = input, IsConflict = true });
        }

        await drafts.DiscardAsync(UserId, EditorDrafts.KeyOfPage(id), cancellationToken);
        Flash("页面已保存，网站上已显示新内容。");
        return RedirectToAction(nameof(Show), new { id });
    }

    [HttpGet("{id:int}/compare")]
    public async Task<IActionResult> Compare(int id, int from, int to, CancellationToken cancellationToken)
    {
        var page = await db.Pages.AsNoTracking().Where(p => p.Id == id).Select(p => new { p.Title }).SingleOrDefaultAsync(cancellationToken);
        var revisions = await db.PageRevisions.AsNoTracking()
            .Where(r => r.PageId == id && (r.Id == from || r.Id == to))
            .Select(r => new RevisionText(r.Id, r.Title, r.BodyMarkdown, r.CreatedAt, r.CreatedBy == null ? null : r.CreatedBy.DisplayName ?? r.CreatedBy.Email, r.Note))
            .ToListAsync(cancellationToken);
        return page is not null && DiffModel.Between(page.Title, Url.Action(nameof(Show), new { id })!, revisions, from, to) is { } diff
            ? View("Diff", diff)
            : NotFound();
    }

    [HttpPost("{id:int}/revisions/{revisionId:int}/restore")]
    public async Task<IActionResult> Restore(int id, int revisionId, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var page = await db.Pages.SingleOrDefaultAsync(p => p.Id == id, cancellationToken);
        var revision = await db.PageRevisions.AsNoTracking()
            .Where(r => r.Id == revisionId && r.PageId == id)
            .Select(r => new { r.Id, r.Title, r.BodyMarkdown })
            .SingleOrDefaultAsync(cancellationToken);
        if (page is null || revision is null)
        {
            return NotFound();
        }

        ApplyText(page, revision.Title, revision.BodyMarkdown, $"恢复自修订 #{revision.Id}");
        if (!await changes.SaveAsync(page, version, cancellationToken))
        {
            return await DetailAsync(id, ContentChanges.ConflictMessage, cancellationToken) is { } view ? view : NotFound();
        }

        Flash($"已恢复修订 #{revision.Id}（保存为新的修订），网站上已显示恢复后的内容。");
        return RedirectToAction(nameof(Show), new { id });
    }

    /// <summary>Pages have no review: every save goes live at once, and is kept as a revision.</summary>
    private void ApplyText(Page page, string title, string body, string note)
    {
        page.Title = title;
        page.BodyMarkdown = body;
        page.UpdatedAt = Now;
        page.UpdatedById = UserId;
        changes.PageChanged(page.Slug);
        db.PageRevisions.Add(new PageRevision
        {
            Page = page,
            Title = title,
            BodyMarkdown = body,
            CreatedAt = Now,
            CreatedById = UserId,
            Note = note,
        });
    }

    private async Task<ViewResult?> DetailAsync(int id, string? error, CancellationToken cancellationToken)
    {
        var page = await db.Pages.AsNoTracking()
            .Where(p => p.Id == id)
            .Select(p => new { p.Slug, p.Title, p.BodyMarkdown, p.Version, p.UpdatedAt })
            .SingleOrDefaultAsync(cancellationToken);
        if (page is null)
        {
            return null;
        }

        var revisions = await db.PageRevisions.AsNoTracking()
            .Where(r => r.PageId == id)
            .OrderByDescending(r => r.Id)
            .Select(r => new RevisionRow(r.Id, r.Title, r.CreatedAt, r.CreatedBy == null ? null : r.CreatedBy.DisplayName ?? r.CreatedBy.Email, r.Note, false))
            .ToListAsync(cancellationToken);

        if (error is not null)
        {
            ModelState.AddModelError(string.Empty, error);
        }

        var view = View("Show", new PageDetailModel
        {
            Id = id,
            Slug = page.Slug,
            Title = page.Title,
            PreviewHtml = markdown.ToPreviewHtml(page.BodyMarkdown, await BodyImages.LookUpAsync(db, [page.BodyMarkdown], cancellationToken)),
            Revisions = revisions,
            Version = page.Version,
        });
        if (error is not null)
        {
            view.StatusCode = StatusCodes.Status409Conflict;
        }

        return view;
    }
}
