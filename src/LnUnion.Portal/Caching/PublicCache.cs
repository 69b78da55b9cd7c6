using LnUnion.Portal.Publishing;
using LnUnion.Portal.Search;
using Microsoft.AspNetCore.OutputCaching;

namespace LnUnion.Portal.Caching;

/// <summary>
/// Names the output-cache tags that public pages carry and evicts exactly the pages a change affects.
/// </summary>
/// <remarks>
/// Every public page carries <see cref="AllPages"/>, because the navigation and footer on each of them come from
/// channels and site settings. An article page also carries its channel's tag, since its previous/next links
/// change whenever an article in that channel does. The search index is brought up to date here too, before the
/// search pages are evicted, because every publish, edit, withdrawal and expiry comes here: from the admin area through
/// <see cref="ContentChanges"/> once its save has committed, and from <see cref="ScheduledContentWatcher"/>.
/// </remarks>
public sealed class PublicCache(IOutputCacheStore store, SearchIndex search, SiteWideChanges siteWide, ChannelListPages lists)
{
    public const string PolicyName = "Public";
    public const string AllPages = "public";
    public const string Home = "home";

    /// <summary>Every Atom feed: the site's and each channel's.</summary>
    public const string Feeds = "feeds";

    /// <summary>The sitemap and its parts: they list every article and page.</summary>
    public const string Sitemap = "sitemap";

    /// <summary>Every search results page: any change to what the public sees may change any of them.</summary>
    public const string Search = "search";

    /// <summary>Pages whose content depends on the Beijing date (a notice box's period, the current topics).</summary>
    public const string Dated = "dated";

    /// <summary>The topic list, each topic's page and feed: they list articles from every channel.</summary>
    public const string Topics = "topics";

    public static string Channel(string slug) => $"channel:{slug}";

    public static string Article(int id) => $"article:{id}";

    public const string PagePrefix = "page:";

    public static string Page(string slug) => PagePrefix + slug;

    /// <summary>
    /// Brings search up to date with the changes, then evicts exactly the pages they affect, each tag once: an article's
    /// page, its channel's lists (and its neighbours' previous/next links), the home page, feeds, sitemap and search; a
    /// standing page, the home page, sitemap and search; for settings and channels, every page.
    /// </summary>
    public async Task ChangedAsync(ContentChangeSet changes, CancellationToken cancellationToken = default)
    {
        await search.ContentChangedAsync(changes.ArticleIds, changes.PageSlugs, changes.Topics, cancellationToken);
        if (changes.Everything)
        {
            // Before the pages go, so that none is rendered again with the header and footer held from before.
            await siteWide.AnnounceAsync();
        }
        else if (changes.ArticleIds.Count > 0 || changes.ChannelSlugs.Count > 0)
        {
            // Before the lists go. Only a single node holds list pages (see ChannelListPages).
            lists.Forget();
        }

        foreach (var tag in TagsOf(changes))
        {
            await store.EvictByTagAsync(tag, cancellationToken);
        }
    }

    /// <summary>An article was published, edited, withdrawn, expired or re-pinned.</summary>
    public Task ArticleChangedAsync(int articleId, string channelSlug, CancellationToken cancellationToken = default) =>
        ChangedAsync(ContentChangeSet.Article(articleId, channelSlug), cancellationToken);

    public Task PageChangedAsync(string slug, CancellationToken cancellationToken = default) =>
        ChangedAsync(ContentChangeSet.Page(slug), cancellationToken);

    /// <summary>Site settings or channels changed: they show on every page.</summary>
    public Task EverythingChangedAsync(CancellationToken cancellationToken = default) =>
        ChangedAsync(ContentChangeSet.All, cancellationToken);

    /// <summary>
    /// A new day in Beijing: inspection and 公示 periods begin and end, topics start (and become searchable) and are
    /// archived, all by date. The
    /// inspection channel's pages and the home page list by date too.
    /// </summary>
    public async Task DayChangedAsync(CancellationToken cancellationToken = default)
    {
        // A topic starting today becomes searchable; the catch-up would find it too, but only within its interval.
        await search.ContentChangedAsync([], [], topics: true, cancellationToken);
        await store.EvictByTagAsync(Search, cancellationToken);
        await store.EvictByTagAsync(Channel(Data.ChannelSlugs.Inspection), cancellationToken);
        await store.EvictByTagAsync(Dated, cancellationToken);
        await store.EvictByTagAsync(Home, cancellationToken);
    }

    private static IEnumerable<string> TagsOf(ContentChangeSet changes)
    {
        if (changes.Everything)
        {
            yield return AllPages;
        }

        foreach (var id in changes.ArticleIds)
        {
            yield return Article(id);
        }

        foreach (var slug in changes.ChannelSlugs)
        {
            yield return Channel(slug);
        }

        foreach (var slug in changes.PageSlugs)
        {
            yield return Page(slug);
        }

        if (changes.ArticleIds.Count > 0 || changes.PageSlugs.Count > 0)
        {
            yield return Home;
            yield return Sitemap;
            yield return Search;
        }

        if (changes.ArticleIds.Count > 0 || changes.Topics)
        {
            yield return Topics;
            yield return Feeds;
        }

        if (changes.Topics && changes.ArticleIds.Count == 0 && changes.PageSlugs.Count == 0)
        {
            yield return Home;
            yield return Sitemap;
            yield return Search;
        }
    }
}

public static class OutputCacheTagging
{
    /// <summary>Adds tags to the cache entry the current response will be stored under, if it is being cached.</summary>
    public static void TagOutputCache(this HttpContext httpContext, params ReadOnlySpan<string> tags)
    {
        if (httpContext.Features.Get<IOutputCacheFeature>() is { } feature)
        {
            foreach (var tag in tags)
            {
                feature.Context.Tags.Add(tag);
            }
        }
    }
}
