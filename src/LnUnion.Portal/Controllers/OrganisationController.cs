using LnUnion.Portal.Caching;
using LnUnion.Portal.Organisation;
using LnUnion.Portal.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace LnUnion.Portal.Controllers;

/// <summary>机构设置 and 领导之窗, beside 机构简介 and 主要职责.</summary>
[AllowAnonymous]
public sealed class OrganisationController(OrganisationPages pages) : Controller
{
    [HttpGetOrHead(PublicAddresses.OrganisationUnits)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.PagePrefix + OrganisationPages.UnitsSlug])]
    public async Task<IActionResult> Units(CancellationToken cancellationToken) =>
        View(new UnitsPageModel(await pages.UnitGroupsAsync(cancellationToken)));

    [HttpGetOrHead(PublicAddresses.Leaders)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.PagePrefix + OrganisationPages.LeadersSlug])]
    public async Task<IActionResult> Leaders(CancellationToken cancellationToken) =>
        View(new LeadersPageModel(await pages.LeadersAsync(cancellationToken)));
}
