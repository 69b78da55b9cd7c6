namespace LnUnion.Portal.Models;

public sealed record TopicListItem(string Slug, string Title, string? BannerImageName, DateOnly StartsOn, DateOnly? EndsOn)
{
    public string Path => PathOf(Slug);

    public static string PathOf(string slug) => $"/topics/{slug}";
}

public sealed record TopicListModel(IReadOnlyList<TopicListItem> Current, IReadOnlyList<TopicListItem> Archived) : IPublicPage
{
    public string Title => "专题";
    public string? Description => "专题报道和往期专题";
    public string? CanonicalPath => "/topics";
}

public sealed record TopicModel(
    string Slug,
    string Name,
    string? BannerImageName,
    int? BannerWidth,
    int? BannerHeight,
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
    public string? CanonicalPath => PageNumber > 1 ? $"/topics/{Slug}?page={PageNumber}" : $"/topics/{Slug}";
    public string? ImagePath => BannerImageName is { } banner ? $"/media/{banner}" : null;
}
