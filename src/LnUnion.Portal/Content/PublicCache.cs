using Microsoft.AspNetCore.OutputCaching;

namespace LnUnion.Portal.Content;

/// <summary>
/// Names the output-cache tags that public pages carry and evicts exactly the pages a change affects.
/// </summary>
/// <remarks>
/// Every public page carries <see cref="AllPages"/>, because the navigation and footer on each of them come from
/// channels and site settings. An article page also carries its channel's tag, since its previous/next links
/// change whenever an article in that channel does. The search index is brought up to date here too, before the
/// search pages are evicted, because these are the calls every publish, edit, withdrawal and expiry goes through.
/// </remarks>
public sealed class PublicCache(IOutputCacheStore store, SearchIndex search)
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

    public static string Channel(string slug) => $"channel:{slug}";

    public static string Article(int id) => $"article:{id}";

    public const string PagePrefix = "page:";

    public static string Page(string slug) => PagePrefix + slug;

    /// <summary>An article was published, edited, withdrawn, expired or re-pinned.</summary>
    public async Task ArticleChangedAsync(int articleId, string channelSlug, CancellationToken cancellationToken = default)
    {
        await search.ArticleChangedAsync(articleId, cancellationToken);
        await store.EvictByTagAsync(Article(articleId), cancellationToken);
        await store.EvictByTagAsync(Channel(channelSlug), cancellationToken);
        await store.EvictByTagAsync(Home, cancellationToken);
        await store.EvictByTagAsync(Feeds, cancellationToken);
        await store.EvictByTagAsync(Sitemap, cancellationToken);
        await store.EvictByTagAsync(Search, cancellationToken);
    }

    /// <summary>A new day in Beijing: inspection notices' acceptance periods are judged by date.</summary>
    public async Task DayChangedAsync(CancellationToken cancellationToken = default)
    {
        await store.EvictByTagAsync(Channel(Data.ChannelSlugs.Inspection), cancellationToken);
        await store.EvictByTagAsync(Home, cancellationToken);
    }

    public async Task PageChangedAsync(string slug, CancellationToken cancellationToken = default)
    {
        await search.PageChangedAsync(slug, cancellationToken);
        await store.EvictByTagAsync(Page(slug), cancellationToken);
        await store.EvictByTagAsync(Home, cancellationToken);
        await store.EvictByTagAsync(Sitemap, cancellationToken);
        await store.EvictByTagAsync(Search, cancellationToken);
    }

    /// <summary>Site settings or channels changed: they show on every page.</summary>
    public Task EverythingChangedAsync(CancellationToken cancellationToken = default) =>
        store.EvictByTagAsync(AllPages, cancellationToken).AsTask();
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
