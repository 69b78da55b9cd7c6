using System.Text.Json;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Editing;

/// <summary>
/// Each editor's private recovery copies of the forms they are writing in. They live beside the content, never in it:
/// saving one makes no revision, publishes nothing and evicts nothing from the public cache.
/// </summary>
public sealed partial class EditorDrafts(PortalDbContext db, TimeProvider clock)
{
    /// <summary>More than any form's fields (the body's limit is far lower), less than a runaway script could send.</summary>
    public const int MaxFieldsBytes = 4 * 1024 * 1024;

    public sealed record Draft(DateTime SavedAt, IReadOnlyDictionary<string, string> Fields);

    /// <summary>The key of an existing article's or page's form.</summary>
    public static string KeyOfArticle(int id) => $"article:{id}";

    public static string KeyOfPage(int id) => $"page:{id}";

    /// <summary>The key of a new-article form, by the creation key it was opened with.</summary>
    public static string KeyOfNewArticle(Guid creationKey) => $"{NewArticlePrefix}{creationKey:D}";

    private const string NewArticlePrefix = "article-new:";

    public static bool IsFormKey(string? formKey) => formKey is not null && FormKeyPattern().IsMatch(formKey);

    /// <summary>Reads the browser's fields: a JSON object of strings, or null when it is not one.</summary>
    public static Dictionary<string, string>? ParseFields(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Replaces the user's copy of the form; returns when it was saved (UTC).</summary>
    public async Task<DateTime> SaveAsync(string userId, string formKey, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var json = JsonSerializer.Serialize(fields);
        var updated = await db.EditorDrafts
            .Where(d => d.UserId == userId && d.FormKey == formKey)
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.FieldsJson, json).SetProperty(x => x.SavedAt, now), cancellationToken);
        if (updated == 0)
        {
            db.EditorDrafts.Add(new EditorDraft { UserId = userId, FormKey = formKey, FieldsJson = json, SavedAt = now });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Two autosaves of a new copy crossed (a slow one, then the next): the later write wins either way.
                db.ChangeTracker.Clear();
                await db.EditorDrafts
                    .Where(d => d.UserId == userId && d.FormKey == formKey)
                    .ExecuteUpdateAsync(d => d.SetProperty(x => x.FieldsJson, json).SetProperty(x => x.SavedAt, now), cancellationToken);
            }
        }

        return now;
    }

    /// <summary>The user's own copy of the form, or null. Nobody else's is ever found.</summary>
    public async Task<Draft?> FindAsync(string userId, string formKey, CancellationToken cancellationToken)
    {
        var row = await db.EditorDrafts.AsNoTracking()
            .Where(d => d.UserId == userId && d.FormKey == formKey)
            .Select(d => new { d.SavedAt, d.FieldsJson })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null ? null : new Draft(row.SavedAt, ParseFields(row.FieldsJson) ?? []);
    }

    /// <summary>
    /// The creation key and time of the user's latest copy of a new-article form that was never saved, so that opening
    /// 写新文章 afresh (a new key) can lead back to it.
    /// </summary>
    public async Task<(Guid Key, DateTime SavedAt)?> LatestUnsavedNewArticleAsync(string userId, CancellationToken cancellationToken)
    {
        var latest = await db.EditorDrafts.AsNoTracking()
            .Where(d => d.UserId == userId && d.FormKey.StartsWith(NewArticlePrefix))
            .OrderByDescending(d => d.SavedAt)
            .Select(d => new { d.FormKey, d.SavedAt })
            .FirstOrDefaultAsync(cancellationToken);
        return latest is not null
            && Guid.TryParse(latest.FormKey[NewArticlePrefix.Length..], out var key)
            && !await db.Articles.AnyAsync(a => a.CreationKey == key, cancellationToken)
            ? (key, latest.SavedAt)
            : null;
    }

    /// <summary>The form was saved for real (or the editor threw the copy away): the copy has done its job.</summary>
    public Task DiscardAsync(string userId, string formKey, CancellationToken cancellationToken) =>
        db.EditorDrafts.Where(d => d.UserId == userId && d.FormKey == formKey).ExecuteDeleteAsync(cancellationToken);

    [GeneratedRegex(@"\A(article:[0-9]{1,10}|page:[0-9]{1,10}|article-new:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\z")]
    private static partial Regex FormKeyPattern();
}
