using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>Who did what and when: the audit log, read-only, newest first.</summary>
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
            query = query.Where(a => a.UserName != null && EF.Functions.Like(a.UserName, pattern, Escape));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var pattern = EscapeLike(filter.Action.Trim()) + "%";
            query = query.Where(a => EF.Functions.Like(a.Action, pattern, Escape));
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
        var rows = await query
            .OrderByDescending(a => a.AtUtc).ThenByDescending(a => a.Id)
            .Skip((filter.Page - 1) * PageSize)
            .Take(PageSize)
            .Select(a => new AuditRow(a.AtUtc, a.UserName, a.IpAddress, a.Action, a.Target, a.Result))
            .ToListAsync(cancellationToken);

        return View(new AuditListModel(filter, rows, Math.Max(1, (total + PageSize - 1) / PageSize), total));
    }

    /// <summary>What the administrator typed is matched literally: % and _ are not wildcards here.</summary>
    private static string EscapeLike(string text) =>
        text.Replace(Escape, Escape + Escape, StringComparison.Ordinal)
            .Replace("%", Escape + "%", StringComparison.Ordinal)
            .Replace("_", Escape + "_", StringComparison.Ordinal);
}
