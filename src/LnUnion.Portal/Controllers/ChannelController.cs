using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

[AllowAnonymous]
public sealed class ChannelController(PortalDbContext db, TimeProvider clock, ChannelListPages lists) : Controller
{
    [HttpGetOrHead(PublicAddresses.Routes.Channel)]
    [OutputCache(PolicyName = PublicCache.PolicyName, VaryByQueryKeys = ["page"])]
    public async Task<IActionResult> Index(string channel, CancellationToken cancellationToken)
    {
        var slug = channel.ToLowerInvariant();
        if (!PublicAddresses.IsSlug(slug) || PageNumber.Parse(Request.Query["page"]) is not { } pageNumber)
        {
            return NotFound();
        }

        if (!string.Equals(channel, slug, StringComparison.Ordinal))
        {
            return RedirectPermanent(PublicAddresses.Channel(slug) + Request.QueryString);
        }

        var found = await db.Channels.AsNoTracking()
            .Where(c => c.Slug == channel)
            .Select(c => new { c.Id, c.Slug, c.Name })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return NotFound();
        }

        HttpContext.TagOutputCache(PublicCache.Channel(found.Slug));

        var now = clock.GetUtcNow().UtcDateTime;
        var total = await lists.CountAsync(db, found.Id, now, cancellationToken);
        var pageCount = PageCount.Of(total, ChannelModel.PageSize);
        if (pageNumber > pageCount)
        {
            return NotFound();
        }

        var articles = await lists.PageAsync(db, found.Id, now, pageNumber, cancellationToken);

        return View(new ChannelModel(found.Slug, found.Name, articles, pageNumber, pageCount));
    }
}
