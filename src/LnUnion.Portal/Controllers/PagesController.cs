using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

/// <summary>The standing pages: 机构简介, 主要职责 and 联系我们.</summary>
[AllowAnonymous]
public sealed class PagesController(PortalDbContext db, MarkdownRenderer markdown, SiteChrome chrome) : Controller
{
    [HttpGetOrHead(PublicAddresses.About)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.PagePrefix + PageSlugs.About])]
    public Task<IActionResult> About(CancellationToken cancellationToken) =>
        ShowAsync(PageSlugs.About, PublicAddresses.About, cancellationToken);

    [HttpGetOrHead(PublicAddresses.Responsibilities)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.PagePrefix + PageSlugs.Responsibilities])]
    public Task<IActionResult> Responsibilities(CancellationToken cancellationToken) =>
        ShowAsync(PageSlugs.Responsibilities, PublicAddresses.Responsibilities, cancellationToken);

    [HttpGetOrHead(PublicAddresses.Contact)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.PagePrefix + PageSlugs.Contact])]
    public async Task<IActionResult> Contact(CancellationToken cancellationToken)
    {
        var body = await db.Pages.AsNoTracking()
            .Where(p => p.Slug == PageSlugs.Contact)
            .Select(p => new { p.BodyHtml, BodyMarkdown = p.BodyHtml == null ? p.BodyMarkdown : null })
            .SingleOrDefaultAsync(cancellationToken);
        var site = await chrome.GetAsync(cancellationToken);
        return View(new ContactModel(site.Settings, StoredHtml.Html(body?.BodyHtml, body?.BodyMarkdown, markdown)));
    }

    private async Task<IActionResult> ShowAsync(string slug, string path, CancellationToken cancellationToken)
    {
        var page = await db.Pages.AsNoTracking()
            .Where(p => p.Slug == slug)
            .Select(p => new { p.Title, p.BodyHtml, p.BodyExcerpt, BodyMarkdown = p.BodyHtml == null || p.BodyExcerpt == null ? p.BodyMarkdown : null })
            .SingleOrDefaultAsync(cancellationToken);
        if (page is null)
        {
            return NotFound();
        }

        return View("Page", new InfoPageModel(slug, page.Title, StoredHtml.Html(page.BodyHtml, page.BodyMarkdown, markdown), StoredHtml.Excerpt(page.BodyExcerpt, page.BodyMarkdown, 120, markdown), path));
    }
}
