namespace LnUnion.Portal.Content;

public sealed class SiteOptions
{
    public const string Section = "Site";

    /// <summary>
    /// The public address, such as https://www.lnszgh.org.cn, for canonical links and feeds. Set it in production:
    /// without it the address is taken from the request, and so from whatever Host header a client sends.
    /// </summary>
    public string? BaseUrl { get; set; }
}
