using LnUnion.Portal.Data;

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
    IReadOnlyList<ArticleListItem> Campaigns) : IPublicPage
{
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
    public string? CanonicalPath => PageNumber > 1 ? $"/{Slug}?page={PageNumber}" : $"/{Slug}";
}

public sealed record ArticleLink(int Id, string Title);

public sealed record AttachmentLink(string StoredName, string Name, long Size);

public sealed record InspectionBox(InspectionDetails Details, bool? IsAccepting);

public sealed record ArticleModel(
    int Id,
    string Title,
    string ChannelSlug,
    string ChannelName,
    DateTime PublishAt,
    string? Source,
    string? Author,
    long ViewCount,
    string? CoverImageName,
    string BodyHtml,
    string Excerpt,
    InspectionBox? Inspection,
    IReadOnlyList<AttachmentLink> Attachments,
    ArticleLink? Previous,
    ArticleLink? Next,
    DateTime ModifiedAt) : IPublicPage
{
    public string? Description => Excerpt;
    public string CanonicalPath => $"/articles/{Id}";
    public string OpenGraphType => "article";
    public string? ImagePath => CoverImageName is { } cover ? $"/media/{cover}" : null;
}

public sealed record InfoPageModel(string Slug, string Title, string BodyHtml, string? Description, string Path) : IPublicPage
{
    public string? CanonicalPath => Path;
}

public sealed record ContactModel(SiteSettings Settings, string BodyHtml) : IPublicPage
{
    public string Title => "联系我们";
    public string? Description => $"{Settings.OrganisationName}的地址、邮编和电话";
    public string? CanonicalPath => "/contact";
}

public sealed record ErrorModel(int StatusCode, string Title, string Message) : IPublicPage
{
    public string? Description => null;
    public string? CanonicalPath => null;
}
