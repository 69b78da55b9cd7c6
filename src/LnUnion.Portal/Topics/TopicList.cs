using LnUnion.Portal.Data;
using LnUnion.Portal.Models;
using LnUnion.Portal.Publishing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Topics;

/// <summary>The reads the public topic pages, the home page's block and the topic feeds share.</summary>
public static class TopicList
{
    public static Task<List<TopicListItem>> Items(IQueryable<Topic> topics, int take, CancellationToken cancellationToken) =>
        topics.Take(take)
            .Select(t => new TopicListItem(t.Slug, t.Title, t.BannerImage == null ? null : t.BannerImage.StoredName, t.StartsOn, t.EndsOn))
            .ToListAsync(cancellationToken);

    /// <summary>A topic's articles that the public may see now.</summary>
    public static IQueryable<Article> ArticlesOf(PortalDbContext db, int topicId, DateTime nowUtc) =>
        db.Articles.AsNoTracking().VisibleToPublic(nowUtc)
            .Where(a => db.TopicArticles.Any(x => x.TopicId == topicId && x.ArticleId == a.Id));
}

public static class TopicDates
{
    /// <summary>A topic's dates as its pages show them.</summary>
    public static string Of(DateOnly startsOn, DateOnly? endsOn) =>
        endsOn is { } end ? $"{Text(startsOn)} 至 {Text(end)}" : $"{Text(startsOn)} 起";

    private static string Text(DateOnly date) => date.ToString("yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);
}
