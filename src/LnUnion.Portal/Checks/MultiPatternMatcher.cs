namespace LnUnion.Portal.Checks;

/// <summary>
/// An Aho–Corasick automaton over a fixed list of words: one pass over a text finds every occurrence of every word,
/// overlapping ones included, however long the list. Built once per list change (<see cref="CheckLists"/>); ordinal.
/// </summary>
public sealed class MultiPatternMatcher
{
    private readonly List<Dictionary<char, int>> _next = [new()];
    private readonly List<int> _fail = [0];

    /// <summary>For each state, the patterns that end there (its own and those of its failure chain).</summary>
    private readonly List<List<int>> _output = [[]];

    public MultiPatternMatcher(IReadOnlyList<string> patterns)
    {
        Patterns = patterns;
        for (var p = 0; p < patterns.Count; p++)
        {
            if (patterns[p].Length > 0)
            {
                Add(patterns[p], p);
            }
        }

        Link();
    }

    public IReadOnlyList<string> Patterns { get; }

    /// <summary>Every occurrence, in order of where it ends: its start and the index of the pattern.</summary>
    public IEnumerable<(int Start, int Pattern)> Matches(string text)
    {
        var state = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            while (state != 0 && !_next[state].ContainsKey(c))
            {
                state = _fail[state];
            }

            state = _next[state].GetValueOrDefault(c);
            foreach (var pattern in _output[state])
            {
                yield return (i - Patterns[pattern].Length + 1, pattern);
            }
        }
    }

    /// <summary>
    /// The occurrences no longer occurrence contains, left to right: in 副主席 the word 主席 is not reported on its own.
    /// </summary>
    public List<(int Start, int Pattern)> LongestMatches(string text)
    {
        var all = Matches(text).OrderBy(m => m.Start).ThenByDescending(m => Patterns[m.Pattern].Length).ToList();
        var kept = new List<(int Start, int Pattern)>();
        var coveredUntil = -1;
        foreach (var match in all)
        {
            var end = match.Start + Patterns[match.Pattern].Length;
            if (end <= coveredUntil)
            {
                continue;
            }

            kept.Add(match);
            coveredUntil = end;
        }

        return kept;
    }

    private void Add(string pattern, int index)
    {
        var state = 0;
        foreach (var c in pattern)
        {
            if (!_next[state].TryGetValue(c, out var next))
            {
                next = _next.Count;
                _next.Add([]);
                _fail.Add(0);
                _output.Add([]);
                _next[state][c] = next;
            }

            state = next;
        }

        _output[state].Add(index);
    }

    private void Link()
    {
        var queue = new Queue<int>(_next[0].Values);
        while (queue.Count > 0)
        {
            var state = queue.Dequeue();
            foreach (var (c, child) in _next[state])
            {
                var fail = _fail[state];
                while (fail != 0 && !_next[fail].ContainsKey(c))
                {
                    fail = _fail[fail];
                }

                _fail[child] = _next[fail].TryGetValue(c, out var target) && target != child ? target : 0;
                _output[child].AddRange(_output[_fail[child]]);
                queue.Enqueue(child);
            }
        }
    }
}
