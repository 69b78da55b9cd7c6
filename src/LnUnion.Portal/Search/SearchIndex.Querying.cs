using System.Globalization;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace LnUnion.Portal.Search;

/// <summary>A result: an article's id, a standing page's slug, a published letter's id or a topic's (专题) id.</summary>
public sealed record SearchHit(int? ArticleId, string? PageSlug, int? LetterId = null, int? TopicId = null);

/// <summary>
/// A page of results and how many matched; when <paramref name="TotalIsAtLeast"/>, more did, but the search stopped
/// counting at <see cref="SearchOptions.RankedMatchLimit"/> and ranked only the newest that many.
/// </summary>
public sealed record SearchHits(int Total, IReadOnlyList<SearchHit> Hits, bool TotalIsAtLeast = false);

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
            var filter = Filter(channelSlug, fromUtc, toUtc);
            var lucene = query.ToLuceneQuery();
            var (best, matched, stopped) = RankNewestMatches(searcher, filter is null ? lucene : new FilteredQuery(lucene, filter), skip + take);
            var hits = best.Skip(skip)
                .Select(doc => ToHit(searcher.Doc(doc).Get(Fields.Key, CultureInfo.InvariantCulture)))
                .OfType<SearchHit>()
                .ToList();
            return new SearchHits(matched, hits, TotalIsAtLeast: stopped);
        }
        finally
        {
            searchers.Release(searcher);
        }
    }

    /// <summary>
    /// The documents of the query's best <paramref name="count"/> matches, best first (the newer first of two that
    /// match equally well), among its newest <see cref="SearchOptions.RankedMatchLimit"/> matches; how many those were, and whether
    /// there were more.
    /// </summary>
    /// <remarks>
    /// Lucene 4.8 cannot skip the documents that cannot make the top n, so a ranking costs every match: a word that
    /// every article holds would score a million documents for each results page. Documents are in the order they were
    /// indexed (see <see cref="NewWriter"/>), the newest last, so the scan goes back from the end in slices of the
    /// limit's size (a scorer only moves forward), and of the slice where the limit is reached keeps the newest.
    /// </remarks>
    private (List<int> Best, int Matched, bool Stopped) RankNewestMatches(IndexSearcher searcher, Query query, int count)
    {
        var limit = options.Value.RankedMatchLimit;
        var weight = searcher.CreateNormalizedWeight(query);
        var kept = new PriorityQueue<int, (float Score, int Doc)>(count + 1, WorstFirst);
        var slice = new List<(int Doc, float Score)>(Math.Min(limit, searcher.IndexReader.MaxDoc));
        var (matched, stopped) = (0, false);
        var leaves = searcher.IndexReader.Leaves;
        for (var leafIndex = leaves.Count - 1; leafIndex >= 0 && !stopped; leafIndex--)
        {
            var leaf = leaves[leafIndex];
            for (var end = leaf.AtomicReader.MaxDoc; end > 0 && !stopped; end -= limit)
            {
                if (weight.GetScorer(leaf, leaf.AtomicReader.LiveDocs) is not { } scorer)
                {
                    // Nothing in this segment matches.
                    break;
                }

                slice.Clear();
                for (var doc = scorer.Advance(Math.Max(0, end - limit)); doc < end; doc = scorer.NextDoc())
                {
                    slice.Add((leaf.DocBase + doc, scorer.GetScore()));
                }

                var room = limit - matched;
                stopped = slice.Count > room;
                foreach (var (doc, score) in slice.Skip(Math.Max(0, slice.Count - room)))
                {
                    kept.Enqueue(doc, (score, doc));
                    if (kept.Count > count)
                    {
                        kept.Dequeue();
                    }
                }

                matched += Math.Min(room, slice.Count);
            }
        }

        var best = new List<int>(kept.Count);
        while (kept.TryDequeue(out var doc, out _))
        {
            best.Add(doc);
        }

        best.Reverse();
        return (best, matched, stopped);
    }

    private static readonly Comparer<(float Score, int Doc)> WorstFirst =
        Comparer<(float Score, int Doc)>.Create((a, b) => a.Score != b.Score ? a.Score.CompareTo(b.Score) : a.Doc.CompareTo(b.Doc));

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
