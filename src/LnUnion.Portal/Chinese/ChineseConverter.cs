using System.Buffers;
using System.Text;

namespace LnUnion.Portal.Chinese;

/// <summary>
/// Converts between Simplified and Traditional (Taiwan-standard) Chinese phrase by phrase, with OpenCC's dictionaries
/// and OpenCC's algorithm, so that 头发 becomes 頭髮 but 发展 becomes 發展, and 后来 後來 while 皇后 stays.
/// </summary>
/// <remarks>
/// Follows OpenCC 1.4's s2tw and tw2s configurations: normalise compatibility ideographs; cut the text into the
/// longest phrases the segmentation dictionary knows, with the text between them as one segment; then pass each
/// segment through the chain of conversions, each of which replaces the longest key it finds at each position by
/// its first candidate. Load it once: reading the dictionaries takes a moment, converting a page a millisecond.
/// </remarks>
public sealed class ChineseConverter
{
    private readonly Direction _toTraditional;
    private readonly Direction _toSimplified;

    private ChineseConverter(Direction toTraditional, Direction toSimplified)
    {
        _toTraditional = toTraditional;
        _toSimplified = toSimplified;
    }

    /// <summary>Simplified to Traditional with Taiwan-standard glyphs (OpenCC s2tw).</summary>
    public string ToTraditional(string text) => _toTraditional.Convert(text);

    /// <summary>Traditional, Taiwan-standard or not, to Simplified (OpenCC tw2s): for what readers type in search.</summary>
    public string ToSimplified(string text) => _toSimplified.Convert(text);

    /// <summary>Reads the dictionaries embedded from Chinese/OpenCC.</summary>
    public static ChineseConverter Load()
    {
        var normalisation = new Table(Read("CJK_Compatibility_Ideographs.txt").Entries);
        var tsPhrases = new Table(Read("TSPhrases.txt").Entries);
        var tsCharacters = new Table(Read("TSCharacters.txt").Entries);
        var t2s = new Direction(normalisation, tsPhrases, [[tsPhrases, tsCharacters]]);

        // OpenCC's build adds the Simplified forms of the regional phrase keys (three characters or more) to the
        // segmentation phrases, so that longer Simplified words are not split before STPhrases can match them.
        var stPhrases = Read("STPhrases.txt").Entries.ToList();
        foreach (var (key, _) in Read("HKPhrases.txt").Entries.Concat(Read("TWPhrases.txt").Entries))
        {
            var simplified = t2s.Convert(key);
            if (simplified.EnumerateRunes().Count() >= 3)
            {
                stPhrases.Add((simplified, [key]));
            }
        }

        var phrases = new Table(stPhrases);
        var twVariants = Read("TWVariants.txt");
        var toTraditional = new Direction(
            normalisation,
            phrases,
            [[phrases, new Table(Read("STCharacters.txt").Entries)], [new Table(Read("TWVariantsPhrases.txt").Entries), new Table(twVariants.Entries)]]);
        var toSimplified = new Direction(
            normalisation,
            tsPhrases,
            [[new Table(Read("TWVariantsRevPhrases.txt").Entries), new Table(twVariants.Reversed())], [tsPhrases, tsCharacters]]);
        return new ChineseConverter(toTraditional, toSimplified);
    }

    private static TextDictionary Read(string file)
    {
        var name = $"{typeof(ChineseConverter).Namespace}.OpenCC.{file}";
        using var stream = typeof(ChineseConverter).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The OpenCC dictionary {file} is not embedded.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return TextDictionary.Parse(reader);
    }

    /// <summary>An OpenCC text dictionary: "key TAB candidate candidate…" lines, and "#" comments.</summary>
    private sealed class TextDictionary
    {
        private const string ReversePreference = "# @reverse-prefer:";

        public List<(string Key, string[] Candidates)> Entries { get; } = [];

        /// <summary>Which candidate comes first when the dictionary is reversed, where several keys share a value.</summary>
        private Dictionary<string, string> Preferences { get; } = new(StringComparer.Ordinal);

        public static TextDictionary Parse(TextReader reader)
        {
            var dictionary = new TextDictionary();
            while (reader.ReadLine() is { } line)
            {
                if (line.StartsWith(ReversePreference, StringComparison.Ordinal))
                {
                    var fields = line[ReversePreference.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    dictionary.Preferences[fields[0]] = fields[^1];
                }
                else if (line.Length > 0 && line[0] != '#' && line.IndexOf('\t', StringComparison.Ordinal) is > 0 and var tab)
                {
                    dictionary.Entries.Add((line[..tab], line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
                }
            }

            return dictionary;
        }

        /// <summary>Candidates become keys, as OpenCC's reverse.py builds TWVariantsRev from TWVariants.</summary>
        public List<(string Key, string[] Candidates)> Reversed()
        {
            var reversed = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            var order = new List<string>();
            foreach (var (key, candidates) in Entries)
            {
                foreach (var candidate in candidates)
                {
                    if (!reversed.TryGetValue(candidate, out var keys))
                    {
                        reversed[candidate] = keys = [];
                        order.Add(candidate);
                    }

                    keys.Add(key);
                }
            }

            foreach (var (value, preferred) in Preferences)
            {
                if (reversed.TryGetValue(value, out var keys) && keys.Remove(preferred))
                {
                    keys.Insert(0, preferred);
                }
            }

            return [.. order.Select(value => (value, reversed[value].ToArray()))];
        }
    }

    /// <summary>Keys and their first candidates, for finding the longest key at a position in few look-ups.</summary>
    private sealed class Table
    {
        // Every prefix of every key, mapped to the key's first candidate or, for a prefix that is no key, null: the
        // search for the longest key stops at the first span that no key starts with, usually after one or two
        // look-ups, as in a trie.
        private readonly Dictionary<string, string?>.AlternateLookup<ReadOnlySpan<char>> _prefixes;

        // Most characters start no key at all, markup above all; they are passed over without hashing anything.
        private readonly bool[] _starts = new bool[char.MaxValue + 1];

        public Table(IEnumerable<(string Key, string[] Candidates)> entries)
        {
            var prefixes = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, candidates) in entries)
            {
                // The first entry for a key wins, as the first dictionary of an OpenCC group does.
                if (key.Length == 0 || candidates.Length == 0 || prefixes.GetValueOrDefault(key) is not null)
                {
                    continue;
                }

                prefixes[key] = candidates[0];
                for (var length = 1; length < key.Length; length++)
                {
                    prefixes.TryAdd(key[..length], null);
                }

                _starts[key[0]] = true;
            }

            _prefixes = prefixes.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>The longest key that <paramref name="text"/> starts with.</summary>
        public bool TryMatch(ReadOnlySpan<char> text, out int length, out string value)
        {
            (length, value) = (0, string.Empty);
            if (!_starts[text[0]])
            {
                return false;
            }

            for (var end = 1; end <= text.Length && _prefixes.TryGetValue(text[..end], out var candidate); end++)
            {
                if (candidate is not null)
                {
                    (length, value) = (end, candidate);
                }
            }

            return length > 0;
        }
    }

    private sealed class Direction(Table normalisation, Table segmentation, Table[][] chain)
    {
        public string Convert(string text)
        {
            if (text.Length == 0)
            {
                return text;
            }

            var normalised = new ArrayBufferWriter<char>(text.Length);
            Apply([normalisation], text, normalised);
            var input = normalised.WrittenSpan;

            var output = new ArrayBufferWriter<char>(text.Length + 16);
            var scratch = new[] { new ArrayBufferWriter<char>(), new ArrayBufferWriter<char>() };
            var segmentStart = 0;
            for (var i = 0; i < input.Length;)
            {
                if (segmentation.TryMatch(input[i..], out var length, out _))
                {
                    ConvertSegment(input[segmentStart..i], output, scratch);
                    ConvertSegment(input.Slice(i, length), output, scratch);
                    i += length;
                    segmentStart = i;
                }
                else
                {
                    i += CharLength(input, i);
                }
            }

            ConvertSegment(input[segmentStart..], output, scratch);
            var result = output.WrittenSpan;
            return result.SequenceEqual(text) ? text : new string(result);
        }

        private void ConvertSegment(ReadOnlySpan<char> segment, ArrayBufferWriter<char> output, ArrayBufferWriter<char>[] scratch)
        {
            if (segment.IsEmpty)
            {
                return;
            }

            for (var step = 0; step < chain.Length - 1; step++)
            {
                var next = scratch[step % 2];
                next.ResetWrittenCount();
                Apply(chain[step], segment, next);
                segment = next.WrittenSpan;
            }

            Apply(chain[^1], segment, output);
        }

        /// <summary>One conversion: at each position the longest key of the first table that has one, else the character itself.</summary>
        private static void Apply(Table[] group, ReadOnlySpan<char> input, ArrayBufferWriter<char> output)
        {
            var copyFrom = 0;
            for (var i = 0; i < input.Length;)
            {
                if (!TryMatchFirst(group, input[i..], out var length, out var value))
                {
                    i += CharLength(input, i);
                    continue;
                }

                output.Write(input[copyFrom..i]);
                output.Write(value.AsSpan());
                i += length;
                copyFrom = i;
            }

            output.Write(input[copyFrom..]);
        }

        private static bool TryMatchFirst(Table[] group, ReadOnlySpan<char> text, out int length, out string value)
        {
            foreach (var table in group)
            {
                if (table.TryMatch(text, out length, out value))
                {
                    return true;
                }
            }

            (length, value) = (0, string.Empty);
            return false;
        }

        private static int CharLength(ReadOnlySpan<char> text, int index) =>
            char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
    }
}
