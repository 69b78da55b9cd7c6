using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// The base of every admin controller: audited, closed to users who still owe a two-factor enrolment, and never
/// cached by a browser or proxy.
/// </summary>
[Area("Admin")]
[ServiceFilter<AdminAuditFilter>]
[TypeFilter<TwoFactorEnrolmentFilter>]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public abstract class AdminController : Controller
{
    protected string UserId => User.FindFirstValue(ClaimTypes.NameIdentifier) ?? string.Empty;

    /// <summary>A one-off message shown at the top of the next page.</summary>
    protected void Flash(string message) => TempData["Flash"] = message;
}
