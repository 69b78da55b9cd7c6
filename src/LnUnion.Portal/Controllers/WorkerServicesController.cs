using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Services;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace LnUnion.Portal.Controllers;

/// <summary>职工服务: the services staff list for workers, with the 职工信箱 beside them.</summary>
[AllowAnonymous]
public sealed class WorkerServicesController(PortalDbContext db) : Controller
{
    [HttpGetOrHead(PublicAddresses.Services)]
    [OutputCache(PolicyName = PublicCache.PolicyName)]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(new ServicesPageModel(await ServiceDirectory.ShownAsync(db, cancellationToken)));
}
