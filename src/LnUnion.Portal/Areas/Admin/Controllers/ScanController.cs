using System.Security.Claims;
using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>The full-site scan: start it, watch its progress, and work through its report.</summary>
[Authorize(Policy = Policies.Articles)]
[Route("admin/scan")]
public sealed class ScanController(ScanReport report, SiteScanner scanner, TimeProvider clock) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? status, string? by, CancellationToken cancellationToken)
    {
        var shown = ParseStatus(status);
        var findings = await report.FindingsAsync(shown, ScanReport.ListedFindings + 1, cancellationToken);
        return View(new ScanPageModel(
            await report.LatestAsync(cancellationToken),
            await report.CountsAsync(cancellationToken),
            shown,
            by == "article" ? "article" : "type",
            [.. findings.Take(ScanReport.ListedFindings)],
            findings.Count > ScanReport.ListedFindings));
    }

    [HttpPost("start")]
    public async Task<IActionResult> Start(CancellationToken cancellationToken)
    {
        await scanner.StartAsync(StaffName, cancellationToken);
        Flash("全站扫描已开始，稍后在本页查看进度。");
        return RedirectToAction(nameof(Index));
    }

    [HttpGet("findings.csv")]
    public async Task<IActionResult> Csv(string? status, CancellationToken cancellationToken)
    {
        var rows = await report.FindingsAsync(ParseStatus(status), take: null, cancellationToken);
        var day = ChinaTime.Today(clock).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        return File(ScanReport.Csv(rows), "text/csv; charset=utf-8", $"全站扫描结果-{day}.csv");
    }

    [HttpPost("findings/{id:int}/fixed")]
    public Task<IActionResult> Fixed(int id, string? status, string? by, CancellationToken cancellationToken) =>
        DecideAsync(id, FindingStatus.Fixed, status, by, cancellationToken);

    [HttpPost("findings/{id:int}/ignored")]
    public Task<IActionResult> Ignored(int id, string? status, string? by, CancellationToken cancellationToken) =>
        DecideAsync(id, FindingStatus.Ignored, status, by, cancellationToken);

    [HttpPost("findings/{id:int}/reopen")]
    public Task<IActionResult> Reopen(int id, string? status, string? by, CancellationToken cancellationToken) =>
        DecideAsync(id, FindingStatus.Open, status, by, cancellationToken);

    private async Task<IActionResult> DecideAsync(int id, FindingStatus decision, string? status, string? by, CancellationToken cancellationToken)
    {
        if (!await report.DecideAsync(id, decision, UserId, StaffName, cancellationToken))
        {
            return NotFound();
        }

        Flash($"第 {id} 号问题已标为“{ScanReport.StatusName(decision)}”。");
        return RedirectToAction(nameof(Index), new { status = ParseStatus(status) is { } shown ? StatusValue(shown) : "all", by = by == "article" ? "article" : null });
    }

    /// <summary>待处理 unless another filter is asked for; "all" for every status.</summary>
    private static FindingStatus? ParseStatus(string? status) => status switch
    {
        "all" => null,
        "fixed" => FindingStatus.Fixed,
        "ignored" => FindingStatus.Ignored,
        "gone" => FindingStatus.Gone,
        _ => FindingStatus.Open,
    };

    public static string StatusValue(FindingStatus status) => status.ToString().ToLowerInvariant();

    private string StaffName => User.FindFirstValue(ClaimTypes.GivenName) ?? User.Identity?.Name ?? UserId;
}
