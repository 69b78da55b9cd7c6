using System.Security.Claims;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Areas.Admin.ViewComponents;

/// <summary>
/// The dashboard's box of letters, for those who may see letters at all. A component of its own, so the dashboard's
/// controller and model need not know about letters.
/// </summary>
public sealed class LettersWaitingViewComponent(LettersWaiting letters, IAuthorizationService authorization) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync()
    {
        if (!(await authorization.AuthorizeAsync(UserClaimsPrincipal, Policies.Letters)).Succeeded)
        {
            return Content(string.Empty);
        }

        var userId = UserClaimsPrincipal.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;
        var model = await letters.ForAsync(userId, UserClaimsPrincipal.IsInRole(Roles.LetterHandler), HttpContext.RequestAborted);
        return View("~/Areas/Admin/Views/Dashboard/_LettersWaiting.cshtml", model);
    }
}
