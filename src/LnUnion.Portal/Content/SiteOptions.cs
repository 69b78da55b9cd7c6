namespace LnUnion.Portal.Content;

public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>
    /// The public address, such as https://www.lnszgh.org.cn, for canonical links and feeds. Set it in production:
    /// without it the address is taken from the request, and so from whatever Host header a client sends.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>
    /// Search engines read at most 50,000 addresses from one sitemap file; past this many articles /sitemap.xml
    /// becomes an index of several files.
    /// </summary>
    public int SitemapArticlesPerFile { get; set; } = 45_000;

    /// <summary>
    /// How often article reads counted in memory are written to the database: a crash loses at most this long's
    /// reads. More often costs more writes on a busy site.
    /// </summary>
    public int ViewCountFlushSeconds { get; set; } = 5;

    /// <summary>Scheme and host for absolute links, without a trailing slash.</summary>
    public string OriginFor(HttpRequest request) => BaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}";
}
