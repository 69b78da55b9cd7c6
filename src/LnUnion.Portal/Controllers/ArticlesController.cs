using System.Globalization;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Models;
using LnUnion.Portal.Notices;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

[AllowAnonymous]
public sealed class ArticlesController(PortalDbContext db, MarkdownRenderer markdown, TimeProvider clock) : Controller
{
    /// <summary>
    /// The article with its neighbours in the channel, in one statement compiled once: each neighbour is a scalar
    /// subquery that walks the channel's index from this article's time and stops at the first hit.
    /// </summary>
    private static readonly Func<PortalDbContext, int, DateTime, CancellationToken, Task<ShownArticle?>> ArticleWithNeighbours =
        PublicVisibility.Compile((PortalDbContext db, int id, DateTime now, CancellationToken _) => db.Articles.AsNoTracking()
            .VisibleToPublic(now)
            .Where(a => a.Id == id)
            .Select(a => new ShownArticle
            {
                Id = a.Id,
                Title = a.Title,
                Summary = a.Summary,
                BodyHtml = a.BodyHtml,
                BodyExcerpt = a.BodyExcerpt,
                // Read only for a text whose rendering is not stored yet.
                BodyMarkdown = a.BodyHtml == null || a.BodyExcerpt == null ? a.BodyMarkdown : null,
                ChannelSlug = a.Channel.Slug,
                ChannelName = a.Channel.Name,
                PublishAt = a.PublishAt!.Value,
                RevisedAt = a.RevisedAt,
                Source = a.Source,
                Author = a.Author,
                ViewCount = a.ViewCount,
                Cover = a.CoverImage == null ? null : new StoredImage(a.CoverImage.StoredName, a.CoverImage.Width, a.CoverImage.Height, a.CoverImage.HasRenditions),
                // Field by field: projecting a complex property whole makes EF read every column of the article,
                // its Markdown source included.
                Inspection = new InspectionDetails
                {
                    Team = a.Inspection.Team,
                    AcceptFrom = a.Inspection.AcceptFrom,
                    AcceptTo = a.Inspection.AcceptTo,
                    Hotline = a.Inspection.Hotline,
                    PostalBox = a.Inspection.PostalBox,
                    Email = a.Inspection.Email,
                },
                Kind = a.Kind,
                Publicity = new PublicityDetails
                {
                    From = a.Publicity.From,
                    To = a.Publicity.To,
                    ObjectionAddress = a.Publicity.ObjectionAddress,
                    ObjectionPerson = a.Publicity.ObjectionPerson,
                    ObjectionPhone = a.Publicity.ObjectionPhone,
                    ObjectionEmail = a.Publicity.ObjectionEmail,
                },
                // Most articles have none. A collection here would push the query into a subquery that reads every
                // column, the Markdown source included, so they are read apart when there are some.
                HasAttachments = a.Attachments.Any(),
                // SQLite has no APPLY, so a neighbour's id and title are two scalar subqueries. The previous one is
                // bounded by this article's publish time alone (see VisibleToPublicUpTo).
                PreviousId = db.Articles.VisibleToPublicUpTo(a.PublishAt!.Value, now)
                    .Where(p => p.ChannelId == a.ChannelId && (p.PublishAt < a.PublishAt || p.Id < a.Id))
                    .OrderByDescending(p => p.PublishAt).ThenByDescending(p => p.Id).Select(p => (int?)p.Id).FirstOrDefault(),
                PreviousTitle = db.Articles.VisibleToPublicUpTo(a.PublishAt!.Value, now)
                    .Where(p => p.ChannelId == a.ChannelId && (p.PublishAt < a.PublishAt || p.Id < a.Id))
                    .OrderByDescending(p => p.PublishAt).ThenByDescending(p => p.Id).Select(p => p.Title).FirstOrDefault(),
                NextId = db.Articles.VisibleToPublic(now)
                    .Where(n => n.ChannelId == a.ChannelId && n.PublishAt >= a.PublishAt && (n.PublishAt > a.PublishAt || n.Id > a.Id))
                    .OrderBy(n => n.PublishAt).ThenBy(n => n.Id).Select(n => (int?)n.Id).FirstOrDefault(),
                NextTitle = db.Articles.VisibleToPublic(now)
                    .Where(n => n.ChannelId == a.ChannelId && n.PublishAt >= a.PublishAt && (n.PublishAt > a.PublishAt || n.Id > a.Id))
                    .OrderBy(n => n.PublishAt).ThenBy(n => n.Id).Select(n => n.Title).FirstOrDefault(),
            })
            .SingleOrDefault());

    [HttpGetOrHead(PublicAddresses.Routes.Article)]
    [OutputCache(PolicyName = PublicCache.PolicyName)]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken)
    {
        var article = await ArticleWithNeighbours(db, id, clock.GetUtcNow().UtcDateTime, cancellationToken);
        if (article is null)
        {
            return NotFound();
        }

        HttpContext.TagOutputCache(PublicCache.Article(article.Id), PublicCache.Channel(article.ChannelSlug));
        if (NoticeBox.IsDated(article.Kind, article.Inspection, article.Publicity))
        {
            // Its box says 未开始, open or ended by today's date: the page must be rendered again at midnight.
            HttpContext.TagOutputCache(PublicCache.Dated);
        }

        var attachments = article.HasAttachments
            ? await db.ArticleAttachments.AsNoTracking()
                .Where(x => x.ArticleId == article.Id)
                .OrderBy(x => x.SortOrder)
                .Select(x => new AttachmentLink(x.MediaFile.StoredName, x.MediaFile.OriginalName, x.MediaFile.Size))
                .ToListAsync(cancellationToken)
            : [];
        var previous = article.PreviousId is { } previousId ? new ArticleLink(previousId, article.PreviousTitle!) : null;
        var next = article.NextId is { } nextId ? new ArticleLink(nextId, article.NextTitle!) : null;

        return View(new ArticleModel(
            article.Id,
            article.Title,
            article.ChannelSlug,
            article.ChannelName,
            article.PublishAt,
            article.Source,
            article.Author,
            article.ViewCount,
            article.Cover,
            StoredHtml.Html(article.BodyHtml, article.BodyMarkdown, markdown),
            string.IsNullOrWhiteSpace(article.Summary) ? StoredHtml.Excerpt(article.BodyExcerpt, article.BodyMarkdown, 120, markdown) : article.Summary,
            NoticeBox.Of(article.Kind, article.Inspection, article.Publicity, ChinaTime.Today(clock)),
            attachments,
            previous,
            next,
            article.RevisedAt));
    }

    /// <summary>
    /// Counts a read and answers the article's live count. site.js asks for it from the article page, which is
    /// output-cached and so usually never runs its action; this answer is never cached.
    /// </summary>
    [HttpGet(PublicAddresses.Routes.ArticleHit)]
    public async Task<IActionResult> Hit(int id, [FromServices] ViewCounter counter, CancellationToken cancellationToken)
    {
        var stored = await db.Articles.AsNoTracking()
            .VisibleToPublic(clock.GetUtcNow().UtcDateTime)
            .Where(a => a.Id == id)
            .Select(a => (long?)a.ViewCount)
            .SingleOrDefaultAsync(cancellationToken);
        // Only visible articles are counted, which also bounds the counter's memory.
        if (stored is null)
        {
            return NotFound();
        }

        if (ViewCounter.IsReader(Request.Headers.UserAgent))
        {
            counter.Count(id);
        }

        Response.Headers.CacheControl = "no-store";
        Response.Headers["X-Robots-Tag"] = "noindex";
        return Content((stored.Value + counter.Pending(id)).ToString(CultureInfo.InvariantCulture), "text/plain");
    }

    private sealed class ShownArticle
    {
        public int Id { get; init; }
        public required string Title { get; init; }
        public string? Summary { get; init; }
        public string? BodyHtml { get; init; }
        public string? BodyExcerpt { get; init; }
        public string? BodyMarkdown { get; init; }
        public required string ChannelSlug { get; init; }
        public required string ChannelName { get; init; }
        public DateTime PublishAt { get; init; }
        public DateTime? RevisedAt { get; init; }
        public string? Source { get; init; }
        public string? Author { get; init; }
        public long ViewCount { get; init; }
        public StoredImage? Cover { get; init; }
        public required InspectionDetails Inspection { get; init; }
        public ArticleKind Kind { get; init; }
        public required PublicityDetails Publicity { get; init; }
        public bool HasAttachments { get; init; }
        public int? PreviousId { get; init; }
        public string? PreviousTitle { get; init; }
        public int? NextId { get; init; }
        public string? NextTitle { get; init; }
    }
}
