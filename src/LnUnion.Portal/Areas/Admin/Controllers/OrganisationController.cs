using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Organisation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>机构设置 and 领导之窗: office staff keep the units and the leadership, each save kept as a revision.</summary>
[Authorize(Policy = Policies.Settings)]
[Route("admin/organisation")]
public sealed class OrganisationController(PortalDbContext db, OrganisationEditing editing, Uploads uploads) : AdminController
{
    private const long MaxFormBytes = 20L * 1024 * 1024;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await IndexModelAsync(cancellationToken));

    private async Task<OrganisationIndexModel> IndexModelAsync(CancellationToken cancellationToken) => new(
        await db.OrganisationUnits.AsNoTracking()
            .OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new OrganisationRow(u.Id, u.Name, OrganisationPages.KindName(u.Kind), u.IsShown, u.SortOrder, u.Version))
            .ToListAsync(cancellationToken),
        await db.Leaders.AsNoTracking()
            .OrderBy(l => l.SortOrder).ThenBy(l => l.Id)
            .Select(l => new OrganisationRow(l.Id, l.Name, l.Title, l.IsShown, l.SortOrder, l.Version))
            .ToListAsync(cancellationToken));

    [HttpGet("units/new")]
    public IActionResult NewUnit() => View("UnitEdit", new UnitEditModel { Input = new UnitInput() });

    [HttpPost("units/new")]
    public async Task<IActionResult> NewUnit(UnitInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("UnitEdit", new UnitEditModel { Input = input });
        }

        await editing.AddUnitAsync(input, UserId, cancellationToken);
        Flash($"已添加“{input.Name.Trim()}”。");
        return RedirectToIndex("units");
    }

    [HttpGet("units/{id:int}/edit")]
    public async Task<IActionResult> EditUnit(int id, CancellationToken cancellationToken)
    {
        var saved = await editing.UnitAsync(id, cancellationToken);
        return saved is null ? NotFound() : View("UnitEdit", await UnitModelAsync(id, saved, saved: null, cancellationToken));
    }

    [HttpPost("units/{id:int}/edit")]
    public async Task<IActionResult> EditUnit(int id, UnitInput input, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("UnitEdit", await UnitModelAsync(id, input, saved: null, cancellationToken));
        }

        return await UnitSavedAsync(id, input, await editing.SaveUnitAsync(id, input, UserId, note: null, cancellationToken), cancellationToken);
    }

    [HttpPost("units/{id:int}/revisions/{revision:int}/restore")]
    public async Task<IActionResult> RestoreUnit(int id, int revision, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var input = await editing.RevisionAsync<UnitInput>(OrganisationSubject.Unit, id, revision, cancellationToken);
        if (input is null)
        {
            return NotFound();
        }

        input.Version = version;
        return await UnitSavedAsync(id, input, await editing.SaveUnitAsync(id, input, UserId, $"恢复自修订 {revision}", cancellationToken), cancellationToken);
    }

    [HttpPost("units/{id:int}/delete")]
    public Task<IActionResult> DeleteUnit(int id, [FromForm] Guid version, CancellationToken cancellationToken) =>
        DeleteAsync(OrganisationSubject.Unit, id, version, "units", cancellationToken);

    [HttpGet("leaders/new")]
    public IActionResult NewLeader() => View("LeaderEdit", new LeaderEditModel { Input = new LeaderInput() });

    [HttpPost("leaders/new")]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
    public async Task<IActionResult> NewLeader(LeaderInput input, CancellationToken cancellationToken)
    {
        var photo = ModelState.IsValid ? await PhotoAsync(input, cancellationToken) : null;
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("LeaderEdit", new LeaderEditModel { Input = input });
        }

        input.PhotoId = null;
        await editing.AddLeaderAsync(input, photo, UserId, cancellationToken);
        Flash($"已添加“{input.Name.Trim()}”。");
        return RedirectToIndex("leaders");
    }

    [HttpGet("leaders/{id:int}/edit")]
    public async Task<IActionResult> EditLeader(int id, CancellationToken cancellationToken)
    {
        var saved = await editing.LeaderAsync(id, cancellationToken);
        return saved is null ? NotFound() : View("LeaderEdit", await LeaderModelAsync(id, saved, saved: null, cancellationToken));
    }

    [HttpPost("leaders/{id:int}/edit")]
    [RequestSizeLimit(MaxFormBytes)]
    [RequestFormLimits(MultipartBodyLengthLimit = MaxFormBytes)]
    public async Task<IActionResult> EditLeader(int id, LeaderInput input, CancellationToken cancellationToken)
    {
        var current = await editing.LeaderAsync(id, cancellationToken);
        if (current is null)
        {
            return NotFound();
        }

        // The photo is never taken from the form: only an upload or 去掉照片 changes it.
        input.PhotoId = current.PhotoId;
        var photo = ModelState.IsValid ? await PhotoAsync(input, cancellationToken) : null;
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("LeaderEdit", await LeaderModelAsync(id, input, saved: null, cancellationToken));
        }

        return await LeaderSavedAsync(id, input, await editing.SaveLeaderAsync(id, input, photo, UserId, note: null, cancellationToken), cancellationToken);
    }

    [HttpPost("leaders/{id:int}/revisions/{revision:int}/restore")]
    public async Task<IActionResult> RestoreLeader(int id, int revision, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var input = await editing.RevisionAsync<LeaderInput>(OrganisationSubject.Leader, id, revision, cancellationToken);
        if (input is null)
        {
            return NotFound();
        }

        input.Version = version;
        return await LeaderSavedAsync(id, input, await editing.SaveLeaderAsync(id, input, newPhoto: null, UserId, $"恢复自修订 {revision}", cancellationToken), cancellationToken);
    }

    [HttpPost("leaders/{id:int}/delete")]
    public Task<IActionResult> DeleteLeader(int id, [FromForm] Guid version, CancellationToken cancellationToken) =>
        DeleteAsync(OrganisationSubject.Leader, id, version, "leaders", cancellationToken);

    private Task<IActionResult> UnitSavedAsync(int id, UnitInput input, OrganisationSave result, CancellationToken cancellationToken) =>
        AnswerAsync(result, $"已保存“{input.Name.Trim()}”，网站上的机构设置已更新。", "units", async () =>
        {
            if (await editing.UnitAsync(id, cancellationToken) is not { } saved)
            {
                return null;
            }

            input.Version = saved.Version;
            return View("UnitEdit", await UnitModelAsync(id, input, saved, cancellationToken));
        });

    private Task<IActionResult> LeaderSavedAsync(int id, LeaderInput input, OrganisationSave result, CancellationToken cancellationToken) =>
        AnswerAsync(result, $"已保存“{input.Name.Trim()}”，网站上的领导之窗已更新。", "leaders", async () =>
        {
            if (await editing.LeaderAsync(id, cancellationToken) is not { } saved)
            {
                return null;
            }

            input.Version = saved.Version;
            input.PhotoId = saved.PhotoId;
            return View("LeaderEdit", await LeaderModelAsync(id, input, saved, cancellationToken));
        });

    private async Task<IActionResult> DeleteAsync(OrganisationSubject subject, int id, Guid version, string section, CancellationToken cancellationToken) =>
        await AnswerAsync(
            await editing.DeleteAsync(subject, id, version, UserId, cancellationToken),
            "已删除。它的修订记录仍然保留。",
            section,
            async () => View(nameof(Index), await IndexModelAsync(cancellationToken)));

    /// <summary>
    /// How a save ended, as a page: the list at <paramref name="section"/> with <paramref name="flash"/>; after a
    /// conflict, <paramref name="conflictView"/> with the conflict message (null when the entry is gone meanwhile).
    /// </summary>
    private async Task<IActionResult> AnswerAsync(OrganisationSave result, string flash, string section, Func<Task<ViewResult?>> conflictView)
    {
        switch (result)
        {
            case OrganisationSave.Saved:
                Flash(flash);
                return RedirectToIndex(section);
            case OrganisationSave.Conflict when await conflictView() is { } view:
                ShowConflict();
                return view;
            default:
                return NotFound();
        }
    }

    /// <summary>Stores an uploaded photo, or puts the reason it was refused on the form.</summary>
    private async Task<MediaFile?> PhotoAsync(LeaderInput input, CancellationToken cancellationToken)
    {
        if (input.NewPhoto is not { Length: > 0 } file)
        {
            return null;
        }

        var result = await uploads.SaveAsync(file, UserId, cancellationToken, imagesOnly: true);
        if (result.File is null)
        {
            ModelState.AddModelError($"Input.{nameof(LeaderInput.NewPhoto)}", result.Error!);
        }

        return result.File;
    }

    private async Task<UnitEditModel> UnitModelAsync(int id, UnitInput input, UnitInput? saved, CancellationToken cancellationToken) => new()
    {
        Id = id,
        Input = input,
        Saved = saved,
        Revisions = await editing.RevisionsAsync(OrganisationSubject.Unit, id, cancellationToken),
    };

    private async Task<LeaderEditModel> LeaderModelAsync(int id, LeaderInput input, LeaderInput? saved, CancellationToken cancellationToken) => new()
    {
        Id = id,
        Input = input,
        Saved = saved,
        PhotoName = input.PhotoId is { } photoId
            ? await db.MediaFiles.AsNoTracking().Where(m => m.Id == photoId).Select(m => m.StoredName).SingleOrDefaultAsync(cancellationToken)
            : null,
        Revisions = await editing.RevisionsAsync(OrganisationSubject.Leader, id, cancellationToken),
    };

    private RedirectResult RedirectToIndex(string section) => Redirect($"/admin/organisation#{section}");
}

public sealed record OrganisationRow(int Id, string Name, string Detail, bool IsShown, int SortOrder, Guid Version);

public sealed record OrganisationIndexModel(IReadOnlyList<OrganisationRow> Units, IReadOnlyList<OrganisationRow> Leaders);

public sealed class UnitEditModel
{
    public int? Id { get; init; }
    public required UnitInput Input { get; init; }

    /// <summary>After a conflict: what the other person saved.</summary>
    public UnitInput? Saved { get; init; }

    public IReadOnlyList<OrganisationRevisionRow> Revisions { get; init; } = [];
}

public sealed class LeaderEditModel
{
    public int? Id { get; init; }
    public required LeaderInput Input { get; init; }
    public LeaderInput? Saved { get; init; }
    public string? PhotoName { get; init; }
    public IReadOnlyList<OrganisationRevisionRow> Revisions { get; init; } = [];
}
