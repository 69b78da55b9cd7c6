using System.Text;
using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>内容检查: the lists of sensitive words, common mistakes and people's titles the checks match against.</summary>
[Authorize(Policy = Policies.Review)]
[Route("admin/checks")]
public sealed class ChecksController(PortalDbContext db, ContentChanges changes, TimeProvider clock) : AdminController
{
    private const int MaxImportBytes = 1024 * 1024;

    [HttpGet("")]
    public IActionResult Index() => RedirectToAction(nameof(List), new { list = CheckListNames.Slug(CheckTermKind.Sensitive) });

    [HttpGet("{list}")]
    public async Task<IActionResult> List(string list, CancellationToken cancellationToken) =>
        CheckListNames.FromSlug(list) is { } kind ? View("Index", await ListModelAsync(kind, new CheckTermInput(), [], cancellationToken)) : NotFound();

    [HttpPost("{list}/new")]
    public async Task<IActionResult> Create(string list, [Bind(Prefix = "Input")] CheckTermInput input, CancellationToken cancellationToken)
    {
        if (CheckListNames.FromSlug(list) is not { } kind)
        {
            return NotFound();
        }

        var line = input.Line;
        if (ModelState.IsValid && CheckListText.Problem(kind, line) is { } problem)
        {
            ModelState.AddModelError("Input.Text", problem);
        }

        if (ModelState.IsValid && await ExistsAsync(kind, line, exceptId: null, cancellationToken))
        {
            ModelState.AddModelError("Input.Text", "这一条已在名单中。");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await ListModelAsync(kind, input, [], cancellationToken));
        }

        var term = NewTerm(kind, line);
        db.Add(term);
        await CheckLists.ChangedAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        RouteData.Values["id"] = term.Id;
        Flash($"已添加“{term.Text}”。");
        return RedirectToAction(nameof(List), new { list });
    }

    [HttpGet("terms/{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, CancellationToken cancellationToken) =>
        await RowAsync(id, cancellationToken) is { } row
            ? View(new CheckTermEditModel { Id = id, Kind = row.Kind, Input = InputOf(row.Row) })
            : NotFound();

    [HttpPost("terms/{id:int}/edit")]
    public async Task<IActionResult> Edit(int id, [Bind(Prefix = "Input")] CheckTermInput input, CancellationToken cancellationToken)
    {
        var term = await db.Set<CheckTerm>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (term is null)
        {
            return NotFound();
        }

        var line = input.Line;
        if (ModelState.IsValid && CheckListText.Problem(term.Kind, line) is { } problem)
        {
            ModelState.AddModelError("Input.Text", problem);
        }

        if (ModelState.IsValid && await ExistsAsync(term.Kind, line, exceptId: id, cancellationToken))
        {
            ModelState.AddModelError("Input.Text", "这一条已在名单中。");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new CheckTermEditModel { Id = id, Kind = term.Kind, Input = input });
        }

        (term.Text, term.Detail, term.ValidFrom, term.ValidTo) = (line.Text, term.Kind == CheckTermKind.Sensitive ? null : line.Detail, Dated(term.Kind, line.ValidFrom), Dated(term.Kind, line.ValidTo));
        if (!await SaveAsync(term, input.Version, cancellationToken))
        {
            var current = await RowAsync(id, cancellationToken);
            if (current is null)
            {
                return NotFound();
            }

            input.Version = current.Value.Row.Version;
            ShowConflict();
            return View(new CheckTermEditModel { Id = id, Kind = current.Value.Kind, Input = input, Saved = current.Value.Row });
        }

        Flash($"已保存“{term.Text}”。");
        return RedirectToAction(nameof(List), new { list = CheckListNames.Slug(term.Kind) });
    }

    [HttpPost("terms/{id:int}/delete")]
    public async Task<IActionResult> Delete(int id, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var term = await db.Set<CheckTerm>().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (term is null)
        {
            return NotFound();
        }

        var kind = term.Kind;
        db.Remove(term);
        if (!await SaveAsync(term, version, cancellationToken))
        {
            ShowConflict();
            return View("Index", await ListModelAsync(kind, new CheckTermInput(), [], cancellationToken));
        }

        Flash($"已删除“{term.Text}”。");
        return RedirectToAction(nameof(List), new { list = CheckListNames.Slug(kind) });
    }

    /// <summary>Adds every line of a UTF-8 text file (or the pasted text) that is not in the list yet; with any bad line, adds nothing.</summary>
    [HttpPost("{list}/import")]
    [RequestSizeLimit(2 * MaxImportBytes)]
    public async Task<IActionResult> Import(string list, IFormFile? file, [FromForm] string? text, CancellationToken cancellationToken)
    {
        if (CheckListNames.FromSlug(list) is not { } kind)
        {
            return NotFound();
        }

        var (content, readError) = await ReadImportAsync(file, text, cancellationToken);
        var (lines, errors) = content is null ? ([], [readError!]) : CheckListText.Parse(kind, content);
        if (errors.Count == 0 && lines.Count == 0)
        {
            errors.Add("没有可导入的内容。" + CheckListText.FormatHelp(kind));
        }

        if (errors.Count > 0)
        {
            ModelState.AddModelError(string.Empty, $"没有导入任何内容：{errors.Count} 行有误，请改正后重新导入。");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View("Index", await ListModelAsync(kind, new CheckTermInput(), errors, cancellationToken));
        }

        var existing = (await db.Set<CheckTerm>().AsNoTracking().Where(t => t.Kind == kind).ToListAsync(cancellationToken))
            .Select(t => Key(new CheckListLine(t.Text, t.Detail, t.ValidFrom, t.ValidTo)))
            .ToHashSet(StringComparer.Ordinal);
        var added = 0;
        foreach (var line in lines.Where(l => existing.Add(Key(l))))
        {
            db.Add(NewTerm(kind, line));
            added++;
        }

        if (added > 0)
        {
            await CheckLists.ChangedAsync(db, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        var skipped = lines.Count - added;
        Flash($"已导入 {added} 条{(skipped > 0 ? $"；{skipped} 条已在名单中，没有重复添加" : string.Empty)}。");
        return RedirectToAction(nameof(List), new { list });
    }

    [HttpGet("{list}/export")]
    public async Task<IActionResult> Export(string list, CancellationToken cancellationToken)
    {
        if (CheckListNames.FromSlug(list) is not { } kind)
        {
            return NotFound();
        }

        var rows = await RowsAsync(kind, cancellationToken);
        var text = CheckListText.Write(kind, rows.Select(r => new CheckListLine(r.Text, r.Detail, r.ValidFrom, r.ValidTo)));
        return File(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text), "text/plain; charset=utf-8", $"{list}.txt");
    }

    private static async Task<(string? Text, string? Error)> ReadImportAsync(IFormFile? file, string? text, CancellationToken cancellationToken)
    {
        if (file is not { Length: > 0 })
        {
            return string.IsNullOrWhiteSpace(text) ? (null, "请选择要导入的文本文件，或把内容粘贴到文本框中。") : (text, null);
        }

        if (file.Length > MaxImportBytes)
        {
            return (null, "文件太大：一次最多导入 1 MB 的文本。");
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, cancellationToken);
        try
        {
            return (new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.ToArray()), null);
        }
        catch (DecoderFallbackException)
        {
            return (null, "文件不是 UTF-8 编码的文本。请在记事本或 WPS 中“另存为”，编码选择 UTF-8 后重新导入。");
        }
    }

    private CheckTerm NewTerm(CheckTermKind kind, CheckListLine line) => new()
    {
        Kind = kind,
        Text = line.Text,
        Detail = kind == CheckTermKind.Sensitive ? null : line.Detail,
        ValidFrom = Dated(kind, line.ValidFrom),
        ValidTo = Dated(kind, line.ValidTo),
        CreatedAt = clock.GetUtcNow().UtcDateTime,
    };

    /// <summary>Only a person's title has dates.</summary>
    private static DateOnly? Dated(CheckTermKind kind, DateOnly? date) => kind == CheckTermKind.Person ? date : null;

    private static string Key(CheckListLine line) => $"{line.Text}\u0001{line.Detail}\u0001{line.ValidFrom}\u0001{line.ValidTo}";

    private async Task<bool> ExistsAsync(CheckTermKind kind, CheckListLine line, int? exceptId, CancellationToken cancellationToken)
    {
        var detail = kind == CheckTermKind.Sensitive ? null : line.Detail;
        return await db.Set<CheckTerm>().AnyAsync(
            t => t.Kind == kind && t.Text == line.Text && (kind != CheckTermKind.Person || t.Detail == detail) && t.Id != exceptId,
            cancellationToken);
    }

    /// <summary>Saves the term only if it still has the version its form was loaded with, renewing the lists' stamp with it.</summary>
    private async Task<bool> SaveAsync(CheckTerm term, Guid loadedVersion, CancellationToken cancellationToken)
    {
        await CheckLists.ChangedAsync(db, cancellationToken);
        return await changes.SaveAsync(term, loadedVersion, cancellationToken);
    }

    private async Task<(CheckTermKind Kind, CheckTermRow Row)?> RowAsync(int id, CancellationToken cancellationToken) =>
        await db.Set<CheckTerm>().AsNoTracking().Where(t => t.Id == id)
            .Select(t => new { t.Kind, Row = new CheckTermRow(t.Id, t.Text, t.Detail, t.ValidFrom, t.ValidTo, t.Version) })
            .SingleOrDefaultAsync(cancellationToken) is { } found ? (found.Kind, found.Row) : null;

    private Task<List<CheckTermRow>> RowsAsync(CheckTermKind kind, CancellationToken cancellationToken) =>
        db.Set<CheckTerm>().AsNoTracking().Where(t => t.Kind == kind)
            .OrderBy(t => t.Text).ThenBy(t => t.Id)
            .Select(t => new CheckTermRow(t.Id, t.Text, t.Detail, t.ValidFrom, t.ValidTo, t.Version))
            .ToListAsync(cancellationToken);

    private async Task<CheckListModel> ListModelAsync(CheckTermKind kind, CheckTermInput input, IReadOnlyList<string> importErrors, CancellationToken cancellationToken) =>
        new() { Kind = kind, Rows = await RowsAsync(kind, cancellationToken), Input = input, ImportErrors = importErrors };

    private static CheckTermInput InputOf(CheckTermRow row) =>
        new() { Version = row.Version, Text = row.Text, Detail = row.Detail, ValidFrom = row.ValidFrom, ValidTo = row.ValidTo };
}
