using LnUnion.Portal.Inspection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>网站自查: where the site stands against the inspection's indicators, computed when the page is opened.</summary>
[Authorize(Policy = Policies.AnyStaff)]
[Route("admin/inspection")]
public sealed class InspectionController(InspectionSelfCheck selfCheck) : AdminController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View(await selfCheck.ComputeAsync(cancellationToken));
}
