using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Models;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Text;
using LnUnion.Portal.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

/// <summary>专题: the list of current and archived topics, and each topic's page with its articles.</summary>
[AllowAnonymous]
public sealed class TopicsController(PortalDbContext db, MarkdownRenderer markdown, TimeProvider clock) : Controller
{
    /// <summary>The list shows at most this many of each kind, so the page stays small however many topics there were.</summary>
    public const int ListLimit = 100;

    [HttpGetOrHead(PublicAddresses.Topics)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Topics, PublicCache.Dated])]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(clock);
        var topics = db.Topics.AsNoTracking();
        var current = await TopicList.Items(topics.Current(today).OrderByDescending(t => t.StartsOn).ThenByDescending(t => t.Id), ListLimit, cancellationToken);
        var archived = await TopicList.Items(topics.Archived(today).OrderByDescending(t => t.EndsOn).ThenByDescending(t => t.Id), ListLimit, cancellationToken);
        return View(new TopicListModel(current, archived));
    }

    [HttpGetOrHead(PublicAddresses.Routes.Topic)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Topics, PublicCache.Dated], VaryByQueryKeys = ["page"])]
    public async Task<IActionResult> Show(string slug, CancellationToken cancellationToken)
    {
        if (!PublicAddresses.IsSlug(slug) || PageNumber.Parse(Request.Query["page"]) is not { } pageNumber)
        {
            return NotFound();
        }

        var today = ChinaTime.Today(clock);
        var topic = await db.Topics.AsNoTracking().Public(today)
            .Where(t => t.Slug == slug)
            .Select(t => new
            {
                t.Id,
                t.Slug,
                t.Title,
                t.BodyHtml,
                t.BodyExcerpt,
                BodyMarkdown = t.BodyHtml == null || t.BodyExcerpt == null ? t.BodyMarkdown : null,
                Banner = t.BannerImage == null ? null : new StoredImage(t.BannerImage.StoredName, t.BannerImage.Width, t.BannerImage.Height, t.BannerImage.HasRenditions),
                t.StartsOn,
                t.EndsOn,
            })
            .SingleOrDefaultAsync(cancellationToken);
        // Compared again: SQL Server's collation would match /topics/ABC too, and each page has one address.
        if (topic is null || topic.Slug != slug)
        {
            return NotFound();
        }

        var articles = TopicList.ArticlesOf(db, topic.Id, clock.GetUtcNow().UtcDateTime);
        var total = await articles.CountAsync(cancellationToken);
        var pageCount = PageCount.Of(total, TopicModel.PageSize);
        if (pageNumber > pageCount)
        {
            return NotFound();
        }

        var page = await articles.NewestPageAsync((pageNumber - 1) * TopicModel.PageSize, TopicModel.PageSize, cancellationToken);
        return View(new TopicModel(
            topic.Slug,
            topic.Title,
            topic.Banner,
            StoredHtml.Html(topic.BodyHtml, topic.BodyMarkdown, markdown),
            StoredHtml.Excerpt(topic.BodyExcerpt, topic.BodyMarkdown, 120, markdown),
            topic.StartsOn,
            topic.EndsOn,
            topic.EndsOn < today,
            page,
            pageNumber,
            pageCount));
    }
}
