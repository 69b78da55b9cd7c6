using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace LnUnion.Portal.Search;

/// <summary>A piece of a result's title or snippet; the matched pieces are shown in &lt;mark&gt;.</summary>
public readonly record struct TextRun(string Text, bool IsMatch);

/// <summary>
/// A visitor's search words, analysed exactly as the index analyses text, turned into a Lucene query and used to
/// highlight titles and snippets. Words are never given to a query parser, so no input is Lucene syntax.
/// </summary>
/// <remarks>
/// Chinese has no spaces between words, so text is cut into overlapping pairs of characters (工会职工 → 工会 会职
/// 职工), plus the single characters so that a one-character search still finds something. A search word must
/// match as a phrase: all its pairs, one after the other. Words separated by spaces must all match.
/// </remarks>
public sealed class SearchQuery
{
    public const int MaxLength = 100;
    private const int MaxWords = 10;
    private const float TitleBoost = 5f;
    private const int SnippetLead = 20;

    /// <summary>A very long article's snippet is found in its opening, to keep each result's cost bounded.</summary>
    private const int HighlightScanLimit = 20_000;

    internal const string TitleField = "title";
    internal const string BodyField = "body";
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Pairs and single characters, full-width Latin folded to half-width, lower case.</summary>
    internal static readonly Analyzer Analyzer = Analyzer.NewAnonymous((_, reader) =>
    {
        var source = new StandardTokenizer(Version, reader);
        TokenStream stream = new CJKWidthFilter(source);
        stream = new LowerCaseFilter(Version, stream);
        stream = new CJKBigramFilter(stream, CJKScript.ALL, outputUnigrams: true);
        return new TokenStreamComponents(source, stream);
    });

    private readonly List<List<Token>> _words;

    private SearchQuery(string text, List<List<Token>> words)
    {
        Text = text;
        _words = words;
    }

    /// <summary>The words as the visitor typed them, trimmed and cut to <see cref="MaxLength"/> characters.</summary>
    public string Text { get; }

    /// <summary>Nothing searchable was typed: empty, or only punctuation.</summary>
    public bool IsEmpty => _words.Count == 0;

    public static SearchQuery Parse(string? text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.Length > MaxLength)
        {
            // Never cut a character outside the basic plane in half.
            trimmed = trimmed[..(char.IsHighSurrogate(trimmed[MaxLength - 1]) ? MaxLength - 1 : MaxLength)];
        }

        var words = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            .Take(MaxWords)
            .Select(AnalyseWord)
            .Where(tokens => tokens.Count > 0)
            .ToList();
        return new SearchQuery(trimmed, words);
    }

    /// <summary>Every word must match, in the title or the body; a match in the title counts for more.</summary>
    internal Query ToLuceneQuery()
    {
        var query = new BooleanQuery();
        foreach (var word in _words)
        {
            query.Add(new BooleanQuery
            {
                { Phrase(TitleField, word, TitleBoost), Occur.SHOULD },
                { Phrase(BodyField, word, 1f), Occur.SHOULD },
            }, Occur.MUST);
        }

        return query;
    }

    /// <summary>The whole text with every match marked.</summary>
    public IReadOnlyList<TextRun> Highlight(string text) => Highlight(text, int.MaxValue);

    /// <summary>
    /// About <paramref name="length"/> characters of the text around its densest cluster of matches, with every match
    /// marked; the text's opening when nothing in it matches.
    /// </summary>
    public IReadOnlyList<TextRun> Highlight(string text, int length)
    {
        var matches = FindMatches(text.Length > HighlightScanLimit ? text[..HighlightScanLimit] : text);
        var (start, end) = (0, text.Length);
        if (text.Length > length)
        {
            start = BestWindowStart(matches, length);
            end = Math.Min(text.Length, start + length);
            start = Math.Max(0, end - length);
            if (start > 0 && char.IsLowSurrogate(text[start]))
            {
                start++;
            }

            if (end < text.Length && char.IsLowSurrogate(text[end]))
            {
                end++;
            }
        }

        var runs = new List<TextRun>();
        if (start > 0)
        {
            runs.Add(new("……", false));
        }

        var at = start;
        foreach (var (matchStart, matchEnd) in matches)
        {
            var from = Math.Max(matchStart, start);
            var to = Math.Min(matchEnd, end);
            if (from >= to)
            {
                continue;
            }

            if (from > at)
            {
                runs.Add(new(text[at..from], false));
            }

            runs.Add(new(text[from..to], true));
            at = to;
        }

        if (end > at)
        {
            runs.Add(new(text[at..end], false));
        }

        if (end < text.Length)
        {
            runs.Add(new("……", false));
        }

        return runs;
    }

    private static int BestWindowStart(List<(int Start, int End)> matches, int length)
    {
        var (best, bestCount) = (0, 0);
        foreach (var (anchor, _) in matches)
        {
            var windowStart = Math.Max(0, anchor - SnippetLead);
            var count = matches.Count(m => m.Start >= windowStart && m.End <= windowStart + length);
            if (count > bestCount)
            {
                (best, bestCount) = (windowStart, count);
            }
        }

        return best;
    }

    /// <summary>Where each search word occurs as a phrase, overlapping and touching matches merged, in order.</summary>
    private List<(int Start, int End)> FindMatches(string text)
    {
        var found = new List<(int Start, int End)>();
        if (_words.Count == 0 || text.Length == 0)
        {
            return found;
        }

        var tokens = Analyse(text);
        var byTermAndPosition = new Dictionary<(string, int), Token>();
        foreach (var token in tokens)
        {
            byTermAndPosition.TryAdd((token.Term, token.Position), token);
        }

        foreach (var word in _words)
        {
            foreach (var first in tokens.Where(t => t.Term == word[0].Term))
            {
                var end = first.End;
                var complete = true;
                foreach (var next in word.Skip(1))
                {
                    if (!byTermAndPosition.TryGetValue((next.Term, first.Position + next.Position), out var match))
                    {
                        complete = false;
                        break;
                    }

                    end = Math.Max(end, match.End);
                }

                if (complete)
                {
                    found.Add((first.Start, end));
                }
            }
        }

        found.Sort();
        var merged = new List<(int Start, int End)>();
        foreach (var range in found)
        {
            if (merged.Count > 0 && range.Start <= merged[^1].End)
            {
                merged[^1] = (merged[^1].Start, Math.Max(merged[^1].End, range.End));
            }
            else
            {
                merged.Add(range);
            }
        }

        return merged;
    }

    private static Query Phrase(string field, List<Token> word, float boost)
    {
        if (word.Count == 1)
        {
            return new TermQuery(new Term(field, word[0].Term)) { Boost = boost };
        }

        var phrase = new PhraseQuery { Boost = boost };
        foreach (var token in word)
        {
            phrase.Add(new Term(field, token.Term), token.Position);
        }

        return phrase;
    }

    /// <summary>
    /// A word's tokens, positions counted from its first. A character that is part of a pair is dropped: the pairs
    /// say more, and searching for the single characters too would find every text that merely shares a character.
    /// </summary>
    private static List<Token> AnalyseWord(string word)
    {
        var tokens = Analyse(word);
        var pairs = tokens.Where(t => t.Type == CJKBigramFilter.DOUBLE_TYPE).ToList();
        var kept = tokens
            .Where(t => t.Type != CJKBigramFilter.SINGLE_TYPE || !pairs.Exists(p => p.Start <= t.Start && t.End <= p.End))
            .ToList();
        return kept.Count == 0 ? kept : kept.ConvertAll(t => t with { Position = t.Position - kept[0].Position });
    }

    private static List<Token> Analyse(string text)
    {
        var tokens = new List<Token>();
        using var stream = Analyzer.GetTokenStream(BodyField, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var type = stream.AddAttribute<ITypeAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken())
        {
            position += increment.PositionIncrement;
            tokens.Add(new Token(term.ToString(), position, offset.StartOffset, offset.EndOffset, type.Type));
        }

        stream.End();
        return tokens;
    }

    private sealed record Token(string Term, int Position, int Start, int End, string Type);
}
