namespace LnUnion.Portal.Site;

public sealed class SiteOptions
{
    public const string Section = "Site";

    public const string PublicAddressRequired =
        "Site:BaseUrl must be the site's public address (https://…) outside Development: without it canonical links, feeds, the sitemap and robots.txt would repeat whatever Host header a client sends.";

    /// <summary>
    /// The public address, such as https://www.lnszgh.org.cn, for canonical links and feeds. Required outside
    /// Development (the app refuses to start without it): without it the address is taken from the request, and so
    /// from whatever Host header a client sends.
    /// </summary>
    public string? BaseUrl { get; set; }

    public bool HasPublicAddress =>
        Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" && uri.Host.Length > 0;

    /// <summary>
    /// Search engines read at most 50,000 addresses from one sitemap file; past this many articles and published
    /// letters /sitemap.xml becomes an index of several files.
    /// </summary>
    public int SitemapArticlesPerFile { get; set; } = 45_000;

    /// <summary>
    /// How often article reads counted in memory are written to the database: a crash loses at most this long's
    /// reads. More often costs more writes on a busy site.
    /// </summary>
    public int ViewCountFlushSeconds { get; set; } = 5;

    /// <summary>Scheme and host for absolute links, without a trailing slash.</summary>
    /// <remarks>The request's own address is used only in Development, where start-up lets the setting be missing.</remarks>
    public string OriginFor(HttpRequest request) => HasPublicAddress ? BaseUrl!.TrimEnd('/') : $"{request.Scheme}://{request.Host}";

    /// <summary>A path at the public address, for links in mail; the bare path when the address is not set.</summary>
    public string Link(string path) => (HasPublicAddress ? BaseUrl!.TrimEnd('/') : string.Empty) + path;
}
