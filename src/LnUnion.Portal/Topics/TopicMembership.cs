using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Topics;

/// <summary>
/// Putting an article into a topic's list and taking it out, from the topic's screen or the article's: one rule for
/// which articles may go in, one way to save it. The topic's row is touched and its version checked, so two editors
/// changing the same topic at once cannot both win, and the public pages follow through <see cref="ContentChanges"/>.
/// </summary>
public sealed class TopicMembership(PortalDbContext db, ContentChanges changes, TimeProvider clock)
{
    /// <summary>
    /// The articles this user may put in a topic: any published one (the public may read it anyway, whoever wrote it),
    /// and those the user may see in the admin area, which show in the topic once they are published.
    /// </summary>
    public IQueryable<Article> Addable(ReviewRules.Viewer viewer)
    {
        var visible = db.Articles.VisibleTo(viewer).Select(a => a.Id);
        return db.Articles.AsNoTracking().Where(a => a.Status == ArticleStatus.Published || visible.Contains(a.Id));
    }

    /// <summary>Whether this user may put the article in a topic, or take it out of one (see <see cref="Addable"/>).</summary>
    public Task<bool> MayFileAsync(ReviewRules.Viewer viewer, int articleId, CancellationToken cancellationToken) =>
        Addable(viewer).AnyAsync(a => a.Id == articleId, cancellationToken);

    /// <summary>Marks the topic changed by <paramref name="userId"/> now; saved with the next save.</summary>
    public void Touch(Topic topic, string? userId)
    {
        topic.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        topic.UpdatedById = userId;
        changes.TopicsChanged();
    }

    /// <summary>Adds the article to the tracked topic's list; false, saving nothing, when the topic changed since <paramref name="version"/>.</summary>
    public Task<bool> AddAsync(Topic topic, int articleId, string? userId, Guid version, CancellationToken cancellationToken)
    {
        topic.Articles.Add(new TopicArticle { ArticleId = articleId, AddedAt = clock.GetUtcNow().UtcDateTime });
        Touch(topic, userId);
        return changes.SaveAsync(topic, version, cancellationToken);
    }

    /// <summary>Takes the article out of the topic's list; the article itself is untouched.</summary>
    public async Task<bool> RemoveAsync(Topic topic, int articleId, string? userId, Guid version, CancellationToken cancellationToken)
    {
        await db.Entry(topic).Collection(t => t.Articles).Query().Where(x => x.ArticleId == articleId).LoadAsync(cancellationToken);
        topic.Articles.RemoveAll(x => x.ArticleId == articleId);
        Touch(topic, userId);
        return await changes.SaveAsync(topic, version, cancellationToken);
    }
}
