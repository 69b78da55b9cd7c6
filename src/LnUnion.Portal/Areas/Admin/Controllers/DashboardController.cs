using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Inspection;
using LnUnion.Portal.Media;
using LnUnion.Portal.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>What waits for me, what went out lately, which channels are going stale, how much the site is read, and storage trouble.</summary>
[Authorize(Policy = Policies.AnyStaff)]
public sealed class DashboardController(
    PortalDbContext db, StorageHealth storage, WorkingCalendar calendar, InspectionSelfCheck inspection, TimeProvider clock) : AdminController
{
    private const int ChartDays = 30;

    [HttpGet("/admin")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var viewer = new ReviewRules.Viewer(UserId, User.IsInRole(Roles.Administrator), User.IsInRole(Roles.Reviewer), User.IsInRole(Roles.Editor));

        var waiting = new List<WaitingItem>();
        if (viewer.IsReviewer || viewer.IsAdministrator)
        {
            var inReview = await db.Articles.AsNoTracking()
                .Where(a => a.SubmittedAt != null)
                .Select(a => new
                {
                    a.Id,
                    a.Title,
                    ChannelName = a.Channel.Name,
                    a.Channel.ReviewLevels,
                    Facts = new ReviewRules.ArticleFacts(a.CreatedById, a.SubmittedById, a.IsSample, a.Status, a.SubmittedAt),
                    Approvals = a.Reviews.Where(r => r.Decision == ReviewDecision.Approved && r.At >= a.SubmittedAt).ToList(),
                })
                .ToListAsync(cancellationToken);
            waiting.AddRange(inReview
                .Where(a => ReviewRules.WhyCannotReview(viewer, a.Facts, a.Approvals) is null)
                .Select(a => new WaitingItem(a.Id, a.Title, a.ChannelName, $"待第 {a.Approvals.Count + 1} 级审核（共 {a.ReviewLevels} 级）")));
        }

        if (viewer.IsEditor || viewer.IsAdministrator)
        {
            var mine = await db.Articles.AsNoTracking()
                .Where(a => a.CreatedById == UserId && a.SubmittedAt == null
                    && (a.Status == ArticleStatus.Draft || a.Status == ArticleStatus.Rejected || a.PendingRevisionId != null))
                .OrderByDescending(a => a.UpdatedAt)
                .Select(a => new { a.Id, a.Title, ChannelName = a.Channel.Name, a.Status })
                .ToListAsync(cancellationToken);
            waiting.AddRange(mine.Select(a => new WaitingItem(a.Id, a.Title, a.ChannelName, a.Status switch
            {
                ArticleStatus.Rejected => "被退回，待修改",
                ArticleStatus.Draft => "草稿，待提交审核",
                _ => "修改未提交审核",
            })));

            var submitted = await db.Articles.AsNoTracking()
                .Where(a => a.SubmittedById == UserId && a.SubmittedAt != null)
                .OrderBy(a => a.SubmittedAt)
                .Select(a => new
                {
                    a.Id,
                    a.Title,
                    ChannelName = a.Channel.Name,
                    a.Channel.ReviewLevels,
                    Approved = a.Reviews.Count(r => r.Decision == ReviewDecision.Approved && r.At >= a.SubmittedAt),
                })
                .ToListAsync(cancellationToken);
            waiting.AddRange(submitted.Select(a => new WaitingItem(a.Id, a.Title, a.ChannelName, $"我提交的，审核中（已通过 {a.Approved} / {a.ReviewLevels} 级）")));
        }

        // Approved but not yet out: reviewers see all of them, writers their own.
        var seesAll = viewer.IsReviewer || viewer.IsAdministrator;
        var scheduled = await db.Articles.AsNoTracking()
            .Where(a => a.Status == ArticleStatus.Published && a.PublishAt > now && (seesAll || a.CreatedById == UserId))
            .OrderBy(a => a.PublishAt)
            .Select(a => new { a.Id, a.Title, ChannelName = a.Channel.Name, a.PublishAt })
            .ToListAsync(cancellationToken);
        waiting.AddRange(scheduled.Select(a => new WaitingItem(a.Id, a.Title, a.ChannelName, StatusText.Of(ArticleStatus.Published, false, a.PublishAt))));

        var recent = await db.Articles.AsNoTracking().VisibleToPublic(now)
            .OrderByDescending(a => a.PublishAt)
            .Take(10)
            .Select(a => new PublishedItem(a.Id, a.Title, a.Channel.Name, a.PublishAt!.Value))
            .ToListAsync(cancellationToken);

        var channels = await ChannelUpdates.ReadAsync(db, inspection.Limits, now, cancellationToken);
        var report = await inspection.ComputeAsync(cancellationToken);

        var today = ChinaTime.Today(clock);
        var firstDay = today.AddDays(1 - ChartDays);
        var counted = await db.DailyViewCounts.AsNoTracking()
            .Where(v => v.Day >= firstDay)
            .ToDictionaryAsync(v => v.Day, v => v.Views, cancellationToken);
        var views = Enumerable.Range(0, ChartDays)
            .Select(offset => firstDay.AddDays(offset))
            .Select(day => new DayViews(day, counted.GetValueOrDefault(day)))
            .ToList();

        return View(new DashboardModel(
            waiting, recent, channels, views, storage.Problems(), storage.LastReconciliation?.Missing ?? [],
            await calendar.MissingYearsAsync(cancellationToken), report));
    }

    /// <summary>The detail behind <c>/healthz</c>'s one word, for staff: each check with its reason.</summary>
    [HttpGet("/admin/healthz")]
    public async Task<IActionResult> Health([FromServices] HealthCheckService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        return Json(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        });
    }
}
