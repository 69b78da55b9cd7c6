using System.Linq.Expressions;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Models;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Topics;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Search;

/// <summary>What goes into the index: a full build from the database, and the documents of articles, pages, letters and topics.</summary>
public sealed partial class SearchIndex
{
    /// <summary>How many times the index has been built since start-up.</summary>
    internal int BuildCount { get; private set; }

    /// <summary>The text of a published exchange as indexed and as its snippet is cut from: masked, like its page.</summary>
    public static string LetterText(PublishedExchange exchange) => exchange.Question + "\n\n" + exchange.Answer;

    /// <summary>The text of an article as indexed and as its snippet is cut from.</summary>
    public static string ArticleText(MarkdownRenderer markdown, string? summary, string bodyMarkdown) =>
        markdown.ToPlainText(string.IsNullOrWhiteSpace(summary) ? bodyMarkdown : summary + "\n\n" + bodyMarkdown, int.MaxValue);

    public override void Dispose()
    {
        base.Dispose();
        _searchers?.Dispose();
        _writer?.Dispose();
        _directory?.Dispose();
        _gate.Dispose();
    }

    private async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var started = clock.GetUtcNow().UtcDateTime;
        var timer = System.Diagnostics.Stopwatch.StartNew();
        await WithWriterAsync(writer => writer.DeleteAll());
        ForgetTopics();

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var count = 0;
        var (lastPublished, lastId) = (DateTime.MinValue, 0);
        while (true)
        {
            // Keyset batches: a large database is read a slice at a time, and changes meanwhile can still get in. Oldest
            // first, so that the newest are last in the index, where a broad search ranks them (RankNewestMatches); the
            // ">=" lets the publication index seek, the rest steps past the rows of the last batch's instant.
            var batch = await db.Articles.AsNoTracking().VisibleToPublic(started)
                .Where(a => a.PublishAt >= lastPublished && (a.PublishAt > lastPublished || a.Id > lastId))
                .OrderBy(a => a.PublishAt).ThenBy(a => a.Id)
                .Take(BatchSize)
                .Select(ArticleRow.Of)
                .ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                break;
            }

            await WithWriterAsync(writer =>
            {
                foreach (var row in batch)
                {
                    writer.UpdateDocument(new Term(Fields.Key, ArticleKey(row.Id)), ArticleDocument(row));
                    _articleStamps[row.Id] = row.UpdatedAt;
                }
            });
            count += batch.Count;
            (lastPublished, lastId) = (batch[^1].PublishAt, batch[^1].Id);
        }

        await WritePagesAsync(db, [.. PublicAddresses.StandingPages.Select(p => p.Slug)], cancellationToken);
        await WriteTopicsAsync(db, cancellationToken);
        await WriteLettersAsync(db, await MailboxPublication.VisibleToPublic(db.Letters.AsNoTracking()).Select(l => l.Id).ToListAsync(cancellationToken), cancellationToken);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Anything changed while this ran is picked up by the next catch-up, which looks back from here.
            _editsSeenUpTo = started;
            _switchesSeenUpTo = started;
            _consistencyCheckedAt = started;
            _complete = true;
            CommitLocked();
        }
        finally
        {
            _gate.Release();
        }

        BuildCount++;
        await cacheStore.EvictByTagAsync(PublicCache.Search, cancellationToken);
        LogBuilt(logger, count, timer.ElapsedMilliseconds);
    }

    private async Task WriteArticlesAsync(PortalDbContext db, List<int> ids, DateTime nowUtc, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(BatchSize))
        {
            var visible = (await db.Articles.AsNoTracking().VisibleAmongAsync(chunk, nowUtc, ArticleRow.Of, cancellationToken))
                .ToDictionary(a => a.Id);
            var stamps = await db.Articles.AsNoTracking().Where(a => chunk.Contains(a.Id))
                .ToDictionaryAsync(a => a.Id, a => a.UpdatedAt, cancellationToken);
            await WithWriterAsync(writer =>
            {
                foreach (var id in chunk)
                {
                    var key = new Term(Fields.Key, ArticleKey(id));
                    if (visible.TryGetValue(id, out var row))
                    {
                        writer.UpdateDocument(key, ArticleDocument(row));
                    }
                    else
                    {
                        writer.DeleteDocuments(key);
                    }

                    if (stamps.TryGetValue(id, out var stamp))
                    {
                        _articleStamps[id] = stamp;
                    }
                }
            });
        }
    }

    private async Task WriteLettersAsync(PortalDbContext db, List<int> ids, CancellationToken cancellationToken)
    {
        foreach (var chunk in ids.Chunk(BatchSize))
        {
            var visible = await MailboxPublication.Rows(MailboxPublication.VisibleToPublic(db.Letters.AsNoTracking()).Where(l => chunk.Contains(l.Id)))
                .ToDictionaryAsync(l => l.Id, cancellationToken);
            await WithWriterAsync(writer =>
            {
                foreach (var id in chunk)
                {
                    var key = new Term(Fields.Key, LetterKey(id));
                    if (visible.TryGetValue(id, out var row))
                    {
                        var exchange = MailboxPublication.Exchange(row);
                        writer.UpdateDocument(key, new Document
                        {
                            new StringField(Fields.Key, LetterKey(id), Field.Store.YES),
                            new NumericDocValuesField(Fields.LetterId, id),
                            new NumericDocValuesField(Fields.Updated, row.PublishedAt.Ticks),
                            new Int64Field(Fields.Published, row.PublishedAt.Ticks, Field.Store.NO),
                            new TextField(SearchQuery.TitleField, exchange.Subject, Field.Store.NO),
                            new TextField(SearchQuery.BodyField, LetterText(exchange), Field.Store.NO),
                        });
                    }
                    else
                    {
                        writer.DeleteDocuments(key);
                    }
                }
            });
        }
    }

    private async Task WritePagesAsync(PortalDbContext db, List<string> slugs, CancellationToken cancellationToken)
    {
        var indexed = slugs.Where(PublicAddresses.IsStandingPage).ToList();
        if (indexed.Count == 0)
        {
            return;
        }

        var pages = await db.Pages.AsNoTracking()
            .Where(p => indexed.Contains(p.Slug))
            .Select(p => new { p.Slug, p.Title, p.BodyMarkdown, p.UpdatedAt })
            .ToDictionaryAsync(p => p.Slug, StringComparer.Ordinal, cancellationToken);
        await WithWriterAsync(writer =>
        {
            foreach (var slug in indexed)
            {
                var key = new Term(Fields.Key, PageKey(slug));
                if (pages.TryGetValue(slug, out var page))
                {
                    writer.UpdateDocument(key, new Document
                    {
                        new StringField(Fields.Key, PageKey(slug), Field.Store.YES),
                        new TextField(SearchQuery.TitleField, page.Title, Field.Store.NO),
                        new TextField(SearchQuery.BodyField, markdown.ToPlainText(page.BodyMarkdown, int.MaxValue), Field.Store.NO),
                    });
                    _pageStamps[slug] = page.UpdatedAt;
                }
                else
                {
                    writer.DeleteDocuments(key);
                }
            }
        });
    }

    /// <summary>
    /// Topics are few, so every look reads each one's stamp and whether it has started, and rewrites those that were
    /// edited, deleted or started since: this one path follows edits here and on other nodes, and the start date
    /// passing. The first look after the index is opened replaces every topic, as deletions while down left no stamp.
    /// </summary>
    /// <returns>Whether anything was written.</returns>
    private async Task<bool> WriteTopicsAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var today = ChinaTime.Today(clock);
        var stamps = await db.Topics.AsNoTracking()
            .Select(t => new { t.Id, t.UpdatedAt, Public = t.StartsOn <= today })
            .ToDictionaryAsync(t => t.Id, t => (t.UpdatedAt, t.Public), cancellationToken);
        var first = !_topicsRead;
        var changed = stamps.Where(t => first || !_topicStamps.TryGetValue(t.Key, out var seen) || seen != t.Value).Select(t => t.Key).ToList();
        var gone = _topicStamps.Keys.Where(id => !stamps.ContainsKey(id)).ToList();
        if (!first && changed.Count == 0 && gone.Count == 0)
        {
            return false;
        }

        var rows = await db.Topics.AsNoTracking().Public(today)
            .Where(t => changed.Contains(t.Id))
            .Select(t => new { t.Id, t.Title, t.BodyMarkdown, t.StartsOn })
            .ToDictionaryAsync(t => t.Id, cancellationToken);
        await WithWriterAsync(writer =>
        {
            if (first)
            {
                writer.DeleteDocuments(new PrefixQuery(new Term(Fields.Key, TopicKeyPrefix)));
            }

            foreach (var id in gone)
            {
                writer.DeleteDocuments(new Term(Fields.Key, TopicKey(id)));
                _topicStamps.TryRemove(id, out _);
            }

            foreach (var id in changed)
            {
                var key = new Term(Fields.Key, TopicKey(id));
                if (rows.TryGetValue(id, out var row))
                {
                    writer.UpdateDocument(key, new Document
                    {
                        new StringField(Fields.Key, TopicKey(id), Field.Store.YES),
                        // Its start, so a date filter treats it like an article published that day; it has no channel.
                        new Int64Field(Fields.Published, ChinaTime.ToUtc(row.StartsOn.ToDateTime(TimeOnly.MinValue)).Ticks, Field.Store.NO),
                        new TextField(SearchQuery.TitleField, row.Title, Field.Store.NO),
                        new TextField(SearchQuery.BodyField, markdown.ToPlainText(row.BodyMarkdown, int.MaxValue), Field.Store.NO),
                    });
                }
                else
                {
                    writer.DeleteDocuments(key);
                }

                _topicStamps[id] = stamps[id];
            }
        });
        _topicsRead = true;
        return true;
    }

    private void ForgetTopics()
    {
        _topicStamps.Clear();
        _topicsRead = false;
    }

    private Document ArticleDocument(ArticleRow row) =>
    [
        new StringField(Fields.Key, ArticleKey(row.Id), Field.Store.YES),
        new NumericDocValuesField(Fields.Id, row.Id),
        new NumericDocValuesField(Fields.Updated, row.UpdatedAt.Ticks),
        new StringField(Fields.Channel, row.ChannelSlug, Field.Store.NO),
        new Int64Field(Fields.Published, row.PublishAt.Ticks, Field.Store.NO),
        new TextField(SearchQuery.TitleField, row.Title, Field.Store.NO),
        new TextField(SearchQuery.BodyField, ArticleText(markdown, row.Summary, row.BodyMarkdown), Field.Store.NO),
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "Built the search index: {Count} articles in {Milliseconds} ms")]
    private static partial void LogBuilt(ILogger logger, int count, long milliseconds);

    private sealed record ArticleRow(int Id, string ChannelSlug, DateTime PublishAt, string Title, string? Summary, string BodyMarkdown, DateTime UpdatedAt)
    {
        public static readonly Expression<Func<Article, ArticleRow>> Of =
            a => new ArticleRow(a.Id, a.Channel.Slug, a.PublishAt!.Value, a.Title, a.Summary, a.BodyMarkdown, a.UpdatedAt);
    }
}
