using System.Globalization;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Models;
using LnUnion.Portal.Notices;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

[AllowAnonymous]
public sealed class ArticlesController(PortalDbContext db, MarkdownRenderer markdown, TimeProvider clock) : Controller
{
    [HttpGetOrHead("/articles/{id:int:min(1)}")]
    [OutputCache(PolicyName = PublicCache.PolicyName)]
    public async Task<IActionResult> Show(int id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var visible = db.Articles.AsNoTracking().VisibleToPublic(now);

        var article = await visible
            .Where(a => a.Id == id)
            .Select(a => new
            {
                a.Id,
                a.Title,
                a.Summary,
                a.BodyHtml,
                a.BodyExcerpt,
                // Read only for a text whose rendering is not stored yet.
                BodyMarkdown = a.BodyHtml == null || a.BodyExcerpt == null ? a.BodyMarkdown : null,
                a.ChannelId,
                ChannelSlug = a.Channel.Slug,
                ChannelName = a.Channel.Name,
                PublishAt = a.PublishAt!.Value,
                a.RevisedAt,
                a.Source,
                a.Author,
                a.ViewCount,
                Cover = a.CoverImage == null ? null : new StoredImage(a.CoverImage.StoredName, a.CoverImage.Width, a.CoverImage.Height, a.CoverImage.HasRenditions),
                a.Inspection,
                a.Kind,
                a.Publicity,
                Attachments = a.Attachments
                    .OrderBy(x => x.SortOrder)
                    .Select(x => new AttachmentLink(x.MediaFile.StoredName, x.MediaFile.OriginalName, x.MediaFile.Size))
                    .ToList(),
            })
            .SingleOrDefaultAsync(cancellationToken);
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

        var sameChannel = visible.Where(a => a.ChannelId == article.ChannelId);
        var previous = await sameChannel
            // The outer range lets the database walk the channel's index from this article's time and stop at the first hit.
            .Where(a => a.PublishAt <= article.PublishAt && (a.PublishAt < article.PublishAt || a.Id < article.Id))
            .OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id)
            .Select(a => new ArticleLink(a.Id, a.Title))
            .FirstOrDefaultAsync(cancellationToken);
        var next = await sameChannel
            .Where(a => a.PublishAt >= article.PublishAt && (a.PublishAt > article.PublishAt || a.Id > article.Id))
            .OrderBy(a => a.PublishAt).ThenBy(a => a.Id)
            .Select(a => new ArticleLink(a.Id, a.Title))
            .FirstOrDefaultAsync(cancellationToken);

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
            article.Attachments,
            previous,
            next,
            article.RevisedAt));
    }

    /// <summary>
    /// Counts a read and answers the article's live count. site.js asks for it from the article page, which is
    /// output-cached and so usually never runs its action; this answer is never cached.
    /// </summary>
    [HttpGet("/articles/{id:int:min(1)}/hit")]
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
}
