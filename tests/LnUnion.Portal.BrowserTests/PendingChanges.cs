using LnUnion.Portal.Data;
using LnUnion.Portal.Tests;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.BrowserTests;

internal static class PendingChanges
{
    /// <summary>Gives a published article a change waiting for review, as an editor's save and submit leave it.</summary>
    public static Task AddPendingChangeAsync(this PortalApplication app, int articleId, ArticleRevision change, string? submittedById = null) =>
        app.WithDbAsync(async db =>
        {
            // Two saves: the revision needs the article's id and the article the revision's.
            change.ArticleId = articleId;
            db.ArticleRevisions.Add(change);
            await db.SaveChangesAsync();
            var article = await db.Articles.SingleAsync(a => a.Id == articleId);
            article.PendingRevisionId = change.Id;
            article.SubmittedAt = DateTime.UtcNow;
            article.SubmittedById = submittedById;
            await db.SaveChangesAsync();
        });
}
