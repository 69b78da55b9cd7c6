using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// The two lists letter handling is configured with, the departments and the letter types: added, edited, moved up
/// and down, retired, and deleted only while no letter uses them. Administrators keep them, as they keep the channels.
/// </summary>
[Authorize(Policy = Policies.Administer)]
public abstract class LetterListController<TItem, TInput>(PortalDbContext db, ContentChanges changes) : AdminController
    where TItem : class, ILetterListItem
    where TInput : LetterListInput, new()
{
    private const string NameField = "Input." + nameof(LetterListInput.Name);

    protected abstract LetterListKind Kind { get; }

    protected PortalDbContext Db => db;

    protected DbSet<TItem> Items => db.Set<TItem>();

    /// <summary>The id of the item each letter that uses one uses, a row a letter.</summary>
    protected abstract IQueryable<int> UsedIds { get; }

    protected abstract TItem NewItem(TInput input);

    protected abstract void Apply(TItem item, TInput input);

    protected abstract TInput InputOf(TItem item);

    protected abstract string? DetailOf(TItem item);

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View("~/Areas/Admin/Views/LetterLists/Index.cshtml", await PageModelAsync(cancellationToken));

    [HttpGet("new")]
    public IActionResult Create() => EditView(new LetterListEditModel { Kind = Kind, Input = new TInput() });

    [HttpPost("new")]
    public async Task<IActionResult> Create([Bind(Prefix = "Input")] TInput input, CancellationToken cancellationToken)
    {
        await ValidateNameAsync(input.Name, exceptId: null, cancellationToken);
        if (!ModelState.IsValid)
        {
            return EditView(new LetterListEditModel { Kind = Kind, Input = input });
        }

        var last = await Items.MaxAsync(i => (int?)i.SortOrder, cancellationToken) ?? 0;
        var item = NewItem(input);
        item.SortOrder = last + 1;
        Items.Add(item);
        if (!await TrySaveAsync(row: null, default, cancellationToken))
        {
            return EditView(new LetterListEditModel { Kind = Kind, Input = input });
        }

        // Names the new item as the target of the audit entry the filter writes for this request.
        RouteData.Values["id"] = item.Id;
        Flash($"已添加{Kind.Noun}“{item.Name}”。");
        return Redirect(Kind.Path);
    }

    [HttpGet("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken)
    {
        var saved = await SavedAsync(id, cancellationToken);
        return saved is null ? NotFound() : EditView(await EditModelAsync(id, saved, saved: null, cancellationToken));
    }

    [HttpPost("{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, [Bind(Prefix = "Input")] TInput input, CancellationToken cancellationToken)
    {
        var item = await Items.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        await ValidateNameAsync(input.Name, exceptId: id, cancellationToken);
        if (!ModelState.IsValid)
        {
            return EditView(await EditModelAsync(id, input, saved: null, cancellationToken));
        }

        // Published exchanges show the type and the answering department by name.
        if (item.Name != input.Name.Trim())
        {
            changes.EverythingChanged();
        }

        Apply(item, input);
        if (!await TrySaveAsync(item, input.Version, cancellationToken))
        {
            var saved = await SavedAsync(id, cancellationToken);
            if (saved is null)
            {
                return NotFound();
            }

            var isConflict = Response.StatusCode == StatusCodes.Status409Conflict;
            if (isConflict)
            {
                input.Version = saved.Version;
            }

            return EditView(await EditModelAsync(id, input, isConflict ? saved : null, cancellationToken));
        }

        Flash(item.IsActive ? $"已保存{Kind.Noun}“{item.Name}”。" : $"已保存{Kind.Noun}“{item.Name}”，它已停用：{Kind.ActiveMeaning}。");
        return Redirect(Kind.Path);
    }

    [HttpPost("{id:int}/up")]
    public Task<IActionResult> MoveUp(int id, [FromForm] Guid version, CancellationToken cancellationToken) => MoveAsync(id, version, -1, cancellationToken);

    [HttpPost("{id:int}/down")]
    public Task<IActionResult> MoveDown(int id, [FromForm] Guid version, CancellationToken cancellationToken) => MoveAsync(id, version, +1, cancellationToken);

    [HttpPost("{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var item = await Items.SingleOrDefaultAsync(i => i.Id == id, cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        var used = (await LetterCountsAsync(cancellationToken)).GetValueOrDefault(id);
        if (used > 0)
        {
            return await RefusedOnListAsync(
                $"有 {used} 封信件使用{Kind.Noun}“{item.Name}”，不能删除，它们的办理记录要保留。如不再使用，请修改它并取消“在用”。", cancellationToken);
        }

        Items.Remove(item);
        if (!await TrySaveAsync(item, version, cancellationToken))
        {
            return await ListViewAsync(cancellationToken);
        }

        Flash($"已删除{Kind.Noun}“{item.Name}”。");
        return Redirect(Kind.Path);
    }

    /// <summary>Moves the item one place (see <see cref="ListOrder"/>).</summary>
    private async Task<IActionResult> MoveAsync(int id, Guid version, int step, CancellationToken cancellationToken)
    {
        if (await ListOrder.MoveAsync(db, Items, id, step, cancellationToken) is not { } moved)
        {
            return NotFound();
        }

        return await TrySaveAsync(moved, version, cancellationToken) ? Redirect(Kind.Path) : await ListViewAsync(cancellationToken);
    }

    /// <summary>
    /// Saves the item (or a new one, with no row); see <see cref="AdminController.TrySaveAsync"/>. The database refuses
    /// one name saved twice at once (the unique index) and a delete of an item a letter was just written with (the
    /// foreign key).
    /// </summary>
    private Task<bool> TrySaveAsync(TItem? row, Guid version, CancellationToken cancellationToken) =>
        TrySaveAsync(changes, row, version, () =>
        {
            ModelState.AddModelError(string.Empty, $"保存失败：这个名称可能刚被他人使用，或刚有信件用到了这个{Kind.Noun}。请刷新页面后重试。");
            Response.StatusCode = StatusCodes.Status409Conflict;
        }, cancellationToken);

    /// <summary>Two items of one name would be two identical choices on the form.</summary>
    private async Task ValidateNameAsync(string? name, int? exceptId, CancellationToken cancellationToken)
    {
        var trimmed = name?.Trim();
        if (!string.IsNullOrEmpty(trimmed) && await Items.AnyAsync(i => i.Name == trimmed && i.Id != exceptId, cancellationToken))
        {
            ModelState.AddModelError(NameField, $"名称“{trimmed}”已被其他{Kind.Noun}使用。");
        }
    }

    /// <summary>How many letters use each item, by id.</summary>
    private Task<Dictionary<int, int>> LetterCountsAsync(CancellationToken cancellationToken) =>
        UsedIds.GroupBy(id => id)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    private async Task<IActionResult> RefusedOnListAsync(string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(string.Empty, message);
        Response.StatusCode = StatusCodes.Status409Conflict;
        return await ListViewAsync(cancellationToken);
    }

    private async Task<IActionResult> ListViewAsync(CancellationToken cancellationToken) =>
        View("~/Areas/Admin/Views/LetterLists/Index.cshtml", await PageModelAsync(cancellationToken));

    private async Task<LetterListPageModel> PageModelAsync(CancellationToken cancellationToken)
    {
        var counts = await LetterCountsAsync(cancellationToken);
        var items = await Items.AsNoTracking().OrderBy(i => i.SortOrder).ThenBy(i => i.Id).ToListAsync(cancellationToken);
        return new LetterListPageModel(Kind, items.Select(i => new LetterListItemRow(i.Id, i.Name, DetailOf(i), i.IsActive, counts.GetValueOrDefault(i.Id), i.Version)).ToList());
    }

    private async Task<TInput?> SavedAsync(int id, CancellationToken cancellationToken) =>
        await Items.AsNoTracking().SingleOrDefaultAsync(i => i.Id == id, cancellationToken) is { } item ? InputOf(item) : null;

    private async Task<LetterListEditModel> EditModelAsync(int id, TInput input, TInput? saved, CancellationToken cancellationToken) => new()
    {
        Kind = Kind,
        Id = id,
        Input = input,
        LetterCount = (await LetterCountsAsync(cancellationToken)).GetValueOrDefault(id),
        Saved = saved,
    };

    private ViewResult EditView(LetterListEditModel model) => View("~/Areas/Admin/Views/LetterLists/Edit.cshtml", model);
}
