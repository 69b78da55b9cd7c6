using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace LnUnion.Portal.Rendering;

/// <summary>
/// A text written in Markdown that keeps its public rendering beside it: the sanitised HTML and the start of its plain
/// text, both made by <see cref="MarkdownRenderer"/> when the Markdown is saved, so a page rendered afresh does not
/// parse and sanitise it again. Null while not rendered yet (rows written before there were these columns, or
/// straight into the database): readers then render the Markdown themselves.
/// </summary>
public interface IRenderedMarkdown
{
    string BodyMarkdown { get; }

    string? BodyHtml { get; set; }

    /// <summary>The plain text, whitespace collapsed, cut at <see cref="MarkdownRenderer.StoredExcerptLength"/>.</summary>
    string? BodyExcerpt { get; set; }
}

/// <summary>Renders and stores, and reads back, what <see cref="IRenderedMarkdown"/> keeps.</summary>
public static class StoredHtml
{
    /// <summary>Stores the rendering, with the pictures of the uploaded images the Markdown shows (<see cref="Media.BodyImages"/>) sized.</summary>
    public static void Render(IRenderedMarkdown row, MarkdownRenderer markdown, IReadOnlyDictionary<string, Media.StoredImage> images)
    {
        row.BodyHtml = markdown.ToHtml(row.BodyMarkdown, images);
        row.BodyExcerpt = markdown.ToPlainText(row.BodyMarkdown, MarkdownRenderer.StoredExcerptLength);
    }

    /// <summary>The stored HTML, or the Markdown rendered now when none is stored (then the Markdown was read instead).</summary>
    public static string Html(string? bodyHtml, string? bodyMarkdown, MarkdownRenderer markdown) =>
        bodyHtml ?? markdown.ToHtml(bodyMarkdown);

    /// <summary>The excerpt of <paramref name="maxLength"/> characters, from the stored one or, when none is stored, the Markdown.</summary>
    public static string Excerpt(string? bodyExcerpt, string? bodyMarkdown, int maxLength, MarkdownRenderer markdown) =>
        bodyExcerpt is null ? markdown.ToPlainText(bodyMarkdown, maxLength) : MarkdownRenderer.Excerpt(bodyExcerpt, maxLength);
}

/// <summary>
/// Every save of a text renders it: whatever writes Markdown (the admin forms, approvals, restores, the seed, imports)
/// goes through EF's SaveChanges, so no path can store Markdown without its matching HTML.
/// </summary>
public sealed class RenderOnSave(MarkdownRenderer markdown) : SaveChangesInterceptor
{
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } context && ToRender(context) is { Count: > 0 } rows)
        {
            Render(rows, Media.BodyImages.LookUp(context, rows.Select(r => r.BodyMarkdown)));
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && ToRender(context) is { Count: > 0 } rows)
        {
            Render(rows, await Media.BodyImages.LookUpAsync(context, rows.Select(r => r.BodyMarkdown), cancellationToken));
        }

        return result;
    }

    private static List<IRenderedMarkdown> ToRender(DbContext context)
    {
        context.ChangeTracker.DetectChanges();
        return [.. context.ChangeTracker.Entries<IRenderedMarkdown>()
            .Where(entry => entry.State == EntityState.Added
                || (entry.State == EntityState.Modified && (entry.Property(nameof(IRenderedMarkdown.BodyMarkdown)).IsModified || entry.Entity.BodyHtml is null || entry.Entity.BodyExcerpt is null)))
            .Select(entry => entry.Entity)];
    }

    private void Render(List<IRenderedMarkdown> rows, IReadOnlyDictionary<string, Media.StoredImage> images)
    {
        foreach (var row in rows)
        {
            StoredHtml.Render(row, markdown, images);
        }
    }
}

/// <summary>
/// Renders the stored HTML of texts again: all of them (<see cref="Commands.RenderHtmlCommand"/>, after the pipeline changed), or only those
/// without (at every start, for rows from before the columns existed or written straight into the database).
/// </summary>
public sealed partial class StoredHtmlRenderer(IServiceScopeFactory scopes, MarkdownRenderer markdown, ILogger<StoredHtmlRenderer> logger) : BackgroundService
{
    private const int BatchSize = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var count = await RenderAsync(onlyMissing: true, stoppingToken);
            if (count > 0)
            {
                LogRendered(logger, count);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the rest is rendered at the next start, and read live until then.
        }
    }

    /// <summary>Renders every text (or every one without stored HTML) and stores the result; how many it stored.</summary>
    public async Task<int> RenderAsync(bool onlyMissing, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        return await RenderAsync<Article>(db, onlyMissing, cancellationToken)
            + await RenderAsync<ArticleRevision>(db, onlyMissing, cancellationToken)
            + await RenderAsync<Page>(db, onlyMissing, cancellationToken)
            + await RenderAsync<PageRevision>(db, onlyMissing, cancellationToken)
            + await RenderAsync<Topics.Topic>(db, onlyMissing, cancellationToken);
    }

    private async Task<int> RenderAsync<T>(PortalDbContext db, bool onlyMissing, CancellationToken cancellationToken)
        where T : class, IRenderedMarkdown
    {
        var rows = db.Set<T>();
        var (last, count) = (0, 0);
        while (true)
        {
            var batch = await rows.AsNoTracking()
                .Where(r => EF.Property<int>(r, "Id") > last
                    && (!onlyMissing || EF.Property<string?>(r, nameof(IRenderedMarkdown.BodyHtml)) == null || EF.Property<string?>(r, nameof(IRenderedMarkdown.BodyExcerpt)) == null))
                .OrderBy(r => EF.Property<int>(r, "Id"))
                .Select(r => new Row(EF.Property<int>(r, "Id"), EF.Property<string>(r, nameof(IRenderedMarkdown.BodyMarkdown))))
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return count;
            }

            // Rendering is the cost; both cores share it. Writing stays on one connection, in one transaction per batch.
            var images = await Media.BodyImages.LookUpAsync(db, batch.Select(r => r.Markdown), cancellationToken);
            var rendered = new (string Html, string Excerpt)[batch.Count];
            Parallel.For(0, batch.Count, new ParallelOptions { CancellationToken = cancellationToken }, i =>
                rendered[i] = (markdown.ToHtml(batch[i].Markdown, images), markdown.ToPlainText(batch[i].Markdown, MarkdownRenderer.StoredExcerptLength)));

            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                var (id, source) = batch[i];
                var (html, excerpt) = rendered[i];
                // Only if the Markdown is still the one rendered: a save in the meantime stored its own rendering.
                count += await rows
                    .Where(r => EF.Property<int>(r, "Id") == id && EF.Property<string>(r, nameof(IRenderedMarkdown.BodyMarkdown)) == source)
                    .ExecuteUpdateAsync(
                        set => set.SetProperty(r => EF.Property<string?>(r, nameof(IRenderedMarkdown.BodyHtml)), html)
                            .SetProperty(r => EF.Property<string?>(r, nameof(IRenderedMarkdown.BodyExcerpt)), excerpt),
                        cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            last = batch[^1].Id;
        }
    }

    private sealed record Row(int Id, string Markdown);

    [LoggerMessage(Level = LogLevel.Information, Message = "Rendered and stored the HTML of {Count} texts that had none")]
    private static partial void LogRendered(ILogger logger, int count);
}
