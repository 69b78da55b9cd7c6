using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Services;
using LnUnion.Portal.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// The 职工服务 entries of the services page and the home page's block. Office staff keep them, as they keep the
/// footer; a change evicts every public page, as a service account's does.
/// </summary>
[Authorize(Policy = Policies.Settings)]
[Route("admin/services")]
public sealed class ServicesController(PortalDbContext db, ContentChanges changes, TimeProvider clock) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await RowsAsync(cancellationToken));

    [HttpGet("new")]
    public async Task<IActionResult> New(CancellationToken cancellationToken) => View("Edit", await EditModelAsync(null, new WorkerServiceInput(), null, cancellationToken));

    [HttpPost("new")]
    public async Task<IActionResult> New(WorkerServiceInput input, CancellationToken cancellationToken)
    {
        await CheckLetterTypeAsync(input, cancellationToken);
        if (!ModelState.IsValid)
        {
            return View("Edit", await EditModelAsync(null, input, null, cancellationToken));
        }

        var last = await db.WorkerServices.MaxAsync(s => (int?)s.SortOrder, cancellationToken) ?? 0;
        var service = new WorkerService { Name = string.Empty, Icon = ServiceIcons.Default, SortOrder = last + 1 };
        Apply(service, input);
        db.WorkerServices.Add(service);
        changes.EverythingChanged();
        await changes.SaveAsync(cancellationToken);
        Flash($"已添加“{service.Name}”。");
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var saved = await SavedAsync(id, cancellationToken);
        return saved is null ? NotFound() : View(await EditModelAsync(id, saved, null, cancellationToken));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, WorkerServiceInput input, CancellationToken cancellationToken)
    {
        var service = await db.WorkerServices.SingleOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (service is null)
        {
            return NotFound();
        }

        await CheckLetterTypeAsync(input, cancellationToken);
        if (!ModelState.IsValid)
        {
            return View(await EditModelAsync(id, input, null, cancellationToken));
        }

        Apply(service, input);
        changes.EverythingChanged();
        if (!await changes.SaveAsync(service, input.Version, cancellationToken))
        {
            var saved = await SavedAsync(id, cancellationToken);
            if (saved is null)
            {
                return NotFound();
            }

            input.Version = saved.Version;
            ShowConflict();
            return View(await EditModelAsync(id, input, saved, cancellationToken));
        }

        Flash($"已保存“{service.Name}”。");
        return RedirectToAction(nameof(Index));
    }

    [HttpPost("{id:int}/up")]
    public Task<IActionResult> MoveUp(int id, [FromForm] Guid version, CancellationToken cancellationToken) => MoveAsync(id, version, -1, cancellationToken);

    [HttpPost("{id:int}/down")]
    public Task<IActionResult> MoveDown(int id, [FromForm] Guid version, CancellationToken cancellationToken) => MoveAsync(id, version, +1, cancellationToken);

    /// <summary>Moves the entry one place (see <see cref="ListOrder"/>).</summary>
    private async Task<IActionResult> MoveAsync(int id, Guid version, int step, CancellationToken cancellationToken)
    {
        if (await ListOrder.MoveAsync(db, db.WorkerServices, id, step, cancellationToken) is not { } moved)
        {
            return NotFound();
        }

        changes.EverythingChanged();
        if (!await changes.SaveAsync(moved, version, cancellationToken))
        {
            ShowConflict();
            return View(nameof(Index), await RowsAsync(cancellationToken));
        }

        return RedirectToAction(nameof(Index));
    }

    private void Apply(WorkerService service, WorkerServiceInput input)
    {
        service.Name = input.Name.Trim();
        service.Description = TextInput.Clean(input.Description);
        service.LinkKind = input.LinkKind;
        // Only what the chosen kind uses is kept, so a hidden leftover can never become the link.
        service.LinkTarget = input.LinkKind is ServiceLinkKind.Internal or ServiceLinkKind.External or ServiceLinkKind.Phone ? input.LinkTarget!.Trim() : null;
        service.LetterTypeId = input.LinkKind == ServiceLinkKind.Mailbox ? input.LetterTypeId : null;
        service.Icon = input.Icon;
        service.IsShown = input.IsShown;
        service.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        service.UpdatedById = UserId;
    }

    /// <summary>A letter type that no longer takes letters would open the form on a choice it does not offer.</summary>
    private async Task CheckLetterTypeAsync(WorkerServiceInput input, CancellationToken cancellationToken)
    {
        if (input.LinkKind == ServiceLinkKind.Mailbox && input.LetterTypeId is { } typeId
            && !await db.LetterTypes.AnyAsync(t => t.Id == typeId && t.IsActive, cancellationToken))
        {
            ModelState.AddModelError($"{nameof(WorkerServiceEditModel.Input)}.{nameof(WorkerServiceInput.LetterTypeId)}", "这个信件类型已停用或不存在，请另选一个。");
        }
    }

    private Task<WorkerServiceInput?> SavedAsync(int id, CancellationToken cancellationToken) =>
        db.WorkerServices.AsNoTracking()
            .Where(s => s.Id == id)
            .Select(s => new WorkerServiceInput
            {
                Version = s.Version,
                Name = s.Name,
                Description = s.Description,
                LinkKind = s.LinkKind,
                LinkTarget = s.LinkTarget,
                LetterTypeId = s.LetterTypeId,
                Icon = s.Icon,
                IsShown = s.IsShown,
            })
            .SingleOrDefaultAsync(cancellationToken);

    private async Task<WorkerServiceEditModel> EditModelAsync(int? id, WorkerServiceInput input, WorkerServiceInput? saved, CancellationToken cancellationToken) => new()
    {
        Id = id,
        Input = input,
        Saved = saved,
        LetterTypes = await db.LetterTypes.AsNoTracking()
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Id)
            .Select(t => new LetterTypeChoice(t.Id, t.Name, t.IsActive))
            .ToListAsync(cancellationToken),
    };

    private async Task<List<WorkerServiceRow>> RowsAsync(CancellationToken cancellationToken)
    {
        var rows = await db.WorkerServices.AsNoTracking()
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Id)
            .Select(s => new { s.Id, s.Name, s.Description, s.LinkKind, s.LinkTarget, s.LetterTypeId, LetterType = s.LetterType == null ? null : s.LetterType.Name, s.Icon, s.IsShown, s.Version })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new WorkerServiceRow(
            s.Id,
            s.Name,
            s.Description,
            ServiceLinkKindNames.Of(s.LinkKind) + (s.LinkKind == ServiceLinkKind.Mailbox ? $"：{s.LetterType}" : s.LinkTarget is null ? string.Empty : $"：{s.LinkTarget}"),
            s.Icon,
            s.IsShown,
            s.Version))];
    }
}
