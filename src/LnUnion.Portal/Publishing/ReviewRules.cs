using LnUnion.Portal.Data;

namespace LnUnion.Portal.Publishing;

/// <summary>
/// Who may see, edit and review an article. Kept in one place so the list, the editor and every workflow action
/// agree, and so the tests can hold each rule to account.
/// </summary>
public static class ReviewRules
{
    /// <summary>The facts about an article the rules need.</summary>
    public sealed record ArticleFacts(string? CreatedById, string? SubmittedById, bool IsSample, ArticleStatus Status, DateTime? SubmittedAt);

    public sealed record Viewer(string UserId, bool IsAdministrator, bool IsReviewer, bool IsEditor);

    /// <summary>
    /// Administrators see everything; reviewers everything but other people's drafts; editors their own and the
    /// samples. Every admin query of articles starts from this.
    /// </summary>
    public static IQueryable<Article> VisibleTo(this IQueryable<Article> articles, Viewer viewer)
    {
        if (viewer.IsAdministrator)
        {
            return articles;
        }

        var (userId, isReviewer, isEditor) = (viewer.UserId, viewer.IsReviewer, viewer.IsEditor);
        return articles.Where(a => a.CreatedById == userId
            || (isReviewer && a.Status != ArticleStatus.Draft)
            || (isEditor && a.IsSample && a.CreatedById == null));
    }

    /// <summary>Writers change their own articles (and the samples) while no review is under way.</summary>
    public static bool CanEdit(Viewer viewer, ArticleFacts article) =>
        article.SubmittedAt is null
        && (viewer.IsAdministrator || (viewer.IsEditor && (IsOwn(viewer, article) || (article.IsSample && article.CreatedById is null))));

    /// <summary>Whoever submitted an article (or its change) may take it back out of review, to change it further.</summary>
    public static bool CanWithdrawSubmission(Viewer viewer, ArticleFacts article) =>
        article.SubmittedAt is not null && article.SubmittedById == viewer.UserId;

    /// <summary>
    /// A reviewer may decide the next level unless they wrote or submitted the article, or already approved a level
    /// of this round.
    /// </summary>
    public static string? WhyCannotReview(Viewer viewer, ArticleFacts article, IEnumerable<ReviewRecord> roundApprovals)
    {
        if (article.SubmittedAt is null)
        {
            return "这篇文章没有在审核中。";
        }

        if (!viewer.IsReviewer && !viewer.IsAdministrator)
        {
            return "只有审核人员可以审核。";
        }

        if (viewer.UserId == article.CreatedById || viewer.UserId == article.SubmittedById)
        {
            return "不能审核自己撰写或提交的文章。";
        }

        return roundApprovals.Any(r => r.ReviewerId == viewer.UserId) ? "您已审核通过本文的一级，同一篇文章的下一级需由其他审核人员审核。" : null;
    }

    private static bool IsOwn(Viewer viewer, ArticleFacts article) => article.CreatedById == viewer.UserId;
}
