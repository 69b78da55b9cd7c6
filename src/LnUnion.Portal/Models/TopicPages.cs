using LnUnion.Portal.Media;
using LnUnion.Portal.Routing;

namespace LnUnion.Portal.Models;

public sealed record TopicListItem(string Slug, string Title, string? BannerImageName, DateOnly StartsOn, DateOnly? EndsOn)
{
    public string Path => PublicAddresses.Topic(Slug);
}

public sealed record TopicListModel(IReadOnlyList<TopicListItem> Current, IReadOnlyList<TopicListItem> Archived) : IPublicPage
{
    public string Title => "专题";
    public string? Description => "专题报道和往期专题";
    public string? CanonicalPath => PublicAddresses.Topics;
}

public sealed record TopicModel(
    string Slug,
    string Name,
    StoredImage? Banner,
    string IntroductionHtml,
    string Excerpt,
    DateOnly StartsOn,
    DateOnly? EndsOn,
    bool IsArchived,
    IReadOnlyList<ArticleListItem> Articles,
    int PageNumber,
    int PageCount) : IPublicPage
{
    public const int PageSize = 20;

    public string Title => PageNumber > 1 ? $"{Name}（第{PageNumber}页）" : Name;
    public string? Description => Excerpt.Length > 0 ? Excerpt : $"专题：{Name}";
    public string? CanonicalPath => PublicAddresses.WithPage(PublicAddresses.Topic(Slug), PageNumber);
    public string? ImagePath => Banner is { } banner ? $"/media/{banner.StoredName}" : null;
}
