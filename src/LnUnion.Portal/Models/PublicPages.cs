using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Search;

namespace LnUnion.Portal.Models;

/// <summary>What the public layout needs from every page's model: its title, description and canonical path.</summary>
public interface IPublicPage
{
    string Title { get; }

    /// <summary>The meta description; null for none.</summary>
    string? Description { get; }

    /// <summary>Path and query of the page's canonical URL; null for pages that should not be indexed (errors).</summary>
    string? CanonicalPath { get; }

    /// <summary>Open Graph's og:type: "article" for an article, "website" for every other page.</summary>
    string OpenGraphType => "website";

    /// <summary>Path of an image that stands for the page when it is shared (og:image); null for none.</summary>
    string? ImagePath => null;
}

public sealed record ArticleListItem(int Id, string Title, string ChannelName, DateTime PublishAt, bool IsPinned);

public sealed record HomeModel(
    string OrganisationName,
    string IntroductionExcerpt,
    IReadOnlyList<ArticleListItem> News,
    IReadOnlyList<ArticleListItem> Notices,
    IReadOnlyList<ArticleListItem> ActiveInspections,
    IReadOnlyList<ArticleListItem> Campaigns,
    IReadOnlyList<Services.ServiceItem> Services,
    IReadOnlyList<TopicListItem> Topics) : IPublicPage
{
    /// <summary>焦点图, newest first; empty when no article qualifies, and then the area is left out.</summary>
    public IReadOnlyList<Focus.FocusSlide> FocusSlides { get; init; } = [];

    public string Title => OrganisationName;
    public string? Description => IntroductionExcerpt;
    public string? CanonicalPath => "/";
}

public sealed record ChannelModel(
    string Slug,
    string Name,
    IReadOnlyList<ArticleListItem> Articles,
    int PageNumber,
    int PageCount) : IPublicPage
{
    public const int PageSize = 20;

    public string Title => PageNumber > 1 ? $"{Name}（第{PageNumber}页）" : Name;
    public string? Description => $"{Name}栏目文章列表";
    public string? CanonicalPath => PublicAddresses.WithPage(PublicAddresses.Channel(Slug), PageNumber);
}

public sealed record ArticleLink(int Id, string Title);

public sealed record AttachmentLink(string StoredName, string Name, long Size);

public sealed record ArticleModel(
    int Id,
    string Title,
    string ChannelSlug,
    string ChannelName,
    DateTime PublishAt,
    string? Source,
    string? Author,
    long ViewCount,
    Media.StoredImage? Cover,
    string BodyHtml,
    string Excerpt,
    Notices.NoticeBox? Notice,
    IReadOnlyList<AttachmentLink> Attachments,
    ArticleLink? Previous,
    ArticleLink? Next,
    DateTime? RevisedAt) : IPublicPage
{
    /// <summary>
    /// Set when an approved change altered the text after publication and the two times read differently: the page
    /// then shows 首发时间 and 更新时间 rather than one 发布时间.
    /// </summary>
    public DateTime? ShownRevisedAt =>
        RevisedAt is { } revised && ChinaTime.DateAndTime(revised) != ChinaTime.DateAndTime(PublishAt) && revised > PublishAt ? revised : null;

    public DateTime ModifiedAt => ShownRevisedAt ?? PublishAt;

    public string? Description => Excerpt;
    public string CanonicalPath => PublicAddresses.Article(Id);
    public string OpenGraphType => "article";
    public string? ImagePath => Cover is { } cover ? Media.ImageRenditions.UrlOf(cover.StoredName) : null;
}

public sealed record InfoPageModel(string Slug, string Title, string BodyHtml, string? Description, string Path) : IPublicPage
{
    public string? CanonicalPath => Path;
}

public sealed record ContactModel(SiteSettings Settings, string BodyHtml) : IPublicPage
{
    public string Title => "联系我们";
    public string? Description => $"{Settings.OrganisationName}的地址、邮编和电话";
    public string? CanonicalPath => PublicAddresses.Contact;
}

public sealed record ErrorModel(int StatusCode, string Title, string Message) : IPublicPage
{
    public string? Description => null;
    public string? CanonicalPath => null;
}

public enum SearchState
{
    /// <summary>Nothing searchable was asked: the page invites a search.</summary>
    Invite,

    /// <summary>The index is being built for the first time.</summary>
    Building,

    Results,
}

public sealed record SearchChannelOption(string Slug, string Name);

public sealed record SearchResultItem(
    string Path,
    IReadOnlyList<TextRun> Title,
    IReadOnlyList<TextRun> Snippet,
    string? ChannelName,
    DateTime? PublishAt);

public sealed record SearchModel(
    string Query,
    string? Channel,
    DateOnly? From,
    DateOnly? To,
    IReadOnlyList<SearchChannelOption> Channels,
    SearchState State,
    IReadOnlyList<SearchResultItem> Results,
    int Total,
    int PageNumber,
    int PageCount) : IPublicPage
{
    public const int PageSize = 10;

    /// <summary>The search stopped counting at <see cref="Total"/>, and ranked only the newest matches.</summary>
    public bool TotalIsAtLeast { get; init; }

    public string Title => Query.Length == 0 ? "搜索"
        : PageNumber > 1 ? $"搜索：{Query}（第{PageNumber}页）"
        : $"搜索：{Query}";

    public string? Description => "搜索本站的新闻、通知公告、巡视工作、专项行动和机构介绍";

    /// <summary>Result pages are not for search engines to index; the empty search page is.</summary>
    public string? CanonicalPath => State == SearchState.Invite && Channel is null && From is null && To is null ? PublicAddresses.Search : null;

    public static string DateValue(DateOnly? date) =>
        date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>This search's address on another page of results, keeping the words and filters.</summary>
    public string PageUrl(int page)
    {
        var query = new List<KeyValuePair<string, string?>> { new("q", Query) };
        if (Channel is not null)
        {
            query.Add(new("channel", Channel));
        }

        if (From is not null)
        {
            query.Add(new("from", DateValue(From)));
        }

        if (To is not null)
        {
            query.Add(new("to", DateValue(To)));
        }

        if (page > 1)
        {
            query.Add(new("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return PublicAddresses.Search + Microsoft.AspNetCore.Http.QueryString.Create(query);
    }
}

public sealed record ServicesPageModel(IReadOnlyList<Services.ServiceItem> Services) : IPublicPage
{
    public string Title => "职工服务";
    public string? Description => "职工服务热线、职工信箱和各项服务平台的入口。";
    public string? CanonicalPath => PublicAddresses.Services;
}

public sealed record SiteMapLink(string Name, string Path);

public sealed record SiteMapSection(string Title, IReadOnlyList<SiteMapLink> Links);

public sealed record SiteMapModel(IReadOnlyList<SiteMapSection> Sections) : IPublicPage
{
    public string Title => "网站地图";
    public string? Description => "网站各栏目和页面的目录。";
    public string? CanonicalPath => PublicAddresses.SiteMap;
}
