using LnUnion.Portal.Data;

namespace LnUnion.Portal.Tests;

/// <summary>
/// Every state an article must never be seen in by the public, each with how to put an article in it: the one set that
/// the pages, the feeds and the search are each tested against.
/// </summary>
public static class HiddenArticles
{
    public static TheoryData<string, Action<Article>> States => new()
    {
        { "草稿", a => a.Status = ArticleStatus.Draft },
        { "审核中", a => a.Status = ArticleStatus.InReview },
        { "已驳回", a => a.Status = ArticleStatus.Rejected },
        { "已撤回", a => a.Status = ArticleStatus.Withdrawn },
        { "定时发布", a => a.PublishAt = DateTime.UtcNow.AddDays(1) },
        { "已过期", a => a.ExpiresAt = DateTime.UtcNow.AddMinutes(-1) },
        { "无发布时间", a => a.PublishAt = null },
    };
}
