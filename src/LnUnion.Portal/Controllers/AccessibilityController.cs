using LnUnion.Portal.Accessibility;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Routing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;

namespace LnUnion.Portal.Controllers;

[AllowAnonymous]
public sealed class AccessibilityController : Controller
{
    [HttpGetOrHead(PublicAddresses.Accessibility)]
    [OutputCache(PolicyName = PublicCache.PolicyName)]
    public IActionResult Index() => View(new AccessibilityPageModel());
}
