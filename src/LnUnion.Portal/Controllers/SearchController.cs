using System.Globalization;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Models;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Search;
using LnUnion.Portal.Text;
using LnUnion.Portal.Topics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Controllers;

/// <summary>
/// Full-text search over what the public may see. Whatever is typed, the answer is a calm page: the words are
/// analysed, never parsed as query syntax, and a filter that makes no sense is left out.
/// </summary>
[AllowAnonymous]
public sealed class SearchController(PortalDbContext db, SearchIndex index, MarkdownRenderer markdown, TimeProvider clock) : Controller
{
    private const int SnippetLength = 120;

    /// <summary>Deep pages cost the index more and help nobody; a search this broad wants more words.</summary>
    private const int MaxPage = 50;

    [HttpGetOrHead(PublicAddresses.Search)]
    [OutputCache(PolicyName = PublicCache.PolicyName, VaryByQueryKeys = ["q", "channel", "from", "to", "page"], Tags = [PublicCache.Search])]
    public async Task<IActionResult> Index(
        [FromQuery] string? q,
        [FromQuery] string? channel,
        [FromQuery] string? from,
        [FromQuery] string? to,
        CancellationToken cancellationToken)
    {
        var query = SearchQuery.Parse(q);
        var channels = await db.Channels.AsNoTracking()
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new { c.Slug, c.Name, c.ShowInNavigation })
            .ToListAsync(cancellationToken);
        var selected = channels.Find(c => string.Equals(c.Slug, channel, StringComparison.Ordinal))?.Slug;
        var options = channels.Where(c => c.ShowInNavigation || c.Slug == selected).Select(c => new SearchChannelOption(c.Slug, c.Name)).ToList();
        var fromDate = ParseDate(from);
        var toDate = ParseDate(to);
        var requestedPage = PageNumber.Parse(Request.Query["page"]);
        var model = new SearchModel(query.Text, selected, fromDate, toDate, options, SearchState.Invite, [], 0, 1, 1);
        // Each search has one address, and so one cache entry: a filter that means nothing, a page that does not
        // exist or a parameter given twice leads to the address without it.
        if (requestedPage is null
            || (query.IsEmpty && requestedPage != 1)
            || (!string.IsNullOrEmpty(channel) && selected is null)
            || (!string.IsNullOrEmpty(from) && fromDate is null)
            || (!string.IsNullOrEmpty(to) && toDate is null)
            || Request.Query.Any(parameter => parameter.Value.Count > 1))
        {
            return Redirect(model.PageUrl(1));
        }

        if (query.IsEmpty)
        {
            return View(model);
        }

        var pageNumber = requestedPage.Value;

        // Beijing days: from the first moment of "from" to the last of "to".
        var fromUtc = fromDate is { } f ? ChinaTime.ToUtc(f.ToDateTime(TimeOnly.MinValue)) : (DateTime?)null;
        var toUtc = toDate is { } t ? ChinaTime.ToUtc(t.AddDays(1).ToDateTime(TimeOnly.MinValue)) : (DateTime?)null;
        var hits = index.Search(query, selected, fromUtc, toUtc, (pageNumber - 1) * SearchModel.PageSize, SearchModel.PageSize);
        if (hits is null)
        {
            // Not worth caching: the index will be ready in a moment.
            if (HttpContext.Features.Get<IOutputCacheFeature>() is { } cache)
            {
                cache.Context.AllowCacheStorage = false;
            }

            return View(model with { State = SearchState.Building });
        }

        var pageCount = Math.Min(PageCount.Of(hits.Total, SearchModel.PageSize), MaxPage);
        if (pageNumber > pageCount)
        {
            // A page past the end, from an old link: the last one.
            return Redirect(model.PageUrl(pageCount));
        }

        var results = await LoadResultsAsync(query, hits.Hits, cancellationToken);
        return View(model with
        {
            State = SearchState.Results,
            Results = results,
            Total = hits.Total,
            TotalIsAtLeast = hits.TotalIsAtLeast,
            PageNumber = pageNumber,
            PageCount = pageCount,
        });
    }

    /// <summary>
    /// Titles and text come from the database, not the index, and articles pass the visibility rule once more: an
    /// article that expired a moment ago is not shown even if the index has not caught up.
    /// </summary>
    private async Task<List<SearchResultItem>> LoadResultsAsync(SearchQuery query, IReadOnlyList<SearchHit> hits, CancellationToken cancellationToken)
    {
        var articleIds = hits.Where(h => h.ArticleId is not null).Select(h => h.ArticleId!.Value).ToList();
        var pageSlugs = hits.Where(h => h.PageSlug is not null).Select(h => h.PageSlug!).ToList();
        var letterIds = hits.Where(h => h.LetterId is not null).Select(h => h.LetterId!.Value).ToList();
        var topicIds = hits.Where(h => h.TopicId is not null).Select(h => h.TopicId!.Value).ToList();
        var articles = (await db.Articles.AsNoTracking()
            .VisibleAmongAsync([.. articleIds], clock.GetUtcNow().UtcDateTime, a => new { a.Id, a.Title, a.Summary, a.BodyMarkdown, ChannelName = a.Channel.Name, a.PublishAt }, cancellationToken))
            .ToDictionary(a => a.Id);
        var pages = pageSlugs.Count == 0 ? [] : await db.Pages.AsNoTracking()
            .Where(p => pageSlugs.Contains(p.Slug))
            .Select(p => new { p.Slug, p.Title, p.BodyMarkdown })
            .ToDictionaryAsync(p => p.Slug, StringComparer.Ordinal, cancellationToken);

        // Through the same rule and masking as /mailbox/replies: a letter no longer public is left out.
        var letters = letterIds.Count == 0 ? [] : (await MailboxPublication.Rows(MailboxPublication.VisibleToPublic(db.Letters.AsNoTracking()).Where(l => letterIds.Contains(l.Id)))
            .ToListAsync(cancellationToken)).ToDictionary(l => l.Id);

        var topics = topicIds.Count == 0 ? [] : await db.Topics.AsNoTracking()
            .Public(ChinaTime.Today(clock))
            .Where(t => topicIds.Contains(t.Id))
            .Select(t => new { t.Id, t.Slug, t.Title, t.BodyMarkdown })
            .ToDictionaryAsync(t => t.Id, cancellationToken);

        var results = new List<SearchResultItem>();
        foreach (var hit in hits)
        {
            if (hit.ArticleId is { } id && articles.TryGetValue(id, out var article))
            {
                results.Add(new SearchResultItem(
                    PublicAddresses.Article(id),
                    query.Highlight(article.Title),
                    query.Highlight(SearchIndex.ArticleText(markdown, article.Summary, article.BodyMarkdown), SnippetLength),
                    article.ChannelName,
                    article.PublishAt));
            }
            else if (hit.PageSlug is { } slug && pages.TryGetValue(slug, out var info) && PublicAddresses.StandingPage(slug) is { } path)
            {
                results.Add(new SearchResultItem(
                    path,
                    query.Highlight(info.Title),
                    query.Highlight(markdown.ToPlainText(info.BodyMarkdown, int.MaxValue), SnippetLength),
                    null,
                    null));
            }
            else if (hit.LetterId is { } letterId && letters.TryGetValue(letterId, out var row))
            {
                var exchange = MailboxPublication.Exchange(row);
                results.Add(new SearchResultItem(
                    PublicAddresses.MailboxReply(letterId),
                    query.Highlight(exchange.Subject),
                    query.Highlight(SearchIndex.LetterText(exchange), SnippetLength),
                    "来信选登",
                    row.PublishedAt));
            }
            else if (hit.TopicId is { } topicId && topics.TryGetValue(topicId, out var topic))
            {
                results.Add(new SearchResultItem(
                    PublicAddresses.Topic(topic.Slug),
                    query.Highlight(topic.Title),
                    query.Highlight(markdown.ToPlainText(topic.BodyMarkdown, int.MaxValue), SnippetLength),
                    "专题",
                    null));
            }
        }

        return results;
    }

    /// <summary>A plain yyyy-MM-dd date within reason; anything else is no filter at all.</summary>
    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            && date.Year is >= 1900 and <= 2999
            ? date
            : null;

}
