using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace LnUnion.Portal.Search;

/// <summary>A result: an article's id, a standing page's slug, a published letter's id or a topic's (专题) id.</summary>
public sealed record SearchHit(int? ArticleId, string? PageSlug, int? LetterId = null, int? TopicId = null);

public sealed record SearchHits(int Total, IReadOnlyList<SearchHit> Hits);

/// <summary>Answering a search from the current searcher.</summary>
public sealed partial class SearchIndex
{
    /// <summary>
    /// Best matches first; null while the index is not ready. A date range (from inclusive, to exclusive, UTC) or a
    /// channel leaves out the standing pages, which have neither.
    /// </summary>
    public SearchHits? Search(SearchQuery query, string? channelSlug, DateTime? fromUtc, DateTime? toUtc, int skip, int take)
    {
        var searchers = _searchers;
        if (!_complete || searchers is null || query.IsEmpty)
        {
            return null;
        }

        IndexSearcher searcher;
        try
        {
            searcher = searchers.Acquire();
        }
        catch (ObjectDisposedException)
        {
            // The index is being replaced after its folder went missing.
            return null;
        }

        try
        {
            var top = searcher.Search(query.ToLuceneQuery(), Filter(channelSlug, fromUtc, toUtc), skip + take);
            var hits = top.ScoreDocs.Skip(skip)
                .Select(d => ToHit(searcher.Doc(d.Doc).Get(Fields.Key, CultureInfo.InvariantCulture)))
                .OfType<SearchHit>()
                .ToList();
            return new SearchHits(top.TotalHits, hits);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    private static QueryWrapperFilter? Filter(string? channelSlug, DateTime? fromUtc, DateTime? toUtc)
    {
        var filter = new BooleanQuery();
        if (channelSlug is not null)
        {
            filter.Add(new TermQuery(new Term(Fields.Channel, channelSlug)), Occur.MUST);
        }

        if (fromUtc is not null || toUtc is not null)
        {
            filter.Add(NumericRangeQuery.NewInt64Range(Fields.Published, fromUtc?.Ticks, toUtc?.Ticks, true, false), Occur.MUST);
        }

        return filter.Clauses.Count == 0 ? null : new QueryWrapperFilter(filter);
    }

    private static SearchHit? ToHit(string? key) => key switch
    {
        ['a', ':', .. var id] when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var articleId) => new SearchHit(articleId, null),
        ['p', ':', .. var slug] => new SearchHit(null, slug),
        ['l', ':', .. var id] when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var letterId) => new SearchHit(null, null, letterId),
        ['t', ':', .. var id] when int.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var topicId) => new SearchHit(null, null, null, topicId),
        _ => null,
    };
}
