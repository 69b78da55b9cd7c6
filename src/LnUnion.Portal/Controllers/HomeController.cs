using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

[AllowAnonymous]
public sealed class HomeController(PortalDbContext db, MarkdownRenderer markdown, TimeProvider clock) : Controller
{
    private const int LatestCount = 10;
    private const int NoticeCount = 6;
    private const int InspectionCount = 5;
    private const string NoticesChannel = "notices";
    private const string InspectionChannel = "inspection";

    [HttpGet("/")]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Home])]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var today = ChinaTime.Today(clock);
        var visible = db.Articles.AsNoTracking().VisibleToPublic(now);

        var latest = await ListItems(visible.PinnedThenNewest(now), LatestCount, cancellationToken);
        var notices = await ListItems(visible.Where(a => a.Channel.Slug == NoticesChannel).PinnedThenNewest(now), NoticeCount, cancellationToken);
        // An inspection notice stays on the home page while the public can still report to the team.
        var inspections = await ListItems(
            visible.Where(a => a.Channel.Slug == InspectionChannel && (a.Inspection.AcceptTo == null || a.Inspection.AcceptTo >= today)).PinnedThenNewest(now),
            InspectionCount,
            cancellationToken);

        var about = await db.Pages.AsNoTracking()
            .Where(p => p.Slug == PageSlugs.About)
            .Select(p => p.BodyMarkdown)
            .SingleOrDefaultAsync(cancellationToken);
        var settings = await SiteChrome.LoadSettingsAsync(db, cancellationToken);

        return View(new HomeModel(settings.OrganisationName, markdown.ToPlainText(about, 150), latest, notices, inspections));
    }

    internal static Task<List<ArticleListItem>> ListItems(IOrderedQueryable<Article> articles, int count, CancellationToken cancellationToken) =>
        articles
            .Take(count)
            .Select(a => new ArticleListItem(a.Id, a.Title, a.Channel.Name, a.PublishAt!.Value, a.IsPinned))
            .ToListAsync(cancellationToken);
}
