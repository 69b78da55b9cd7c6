using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Publishing;

/// <summary>What a save changed that the public can see: articles (with their channels), standing pages, or everything.</summary>
public sealed record ContentChangeSet(IReadOnlySet<int> ArticleIds, IReadOnlySet<string> ChannelSlugs, IReadOnlySet<string> PageSlugs, bool Everything)
{
    /// <summary>A topic (专题) was added, changed or deleted, or its article list changed.</summary>
    public bool Topics { get; init; }

    public bool IsEmpty => ArticleIds.Count == 0 && ChannelSlugs.Count == 0 && PageSlugs.Count == 0 && !Everything && !Topics;

    public static ContentChangeSet Article(int id, string channelSlug) => new(new HashSet<int> { id }, new HashSet<string>(StringComparer.Ordinal) { channelSlug }, new HashSet<string>(), false);

    public static ContentChangeSet Page(string slug) => new(new HashSet<int>(), new HashSet<string>(), new HashSet<string>(StringComparer.Ordinal) { slug }, false);

    public static ContentChangeSet All { get; } = new(new HashSet<int>(), new HashSet<string>(), new HashSet<string>(), true);
}

/// <summary>How <see cref="ContentChanges.TrySaveAsync"/> ended.</summary>
public enum SaveOutcome
{
    Saved,

    /// <summary>The row changed since the form was loaded.</summary>
    Conflict,

    /// <summary>The database refused the save, such as a unique index taken by another writer at the same moment.</summary>
    Refused,
}

/// <summary>
/// The one way an admin request saves: each change notes what it affects, and the list is handed once, after the save
/// has committed, to <see cref="PublicCache"/> (which brings search up to date and evicts the pages). A save that
/// loses to another writer's — the row's version is no longer the one the form was loaded with — saves nothing.
/// </summary>
public sealed class ContentChanges(PortalDbContext db, PublicCache cache)
{
    /// <summary>What every admin form says when its row changed since it was loaded; the current state is shown with it.</summary>
    public const string ConflictMessage =
        "保存失败：在您操作期间，其他人已修改并保存了这项内容。页面上显示的是最新保存的内容，您填写的内容仍保留在表单中；请核对后再决定是否重新提交。";

    private readonly HashSet<int> _articles = [];
    private readonly HashSet<string> _channels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _pages = new(StringComparer.Ordinal);
    private bool _everything;
    private bool _topics;

    public void ArticleChanged(int id, string channelSlug)
    {
        _articles.Add(id);
        _channels.Add(channelSlug);
    }

    public void PageChanged(string slug) => _pages.Add(slug);

    /// <summary>Site settings, channels, service accounts or links: they show on every page.</summary>
    public void EverythingChanged() => _everything = true;

    public void TopicsChanged() => _topics = true;

    /// <summary>
    /// Saves <paramref name="row"/> only if it still has the version the form was loaded with; with no row (a form that
    /// adds one), saves as <see cref="SaveAsync(CancellationToken)"/> does.
    /// </summary>
    public Task<bool> SaveAsync(IVersioned? row, Guid loadedVersion, CancellationToken cancellationToken)
    {
        if (row is not null)
        {
            db.Entry(row).Property(nameof(IVersioned.Version)).OriginalValue = loadedVersion;
        }

        return SaveAsync(cancellationToken);
    }

    /// <summary>
    /// Saves as <see cref="SaveAsync(IVersioned, Guid, CancellationToken)"/> does, and answers instead of throwing when
    /// the database refuses the save: another writer took a unique name or used the row at the same moment. Then
    /// nothing is saved and the change tracker is empty.
    /// </summary>
    public async Task<SaveOutcome> TrySaveAsync(IVersioned? row, Guid loadedVersion, CancellationToken cancellationToken)
    {
        try
        {
            return await SaveAsync(row, loadedVersion, cancellationToken) ? SaveOutcome.Saved : SaveOutcome.Conflict;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return SaveOutcome.Refused;
        }
    }

    /// <summary>
    /// Saves every tracked change in one transaction, then hands on what it affected. False when another writer
    /// changed one of the rows first: then nothing is saved, nothing is handed on and the change tracker is empty,
    /// ready for the current state to be read.
    /// </summary>
    public async Task<bool> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            Forget();
            return false;
        }
        catch (DbUpdateException)
        {
            // Such as a unique index refusing a slug: the caller answers it, and nothing it noted happened.
            Forget();
            throw;
        }

        var changed = new ContentChangeSet(_articles.ToHashSet(), _channels.ToHashSet(StringComparer.Ordinal), _pages.ToHashSet(StringComparer.Ordinal), _everything) { Topics = _topics };
        Forget();
        if (!changed.IsEmpty)
        {
            // Not the request's token: a browser that gives up after the commit must not leave the public pages stale.
            await cache.ChangedAsync(changed, CancellationToken.None);
        }

        return true;
    }

    private void Forget()
    {
        _articles.Clear();
        _channels.Clear();
        _pages.Clear();
        _everything = false;
        _topics = false;
    }
}
