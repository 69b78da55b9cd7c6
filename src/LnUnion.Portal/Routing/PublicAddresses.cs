using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Routing;

/// <summary>
/// The one table of the public site's addresses: the route templates the public controllers are mapped at, the
/// builders every link to them is made with, the Traditional <c>/zh-hant</c> rule, the slugs a channel cannot take
/// and the one slug rule. An address written anywhere else is a copy that can go stale.
/// </summary>
public static partial class PublicAddresses
{
    // Addresses without a parameter: each is its route template and its link alike.
    public const string Home = "/";
    public const string About = "/about";
    public const string Responsibilities = "/about/responsibilities";
    public const string OrganisationUnits = "/about/organisation";
    public const string Leaders = "/about/leaders";
    public const string Contact = "/contact";
    public const string Search = "/search";
    public const string Topics = "/topics";
    public const string Mailbox = "/mailbox";
    public const string MailboxQuery = "/mailbox/query";
    public const string MailboxReplies = "/mailbox/replies";
    public const string MailboxStatistics = "/mailbox/statistics";
    public const string Services = "/services";
    public const string SiteMap = "/sitemap";
    public const string Accessibility = "/accessibility";
    public const string Feed = "/feed.xml";
    public const string SitemapXml = "/sitemap.xml";
    public const string Robots = "/robots.txt";

    /// <summary>Route templates of the addresses with a parameter; links to them come from the builders below.</summary>
    public static class Routes
    {
        public const string Channel = "/{channel}";
        public const string ChannelFeed = Channel + "/feed.xml";
        public const string Article = "/articles/{id:int:min(1)}";
        public const string ArticleHit = Article + "/hit";
        public const string Topic = Topics + "/{slug}";
        public const string TopicFeed = Topic + "/feed.xml";
        public const string MailboxReply = MailboxReplies + "/{id:int}";
        public const string SitemapPart = "/sitemap-{file:int:min(1)}.xml";
        public const string MediaFile = MediaFolder + "/{name}";
        public const string Error = "/error/{statusCode:int}";
    }

    /// <summary>Where the Traditional copy of every page lives.</summary>
    public const string TraditionalPrefix = "/zh-hant";

    public const string MediaFolder = "/media";
    public const string Admin = "/admin";
    public const string Health = "/healthz";

    /// <summary>
    /// Paths that are no page: files, the admin area (Simplified only, and its cookies are scoped to /admin), the
    /// health check and the Traditional prefix itself. They have no /zh-hant copy.
    /// </summary>
    public static readonly IReadOnlyList<PathString> NotPages =
        [MediaFolder, "/css", "/img", "/js", "/lib", "/favicon.svg", Admin, Health, TraditionalPrefix];

    /// <summary>The standing pages that have a public address, in the order staff expect to find them.</summary>
    public static readonly IReadOnlyList<(string Slug, string Path)> StandingPages =
    [
        (PageSlugs.About, About),
        (PageSlugs.Responsibilities, Responsibilities),
        (PageSlugs.Contact, Contact),
    ];

    /// <summary>Every address the site answers besides channels, articles and files, for the link check.</summary>
    public static readonly IReadOnlyList<string> FixedPages =
    [
        Home, About, Responsibilities, OrganisationUnits, Leaders, Contact, Search, Topics, Mailbox, MailboxQuery,
        MailboxReplies, MailboxStatistics, Services, SiteMap, Accessibility, Feed, SitemapXml, Robots, "/favicon.svg",
    ];

    private static readonly string[] Templates =
    [
        .. FixedPages, Routes.Channel, Routes.ChannelFeed, Routes.Article, Routes.ArticleHit, Routes.Topic,
        Routes.TopicFeed, Routes.MailboxReply, Routes.SitemapPart, Routes.MediaFile, Routes.Error,
    ];

    /// <summary>
    /// A channel lives at <c>/{slug}</c>, so a slug must not be the first segment of any other address: every first
    /// segment of the table above and of the paths that are no page. Addresses with a dot (feed.xml, robots.txt)
    /// need no entry, since a slug has no dot.
    /// </summary>
    public static readonly FrozenSet<string> ReservedSlugs = Templates
        .Concat(NotPages.Select(p => p.Value!))
        .Select(path => path.TrimStart('/').Split('/')[0])
        .Where(IsSlug)
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// The one rule for a channel's or topic's address name: a lower-case letter, then lower-case letters, digits
    /// and hyphens, 2 to 50 characters. The admin forms validate with it and the public routes answer only it.
    /// </summary>
    public const string SlugPattern = "^[a-z][a-z0-9-]{1,49}\\z";

    public const string SlugRuleMessage = "网址名须以小写字母开头，只能包含小写字母、数字和连字符（-），长度 2–50 个字符。";

    public static bool IsSlug(string? text) => text is not null && SlugRegex().IsMatch(text);

    public static string Article(int id) => "/articles/" + Number(id);

    public static string ArticleHit(int id) => Article(id) + "/hit";

    public static string Channel(string slug) => "/" + slug;

    public static string ChannelFeed(string slug) => Channel(slug) + "/feed.xml";

    public static string Topic(string slug) => Topics + "/" + slug;

    public static string TopicFeed(string slug) => Topic(slug) + "/feed.xml";

    public static string MailboxReply(int id) => MailboxReplies + "/" + Number(id);

    /// <summary>The letter form, with a letter type already chosen when there is one.</summary>
    public static string MailboxWithType(int? letterTypeId) =>
        letterTypeId is { } type ? Mailbox + "?type=" + Number(type) : Mailbox;

    public static string SitemapPart(int file) => "/sitemap-" + Number(file) + ".xml";

    /// <summary>A standing page's address, or null for a page the public site does not show.</summary>
    public static string? StandingPage(string slug) =>
        StandingPages.FirstOrDefault(p => p.Slug == slug).Path;

    public static bool IsStandingPage(string slug) => StandingPage(slug) is not null;

    /// <summary>Where a page stands in the admin list: the public ones in the order above, any other after them.</summary>
    public static int StandingPageOrder(string slug) =>
        StandingPages.Index().FirstOrDefault(p => p.Item.Slug == slug, (StandingPages.Count, default)).Index;

    /// <summary>A list's page of results: the first page is the list's own address, the others add <c>?page=</c>.</summary>
    public static string WithPage(string path, int page) => page > 1 ? path + "?page=" + Number(page) : path;

    /// <summary>The /zh-hant address of a Simplified page's path (and query, and fragment).</summary>
    public static string Traditional(string path) =>
        path.Length == 1 || path[1] is '?' or '#' ? TraditionalPrefix + "/" + path[1..] : TraditionalPrefix + path;

    /// <summary>A path in the given script: itself, or its /zh-hant address.</summary>
    public static string InScript(string path, bool traditional) => traditional ? Traditional(path) : path;

    /// <summary>Whether a local path is a page (and so has a /zh-hant copy) rather than a file or the admin area.</summary>
    public static bool IsPage(PathString path) => !NotPages.Any(path.StartsWithSegments);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(SlugPattern)]
    private static partial Regex SlugRegex();
}
