using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

public sealed record LetterListRow(int Id, string Subject, string TypeName, LetterStatus Status, DateOnly DueOn, int WorkingDaysLeft);

public sealed record LetterListModel(LetterStatus? Status, IReadOnlyList<LetterListRow> Letters);

public sealed record LetterPageModel(Letter Letter, IReadOnlyList<LetterDepartment> Departments, IReadOnlyList<LetterHandlerOption> Handlers, string? Message);

/// <summary>信件办理: the handlers' queue and one letter's page with its next steps; the steps are <see cref="LetterWorkflow"/>'s.</summary>
[Authorize(Policy = Policies.Letters)]
[Route("admin/letters")]
public sealed class LettersController(PortalDbContext db, LetterWorkflow workflow, WorkingCalendar calendar, TimeProvider clock) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(LetterStatus? status, CancellationToken cancellationToken)
    {
        var query = db.Letters.AsNoTracking();
        query = status is { } chosen ? query.Where(l => l.Status == chosen) : query.Where(l => !LetterDeadlines.Closed.Contains(l.Status));
        var letters = await query.OrderBy(l => l.DueOn).ThenBy(l => l.Id)
            .Select(l => new { l.Id, l.Subject, TypeName = l.Type.Name, l.Status, l.DueOn })
            .ToListAsync(cancellationToken);
        var left = await calendar.WorkingDaysLeftAsync(ChinaTime.Today(clock), letters.Select(l => l.DueOn).ToList(), cancellationToken);
        return View(new LetterListModel(status, letters.Select(l => new LetterListRow(l.Id, l.Subject, l.TypeName, l.Status, l.DueOn, left[l.DueOn])).ToList()));
    }

    [HttpGet("{id:int}")]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken) => await PageAsync(id, null, cancellationToken);

    [HttpPost("{id:int}/accept")]
    public Task<IActionResult> Accept(int id, Guid version, CancellationToken ct) =>
        AnswerAsync(id, workflow.AcceptAsync(UserId, id, version, ct), ct);

    [HttpPost("{id:int}/assign")]
    public Task<IActionResult> Assign(int id, Guid version, int departmentId, string? handlerId, string? note, CancellationToken ct) =>
        AnswerAsync(id, workflow.AssignAsync(UserId, id, version, departmentId, handlerId, note, ct), ct);

    [HttpPost("{id:int}/answer")]
    public Task<IActionResult> Answer(int id, Guid version, string? answer, CancellationToken ct) =>
        AnswerAsync(id, workflow.AnswerAsync(UserId, id, version, answer, ct), ct);

    [HttpPost("{id:int}/approve")]
    public Task<IActionResult> Approve(int id, Guid version, CancellationToken ct) =>
        AnswerAsync(id, workflow.ApproveAsync(UserId, id, version, ct), ct);

    [HttpPost("{id:int}/publish")]
    public Task<IActionResult> Publish(int id, Guid version, CancellationToken ct) =>
        AnswerAsync(id, workflow.PublishAsync(UserId, id, version, ct), ct);

    [HttpPost("{id:int}/keepprivate")]
    public Task<IActionResult> KeepPrivate(int id, Guid version, CancellationToken ct) =>
        AnswerAsync(id, workflow.KeepPrivateAsync(UserId, id, version, ct), ct);

    [HttpPost("{id:int}/decline")]
    public Task<IActionResult> Decline(int id, Guid version, string? reason, CancellationToken ct) =>
        AnswerAsync(id, workflow.DeclineAsync(UserId, id, version, reason, ct), ct);

    [HttpPost("{id:int}/sendback")]
    public Task<IActionResult> SendBack(int id, Guid version, string? note, CancellationToken ct) =>
        AnswerAsync(id, workflow.SendBackAsync(UserId, id, version, note, ct), ct);

    private async Task<IActionResult> AnswerAsync(int id, Task<StepResult> step, CancellationToken ct) =>
        await StepAnswerAsync(id, await step, async refused =>
        {
            if (refused.Outcome == StepOutcome.Conflict)
            {
                ShowConflict();
                return await PageAsync(id, null, ct);
            }

            Response.StatusCode = StatusCodes.Status409Conflict;
            return await PageAsync(id, refused.Message, ct);
        });

    private async Task<IActionResult> PageAsync(int id, string? message, CancellationToken ct)
    {
        var letter = await db.Letters.AsNoTracking()
            .Include(l => l.Type).Include(l => l.Department).Include(l => l.Events.OrderBy(e => e.At))
            .SingleOrDefaultAsync(l => l.Id == id, ct);
        if (letter is null)
        {
            return NotFound();
        }

        var departments = await db.LetterDepartments.AsNoTracking().Where(d => d.IsActive).OrderBy(d => d.SortOrder).ThenBy(d => d.Id).ToListAsync(ct);
        return View("Show", new LetterPageModel(letter, departments, await LetterHandlers.ListAsync(db, ct), message));
    }
}
