using System.Globalization;
using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// Who did what and when: the audit log, read-only, newest first, in Chinese: each action by its name in
/// <see cref="AuditActions"/>, each person by their name, each target by its title.
/// </summary>
[Authorize(Policy = Policies.Administer)]
[Route("admin/audit")]
public sealed class AuditController(PortalDbContext db) : AdminController
{
    private const int PageSize = 50;
    private const string Escape = "\\";

    // Beyond these a date cannot be turned into UTC, and no entry can be there anyway.
    private static readonly DateOnly Earliest = new(2000, 1, 1);
    private static readonly DateOnly Latest = new(9000, 12, 31);

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] AuditFilter filter, CancellationToken cancellationToken)
    {
        if (!ModelState.IsValid || filter.From < Earliest || filter.From > Latest || filter.To < Earliest || filter.To > Latest)
        {
            filter = new AuditFilter();
        }

        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            var pattern = "%" + EscapeLike(filter.User.Trim()) + "%";
            query = query.Where(a => (a.UserName != null && EF.Functions.Like(a.UserName, pattern, Escape))
                || db.Users.Any(u => u.Id == a.UserId && u.DisplayName != null && EF.Functions.Like(u.DisplayName, pattern, Escape)));
        }

        // By the Chinese name; the stored key's beginning still works for whoever knows the keys.
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var keys = AuditActions.Named(filter.Action.Trim());
            var pattern = EscapeLike(filter.Action.Trim()) + "%";
            query = query.Where(a => keys.Contains(a.Action) || EF.Functions.Like(a.Action, pattern, Escape));
        }

        query = filter.Result switch
        {
            AuditOutcome.Success => query.Where(a => EF.Functions.Like(a.Result, AuditLog.Success + "%")),
            AuditOutcome.Failure => query.Where(a => EF.Functions.Like(a.Result, AuditLog.Failure + "%")),
            _ => query,
        };

        if (filter.From is { } from)
        {
            var fromUtc = ChinaTime.ToUtc(from.ToDateTime(TimeOnly.MinValue));
            query = query.Where(a => a.AtUtc >= fromUtc);
        }

        if (filter.To is { } to)
        {
            var beforeUtc = ChinaTime.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
            query = query.Where(a => a.AtUtc < beforeUtc);
        }

        var total = await query.CountAsync(cancellationToken);
        var entries = await query
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip((filter.Page - 1) * PageSize)
            .Take(PageSize)
            .Select(a => new
            {
                a.AtUtc,
                a.UserName,
                DisplayName = db.Users.Where(u => u.Id == a.UserId).Select(u => u.DisplayName).FirstOrDefault(),
                a.IpAddress,
                a.Action,
                a.Target,
                a.Result,
            })
            .ToListAsync(cancellationToken);

        var titles = await TitlesAsync([.. entries.Select(e => (e.Action, e.Target))], cancellationToken);
        var rows = entries
            .Select(e => new AuditRow(
                e.AtUtc,
                e.DisplayName ?? e.UserName,
                e.DisplayName is null ? null : e.UserName,
                e.IpAddress,
                AuditActions.NameOf(e.Action),
                e.Target is null ? null : titles.GetValueOrDefault(e.Target, e.Target),
                e.Result))
            .ToList();
        return View(new AuditListModel(filter, rows, PageCount.Of(total, PageSize), total, [.. AuditActions.All.Values.Select(a => a.Name)]));
    }

    /// <summary>
    /// The title of each target on the page (stored as <c>controller:id</c>), looked up where its action says it
    /// lives; one that is gone since says so.
    /// </summary>
    private async Task<Dictionary<string, string>> TitlesAsync(IReadOnlyList<(string Action, string? Target)> entries, CancellationToken cancellationToken)
    {
        var wanted = new List<(AuditTargetKind Kind, string Target, string Id)>();
        foreach (var (key, target) in entries)
        {
            if (target is not null && AuditActions.All.TryGetValue(key, out var action) && action.Target != AuditTargetKind.AsStored)
            {
                wanted.Add((action.Target, target, target[(target.IndexOf(':', StringComparison.Ordinal) + 1)..]));
            }
        }

        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kind in wanted.GroupBy(w => w.Kind))
        {
            var ids = kind.Select(w => w.Id).ToList();
            var numbers = ids.Select(id => int.TryParse(id, out var n) ? n : 0).Where(n => n > 0).ToList();
            var found = kind.Key switch
            {
                AuditTargetKind.User => await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
                    .Select(u => new { u.Id, Title = u.DisplayName ?? u.Email ?? u.Id }).ToDictionaryAsync(u => u.Id, u => u.Title, cancellationToken),
                AuditTargetKind.Article => await ByNumberAsync(db.Articles.AsNoTracking().Where(a => numbers.Contains(a.Id)).Select(a => new IdTitle(a.Id, a.Title))),
                AuditTargetKind.Page => await ByNumberAsync(db.Pages.AsNoTracking().Where(p => numbers.Contains(p.Id)).Select(p => new IdTitle(p.Id, p.Title))),
                AuditTargetKind.Channel => await ByNumberAsync(db.Channels.AsNoTracking().Where(c => numbers.Contains(c.Id)).Select(c => new IdTitle(c.Id, c.Name))),
                AuditTargetKind.Media => await ByNumberAsync(db.MediaFiles.AsNoTracking().Where(m => numbers.Contains(m.Id)).Select(m => new IdTitle(m.Id, m.OriginalName))),
                AuditTargetKind.ServiceAccount => await ByNumberAsync(db.ServiceAccounts.AsNoTracking().Where(a => numbers.Contains(a.Id)).Select(a => new IdTitle(a.Id, a.Name))),
                AuditTargetKind.CheckTerm => await ByNumberAsync(db.Set<CheckTerm>().AsNoTracking().Where(t => numbers.Contains(t.Id)).Select(t => new IdTitle(t.Id, t.Text))),
                AuditTargetKind.FriendlyLink => await ByNumberAsync(db.FriendlyLinks.AsNoTracking().Where(l => numbers.Contains(l.Id)).Select(l => new IdTitle(l.Id, l.Name))),
                AuditTargetKind.Finding => await ByNumberAsync(db.ScanFindings.AsNoTracking().Where(f => numbers.Contains(f.Id))
                    .Select(f => new IdTitle(f.Id, (f.Article != null ? f.Article.Title : f.Page!.Title) + "：" + f.Place))),
                _ => [],
            };
            foreach (var (_, target, id) in kind)
            {
                titles[target] = found.TryGetValue(id, out var title) ? title : $"（已删除，编号 {id}）";
            }
        }

        return titles;

        async Task<Dictionary<string, string>> ByNumberAsync(IQueryable<IdTitle> rows) =>
            await rows.ToDictionaryAsync(r => r.Id.ToString(CultureInfo.InvariantCulture), r => r.Title, cancellationToken);
    }

    private sealed record IdTitle(int Id, string Title);

    /// <summary>What the administrator typed is matched literally: % and _ are not wildcards here.</summary>
    private static string EscapeLike(string text) =>
        text.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal);
}
