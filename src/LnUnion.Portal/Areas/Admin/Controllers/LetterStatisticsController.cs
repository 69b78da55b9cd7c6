using LnUnion.Portal.Mailbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Areas.Admin.Controllers;

public sealed record LetterStatisticsModel(string From, string To, MailboxStatisticsReport? Report, string? Problem);

/// <summary>信件统计: the monthly summary over a chosen range of months, and the same as CSV for reports upwards.</summary>
[Authorize(Policy = Policies.Letters)]
[Route("admin/letters/statistics")]
public sealed class LetterStatisticsController(MailboxStatistics statistics) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(string? from, string? to, CancellationToken cancellationToken)
    {
        var (first, last, problem) = Range(from, to);
        if (problem is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new LetterStatisticsModel(from ?? string.Empty, to ?? string.Empty, null, problem));
        }

        var report = await statistics.ComputeAsync(first, last, cancellationToken);
        return View(new LetterStatisticsModel(MailboxStatistics.MonthValue(first), MailboxStatistics.MonthValue(last), report, null));
    }

    [HttpGet("csv")]
    public async Task<IActionResult> Csv(string? from, string? to, CancellationToken cancellationToken)
    {
        var (first, last, problem) = Range(from, to);
        if (problem is not null)
        {
            return BadRequest(problem);
        }

        var report = await statistics.ComputeAsync(first, last, cancellationToken);
        return File(MailboxStatistics.Csv(report), "text/csv; charset=utf-8",
            $"职工信箱统计-{MailboxStatistics.MonthValue(first)}至{MailboxStatistics.MonthValue(last)}.csv");
    }

    /// <summary>The months asked for; without any, the last year up to this month.</summary>
    private (DateOnly First, DateOnly Last, string? Problem) Range(string? from, string? to)
    {
        var last = string.IsNullOrWhiteSpace(to) ? statistics.ThisMonth : MailboxStatistics.ParseMonth(to);
        var first = string.IsNullOrWhiteSpace(from) ? last?.AddMonths(1 - MailboxStatistics.DefaultMonths) : MailboxStatistics.ParseMonth(from);
        if (first is not { } f || last is not { } l)
        {
            return (default, default, "月份格式不正确，请按“2026-03”的格式填写起止月份。");
        }

        if (f > l)
        {
            return (default, default, "起始月份不能晚于截止月份。");
        }

        if (f.AddMonths(MailboxStatistics.MaxMonths) <= l)
        {
            return (default, default, $"一次最多统计 {MailboxStatistics.MaxMonths} 个月，请缩小月份范围。");
        }

        return (f, l, null);
    }
}
