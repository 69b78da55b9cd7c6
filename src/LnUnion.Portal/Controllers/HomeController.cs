using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Focus;
using LnUnion.Portal.Models;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Services;
using LnUnion.Portal.Site;
using LnUnion.Portal.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

[AllowAnonymous]
public sealed class HomeController(PortalDbContext db, MarkdownRenderer markdown, SiteChrome chrome, TimeProvider clock) : Controller
{
    private const int ListCount = 8;
    private const int InspectionCount = 5;
    private const int TopicCount = 4;

    [HttpGetOrHead(PublicAddresses.Home)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Home, PublicCache.Topics])]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var visible = db.Articles.AsNoTracking().VisibleToPublic(now);
        IQueryable<Article> InChannel(string slug) => visible.Where(a => a.Channel.Slug == slug);

        var news = await InChannel(ChannelSlugs.News).PinnedFirstPageAsync(now, 0, ListCount, cancellationToken);
        var notices = await InChannel(ChannelSlugs.Notices).PinnedFirstPageAsync(now, 0, ListCount, cancellationToken);
        // An inspection notice stays on the home page while the public can still report to the team.
        var inspections = await InChannel(ChannelSlugs.Inspection)
            .Where(a => a.Inspection.AcceptTo == null || a.Inspection.AcceptTo >= today)
            .PinnedFirstPageAsync(now, 0, InspectionCount, cancellationToken);
        var campaigns = await InChannel(ChannelSlugs.Campaigns).PinnedFirstPageAsync(now, 0, ListCount, cancellationToken);
        var topics = await TopicList.Items(db.Topics.AsNoTracking().Current(today).OrderByDescending(t => t.StartsOn).ThenByDescending(t => t.Id), TopicCount, cancellationToken);

        var about = await db.Pages.AsNoTracking()
            .Where(p => p.Slug == PageSlugs.About)
            .Select(p => new { p.BodyExcerpt, BodyMarkdown = p.BodyExcerpt == null ? p.BodyMarkdown : null })
            .SingleOrDefaultAsync(cancellationToken);
        var services = await ServiceDirectory.ShownAsync(db, cancellationToken);
        var site = await chrome.GetAsync(cancellationToken);

        var slides = await FocusImages.SlidesAsync(db, now, cancellationToken);

        return View(new HomeModel(site.Settings.OrganisationName, StoredHtml.Excerpt(about?.BodyExcerpt, about?.BodyMarkdown, 150, markdown), news, notices, inspections, campaigns, services, topics)
        {
            FocusSlides = slides,
        });
    }
}
