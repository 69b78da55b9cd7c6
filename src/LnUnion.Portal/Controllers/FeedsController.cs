using System.Text;
using System.Xml;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Chinese;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Organisation;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Site;
using LnUnion.Portal.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Controllers;

/// <summary>What feed readers and search engines fetch: Atom feeds, the sitemap and robots.txt.</summary>
/// <remarks>
/// Like the pages, they are output-cached and hold only what <see cref="PublicVisibility"/> lets through; every
/// article change evicts them (<see cref="PublicCache.ArticleChangedAsync"/>), and so does the scheduler when a
/// publish or expiry time passes. Links are absolute, from <see cref="SiteOptions.BaseUrl"/>.
/// </remarks>
[AllowAnonymous]
public sealed class FeedsController(
    PortalDbContext db,
    OrganisationPages organisation,
    MarkdownRenderer markdown,
    SiteChrome chrome,
    IOptions<SiteOptions> site,
    TimeProvider clock) : Controller
{
    public const int FeedSize = 20;
    private const string AtomNamespace = "http://www.w3.org/2005/Atom";
    private const string SitemapNamespace = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private string Origin => site.Value.OriginFor(Request);

    private IQueryable<Article> Visible => db.Articles.AsNoTracking().VisibleToPublic(clock.GetUtcNow().UtcDateTime);

    [HttpGetOrHead(PublicAddresses.Feed)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Feeds])]
    public async Task<IActionResult> SiteFeed(CancellationToken cancellationToken) =>
        await FeedAsync(Visible, null, PublicAddresses.Feed, PublicAddresses.Home, cancellationToken);

    [HttpGetOrHead(PublicAddresses.Routes.ChannelFeed)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Feeds])]
    public async Task<IActionResult> ChannelFeed(string channel, CancellationToken cancellationToken)
    {
        var found = await db.Channels.AsNoTracking()
            .Where(c => c.Slug == channel)
            .Select(c => new FeedChannel(c.Id, c.Slug, c.Name))
            .SingleOrDefaultAsync(cancellationToken);
        // Compared again here because SQL Server's collation would match /News/feed.xml too: one address per feed.
        return found is null || found.Slug != channel
            ? NotFound()
            : await FeedAsync(Visible.Where(a => a.ChannelId == found.Id), found.Name, PublicAddresses.ChannelFeed(found.Slug), PublicAddresses.Channel(found.Slug), cancellationToken);
    }

    /// <summary>A topic's own feed: its articles, from whichever channels, as its page lists them.</summary>
    [HttpGetOrHead(PublicAddresses.Routes.TopicFeed)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Feeds, PublicCache.Topics, PublicCache.Dated])]
    public async Task<IActionResult> TopicFeed(string slug, CancellationToken cancellationToken)
    {
        if (!PublicAddresses.IsSlug(slug))
        {
            return NotFound();
        }

        var topic = await db.Topics.AsNoTracking().Public(ChinaTime.Today(clock))
            .Where(t => t.Slug == slug)
            .Select(t => new { t.Id, t.Slug, t.Title })
            .SingleOrDefaultAsync(cancellationToken);
        return topic is null || topic.Slug != slug
            ? NotFound()
            : await FeedAsync(TopicList.ArticlesOf(db, topic.Id, clock.GetUtcNow().UtcDateTime), $"专题：{topic.Title}", PublicAddresses.TopicFeed(topic.Slug), PublicAddresses.Topic(topic.Slug), cancellationToken);
    }

    [HttpGetOrHead(PublicAddresses.SitemapXml)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Sitemap, PublicCache.Dated])]
    public async Task<IActionResult> Sitemap(CancellationToken cancellationToken)
    {
        var files = await SitemapFileCountAsync(cancellationToken);
        if (files == 1)
        {
            return await SitemapFileAsync(1, cancellationToken);
        }

        return Xml("application/xml", writer =>
        {
            writer.WriteStartElement("sitemapindex", SitemapNamespace);
            for (var file = 1; file <= files; file++)
            {
                writer.WriteStartElement("sitemap");
                writer.WriteElementString("loc", Origin + PublicAddresses.SitemapPart(file));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    [HttpGetOrHead(PublicAddresses.Routes.SitemapPart)]
    [OutputCache(PolicyName = PublicCache.PolicyName, Tags = [PublicCache.Sitemap, PublicCache.Dated])]
    public async Task<IActionResult> SitemapPart(int file, CancellationToken cancellationToken)
    {
        // A site small enough for one file has only /sitemap.xml, so each address is listed once.
        var files = await SitemapFileCountAsync(cancellationToken);
        return files == 1 || file > files ? NotFound() : await SitemapFileAsync(file, cancellationToken);
    }

    [HttpGetOrHead(PublicAddresses.Robots)]
    [OutputCache(PolicyName = PublicCache.PolicyName)]
    public IActionResult Robots() => Content(
        $"""
        User-agent: *
        Allow: /
        Disallow: /admin
        Disallow: /articles/*/hit

        Sitemap: {Origin}/sitemap.xml

        """,
        "text/plain; charset=utf-8");

    private sealed record FeedChannel(int Id, string Slug, string Name);

    private sealed record SitemapUrl(string Path, DateTime? LastModified);

    /// <summary>The newest of <paramref name="articles"/>; <paramref name="name"/> (null for the site's own feed) before the site's name.</summary>
    private async Task<IActionResult> FeedAsync(IQueryable<Article> articles, string? name, string self, string home, CancellationToken cancellationToken)
    {
        var entries = await articles
            .OrderByDescending(a => a.PublishAt).ThenByDescending(a => a.Id)
            .Take(FeedSize)
            .Select(a => new
            {
                a.Id,
                a.Title,
                a.Summary,
                a.BodyExcerpt,
                BodyMarkdown = a.BodyExcerpt == null ? a.BodyMarkdown : null,
                a.Author,
                PublishAt = a.PublishAt!.Value,
                a.UpdatedAt,
                ChannelSlug = a.Channel.Slug,
                ChannelName = a.Channel.Name,
            })
            .ToListAsync(cancellationToken);
        var siteName = (await chrome.GetAsync(cancellationToken)).Settings.OrganisationName;
        var origin = Origin;
        var title = name is null ? siteName : $"{name} - {siteName}";
        // The /zh-hant feed is a feed of its own: it names its own address and leads to the Traditional pages.
        (self, home) = (HttpContext.PathInScript(self), HttpContext.PathInScript(home));

        return Xml("application/atom+xml", writer =>
        {
            writer.WriteStartElement("feed", AtomNamespace);
            writer.WriteAttributeString("xml", "lang", null, HttpContext.LanguageTag());
            writer.WriteElementString("title", XmlText(title));
            Link(writer, "self", "application/atom+xml", origin + self);
            Link(writer, "alternate", "text/html", origin + home);
            writer.WriteElementString("id", origin + self);
            var updated = entries.Count == 0 ? clock.GetUtcNow().UtcDateTime : entries.Max(e => Later(e.PublishAt, e.UpdatedAt));
            writer.WriteElementString("updated", ChinaTime.IsoUtc(updated));
            writer.WriteStartElement("author");
            writer.WriteElementString("name", XmlText(siteName));
            writer.WriteEndElement();

            foreach (var entry in entries)
            {
                var url = origin + HttpContext.PathInScript(PublicAddresses.Article(entry.Id));
                var summary = string.IsNullOrWhiteSpace(entry.Summary) ? StoredHtml.Excerpt(entry.BodyExcerpt, entry.BodyMarkdown, 200, markdown) : entry.Summary;
                writer.WriteStartElement("entry");
                writer.WriteElementString("title", XmlText(entry.Title));
                Link(writer, "alternate", "text/html", url);
                writer.WriteElementString("id", url);
                writer.WriteElementString("published", ChinaTime.IsoUtc(entry.PublishAt));
                writer.WriteElementString("updated", ChinaTime.IsoUtc(Later(entry.PublishAt, entry.UpdatedAt)));
                if (!string.IsNullOrWhiteSpace(entry.Author))
                {
                    writer.WriteStartElement("author");
                    writer.WriteElementString("name", XmlText(entry.Author));
                    writer.WriteEndElement();
                }

                writer.WriteStartElement("category");
                writer.WriteAttributeString("term", entry.ChannelSlug);
                writer.WriteAttributeString("label", XmlText(entry.ChannelName));
                writer.WriteEndElement();
                writer.WriteElementString("summary", XmlText(summary));
                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    private async Task<int> SitemapFileCountAsync(CancellationToken cancellationToken)
    {
        var perFile = site.Value.SitemapArticlesPerFile;
        var count = await Visible.CountAsync(cancellationToken) + await MailboxPublication.Newest(db).CountAsync(cancellationToken);
        return Math.Max(1, (count + perFile - 1) / perFile);
    }

    /// <summary>The first file also lists the home page, the channels and the standing pages.</summary>
    private async Task<IActionResult> SitemapFileAsync(int file, CancellationToken cancellationToken)
    {
        var urls = new List<SitemapUrl>();
        if (file == 1)
        {
            var latest = await Visible
                .GroupBy(a => a.ChannelId)
                .Select(g => new { ChannelId = g.Key, Latest = g.Max(a => a.PublishAt) })
                .ToDictionaryAsync(g => g.ChannelId, g => g.Latest, cancellationToken);
            var channels = await db.Channels.AsNoTracking()
                .Where(c => c.ShowInNavigation)
                .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
                .Select(c => new { c.Id, c.Slug })
                .ToListAsync(cancellationToken);
            var pages = await db.Pages.AsNoTracking()
                .ToDictionaryAsync(p => p.Slug, p => p.UpdatedAt, cancellationToken);

            var topics = await db.Topics.AsNoTracking().Public(ChinaTime.Today(clock))
                .OrderBy(t => t.Id)
                .Select(t => new { t.Slug, t.UpdatedAt })
                .ToListAsync(cancellationToken);

            urls.Add(new SitemapUrl(PublicAddresses.Home, latest.Values.Max()));
            urls.AddRange(channels.Select(c => new SitemapUrl(PublicAddresses.Channel(c.Slug), latest.GetValueOrDefault(c.Id))));
            urls.Add(new SitemapUrl(PublicAddresses.Services, null));
            urls.Add(new SitemapUrl(PublicAddresses.SiteMap, null));
            urls.Add(new SitemapUrl(PublicAddresses.Accessibility, null));
            if (topics.Count > 0)
            {
                urls.Add(new SitemapUrl(PublicAddresses.Topics, topics.Max(t => t.UpdatedAt)));
                urls.AddRange(topics.Select(t => new SitemapUrl(PublicAddresses.Topic(t.Slug), t.UpdatedAt)));
            }
            foreach (var (slug, path) in PublicAddresses.StandingPages)
            {
                // 联系我们 shows the site settings even without a page of text; the others need their page.
                if (pages.TryGetValue(slug, out var updated) || slug == PageSlugs.Contact)
                {
                    urls.Add(new SitemapUrl(path, pages.ContainsKey(slug) ? updated : null));
                }
            }

            urls.AddRange((await organisation.SitemapEntriesAsync(cancellationToken)).Select(e => new SitemapUrl(e.Path, e.LastModified)));
        }

        if (file == 1)
        {
            var newestReply = await MailboxPublication.Newest(db).Select(l => l.PublishedAt).FirstOrDefaultAsync(cancellationToken);
            urls.Add(new SitemapUrl(PublicAddresses.Mailbox, null));
            urls.Add(new SitemapUrl(PublicAddresses.MailboxReplies, newestReply));
            urls.Add(new SitemapUrl(PublicAddresses.MailboxStatistics, null));
        }

        // The articles, then the published exchanges, cut into files of the same size.
        var perFile = site.Value.SitemapArticlesPerFile;
        var skip = (file - 1) * perFile;
        var articles = await Visible
            .OrderBy(a => a.Id)
            .Skip(skip)
            .Take(perFile)
            .Select(a => new { a.Id, PublishAt = a.PublishAt!.Value, a.UpdatedAt })
            .ToListAsync(cancellationToken);
        urls.AddRange(articles.Select(a => new SitemapUrl(PublicAddresses.Article(a.Id), Later(a.PublishAt, a.UpdatedAt))));
        if (articles.Count < perFile)
        {
            var lettersSkipped = articles.Count > 0 ? 0 : skip - await Visible.CountAsync(cancellationToken);
            var letters = await MailboxPublication.VisibleToPublic(db.Letters.AsNoTracking())
                .OrderBy(l => l.Id)
                .Skip(lettersSkipped)
                .Take(perFile - articles.Count)
                .Select(l => new { l.Id, PublishedAt = l.PublishedAt!.Value })
                .ToListAsync(cancellationToken);
            urls.AddRange(letters.Select(l => new SitemapUrl(PublicAddresses.MailboxReply(l.Id), l.PublishedAt)));
        }

        var origin = Origin;
        return Xml("application/xml", writer =>
        {
            writer.WriteStartElement("urlset", SitemapNamespace);
            foreach (var url in urls)
            {
                writer.WriteStartElement("url");
                writer.WriteElementString("loc", origin + url.Path);
                if (url.LastModified is { } lastModified)
                {
                    writer.WriteElementString("lastmod", ChinaTime.IsoUtc(lastModified));
                }

                writer.WriteEndElement();
            }

            writer.WriteEndElement();
        });
    }

    /// <summary>
    /// An edit made before the publish time (or approval of a scheduled article) must not date the article earlier
    /// than its publication.
    /// </summary>
    private static DateTime Later(DateTime publishAt, DateTime updatedAt) => updatedAt > publishAt ? updatedAt : publishAt;

    private static void Link(XmlWriter writer, string rel, string type, string href)
    {
        writer.WriteStartElement("link");
        writer.WriteAttributeString("rel", rel);
        writer.WriteAttributeString("type", type);
        writer.WriteAttributeString("href", href);
        writer.WriteEndElement();
    }

    /// <summary>
    /// XML cannot carry most control characters; one pasted into a title would make the writer throw, so it is left out.
    /// </summary>
    private static string XmlText(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (XmlConvert.IsXmlChar(value[i]))
            {
                text.Append(value[i]);
            }
            else if (i + 1 < value.Length && XmlConvert.IsXmlSurrogatePair(value[i + 1], value[i]))
            {
                text.Append(value[i]).Append(value[i + 1]);
                i++;
            }
        }

        return text.ToString();
    }

    private FileContentResult Xml(string contentType, Action<XmlWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = new UTF8Encoding(false) }))
        {
            writer.WriteStartDocument();
            write(writer);
            writer.WriteEndDocument();
        }

        return File(buffer.ToArray(), contentType + "; charset=utf-8");
    }
}
