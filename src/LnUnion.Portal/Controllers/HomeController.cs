using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
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

    [HttpGetOrHead("/")]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Home])]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var visible = db.Articles.AsNoTracking().VisibleToPublic(now);
        IQueryable<Article> InChannel(string slug) => visible.Where(a => a.Channel.Slug == slug);

        var news = await ListItems(InChannel(ChannelSlugs.News).PinnedThenNewest(now), ListCount, cancellationToken);
        var notices = await ListItems(InChannel(ChannelSlugs.Notices).PinnedThenNewest(now), ListCount, cancellationToken);
        // An inspection notice stays on the home page while the public can still report to the team.
        var inspections = await ListItems(
            InChannel(ChannelSlugs.Inspection).Where(a => a.Inspection.AcceptTo == null || a.Inspection.AcceptTo >= today).PinnedThenNewest(now),
            InspectionCount,
            cancellationToken);
        var campaigns = await ListItems(InChannel(ChannelSlugs.Campaigns).PinnedThenNewest(now), ListCount, cancellationToken);

        var about = await db.Pages.AsNoTracking()
            .Where(p => p.Slug == PageSlugs.About)
            .Select(p => p.BodyMarkdown)
            .SingleOrDefaultAsync(cancellationToken);
        var site = await chrome.GetAsync(cancellationToken);

        return View(new HomeModel(site.Settings.OrganisationName, markdown.ToPlainText(about, 150), news, notices, inspections, campaigns));
    }

    private static Task<List<ArticleListItem>> ListItems(IOrderedQueryable<Article> articles, int count, CancellationToken cancellationToken) =>
        articles
            .Take(count)
            .Select(a => new ArticleListItem(a.Id, a.Title, a.Channel.Name, a.PublishAt!.Value, a.IsPinned))
            .ToListAsync(cancellationToken);
}
