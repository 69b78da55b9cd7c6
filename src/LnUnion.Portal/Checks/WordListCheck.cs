using LnUnion.Portal.Data;

namespace LnUnion.Portal.Checks;

/// <summary>
/// The three lists staff keep under 内容检查: sensitive words (Serious), common mistakes with their correct form
/// (Notice), and people's names with their titles (Serious when a listed name stands next to a title not theirs).
/// </summary>
public sealed class WordListCheck(PortalDbContext db, CheckLists lists, TimeProvider clock) : IArticleCheck
{
    public const string SensitiveKind = "sensitive-word";
    public const string MistakeKind = "common-mistake";
    public const string TitleKind = "leader-title";

    /// <summary>Characters allowed between a name and its title: 主席 张三, 张三　副主席.</summary>
    private const int MaxGap = 1;

    public async Task<IReadOnlyList<Finding>> CheckAsync(CheckedArticle article, CancellationToken cancellationToken)
    {
        var snapshot = await lists.CurrentAsync(db, cancellationToken);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime.AddHours(8));
        var findings = new List<Finding>();
        foreach (var (place, text) in CheckedText.Places(article))
        {
            Words(findings, place, text, snapshot.Sensitive, word =>
                (SensitiveKind, FindingSeverity.Serious, "敏感词或禁用词，公开前必须删除或改写", null));
            Words(findings, place, text, snapshot.Mistakes, word =>
                (MistakeKind, FindingSeverity.Notice, $"常见错误写法，应为“{snapshot.Corrections[word]}”", snapshot.Corrections[word]));
            Titles(findings, place, text, snapshot, today);
        }

        return findings;
    }

    /// <summary>One finding per word and place, with where it first occurs and how often.</summary>
    private static void Words(
        List<Finding> findings,
        string place,
        string text,
        MultiPatternMatcher matcher,
        Func<string, (string Kind, FindingSeverity Severity, string Message, string? Suggestion)> describe)
    {
        foreach (var group in matcher.LongestMatches(text).GroupBy(m => m.Pattern))
        {
            var word = matcher.Patterns[group.Key];
            var (kind, severity, message, suggestion) = describe(word);
            var count = group.Count();
            var first = group.First();
            findings.Add(new Finding(
                kind,
                severity,
                place,
                word,
                $"{message}：{CheckedText.Context(text, first.Start, word.Length)}{(count > 1 ? $"（共 {count} 处）" : string.Empty)}",
                suggestion));
        }
    }

    private static void Titles(List<Finding> findings, string place, string text, CheckListSnapshot snapshot, DateOnly today)
    {
        if (snapshot.People.Count == 0)
        {
            return;
        }

        var titles = snapshot.Titles.LongestMatches(text)
            .Select(m => (m.Start, End: m.Start + snapshot.Titles.Patterns[m.Pattern].Length, Title: snapshot.Titles.Patterns[m.Pattern]))
            .ToList();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var match in snapshot.Names.LongestMatches(text))
        {
            var name = snapshot.Names.Patterns[match.Pattern];
            var (start, end) = (match.Start, match.Start + name.Length);
            var current = snapshot.People[name].Where(p => p.IsCurrentOn(today)).ToList();
            foreach (var title in titles.Where(t => Adjacent(text, t.End, start) || Adjacent(text, end, t.Start)))
            {
                if (current.Any(p => Holds(p.Title, title.Title)))
                {
                    continue;
                }

                var (from, to) = (Math.Min(start, title.Start), Math.Max(end, title.End));
                var found = text[from..to];
                if (!seen.Add(found))
                {
                    continue;
                }

                var theirs = current.Count == 0
                    ? $"名单中{name}目前没有有效职务"
                    : $"名单中{name}的现任职务为“{string.Join("”“", current.Select(p => p.Title))}”";
                findings.Add(new Finding(
                    TitleKind,
                    FindingSeverity.Serious,
                    place,
                    found,
                    $"领导姓名与职务不符：{theirs}，文中写作“{title.Title}”：{CheckedText.Context(text, from, to - from)}",
                    current.Count == 0 ? null : string.Join("、", current.Select(p => p.Title))));
            }
        }
    }

    /// <summary>Whether only a space (at most <see cref="MaxGap"/> characters of white space) lies between the two positions.</summary>
    private static bool Adjacent(string text, int end, int start) =>
        start >= end && start - end <= MaxGap && text[end..start].All(char.IsWhiteSpace);

    /// <summary>
    /// Whether the listed title covers the one written: equal to one of its parts, or a part ending in it that does not
    /// make it a deputy (省总工会主席 covers 主席; 副主席 does not).
    /// </summary>
    private static bool Holds(string listed, string written) =>
        CheckListSnapshot.TitleParts(listed).Any(part =>
            part == written
            || (part.EndsWith(written, StringComparison.Ordinal)
                && part[..^written.Length] is var prefix
                && !prefix.EndsWith('副') && !prefix.EndsWith("常务", StringComparison.Ordinal)));
}
