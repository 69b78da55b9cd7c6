using System.Security.Claims;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// The base of every admin controller: audited, closed to users who still owe a password change or a two-factor
/// enrolment, and never cached by a browser or proxy.
/// </summary>
[Area("Admin")]
[ServiceFilter<AdminAuditFilter>]
[TypeFilter<AccountSetupFilter>]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class AdminController : Controller
{
    protected string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;

    /// <summary>A one-off message shown at the top of the next page.</summary>
    protected void Flash(string message) => TempData["Flash"] = message;

    /// <summary>
    /// The row changed since the page was loaded, so nothing was saved: the page is shown again, as a 409, with the
    /// conflict message. A form on it keeps what was typed but must carry the row's current version (the caller puts it
    /// in the model), since saving again after seeing the message is a deliberate choice; the posted, stale version
    /// leaves the model state here, as a form shows posted values before model values.
    /// </summary>
    protected void ShowConflict()
    {
        ModelState.Remove("Input.Version");
        ModelState.AddModelError(string.Empty, ContentChanges.ConflictMessage);
        Response.StatusCode = StatusCodes.Status409Conflict;
    }

    /// <summary>
    /// A workflow step's end as the answer to its request, the same for every workflow: done, its message at the top of
    /// the item's page (the controller's <c>Show</c>); not found and forbidden as such; refused or lost to someone
    /// else's change, <paramref name="again"/> answers with the page again and the reason.
    /// </summary>
    protected async Task<IActionResult> StepAnswerAsync(int id, StepResult result, Func<StepResult, Task<IActionResult>> again)
    {
        switch (result.Outcome)
        {
            case StepOutcome.Done:
                Flash(result.Message!);
                return RedirectToAction("Show", new { id });
            case StepOutcome.NotFound:
                return NotFound();
            case StepOutcome.Forbidden:
                return Forbid();
            default:
                return await again(result);
        }
    }

    /// <summary>
    /// Saves <paramref name="row"/> (or, with none, what was added) only if it still has the version the form was loaded
    /// with. False when nothing was saved: the row changed meanwhile (<see cref="ShowConflict"/>), or the database
    /// refused the save because another writer took a unique name or used the row at the same moment, and then
    /// <paramref name="refused"/> puts the reason on the form.
    /// </summary>
    protected async Task<bool> TrySaveAsync(ContentChanges changes, IVersioned? row, Guid version, Action refused, CancellationToken cancellationToken)
    {
        switch (await changes.TrySaveAsync(row, version, cancellationToken))
        {
            case SaveOutcome.Saved:
                return true;
            case SaveOutcome.Conflict:
                ShowConflict();
                return false;
            default:
                refused();
                return false;
        }
    }
}
