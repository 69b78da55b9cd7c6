using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Checks;

/// <summary>A person's title as the list has it, with the days it is theirs.</summary>
public sealed record PersonTitle(string Title, DateOnly? From, DateOnly? To)
{
    public bool IsCurrentOn(DateOnly day) => (From is null || From <= day) && (To is null || day <= To);
}

/// <summary>The lists as matchers, built from the rows that had <see cref="Stamp"/>.</summary>
public sealed class CheckListSnapshot
{
    /// <summary>Titles looked for next to a listed name besides the titles the list itself gives.</summary>
    public static readonly string[] CommonTitles =
    [
        "主席", "副主席", "常务副主席", "书记", "副书记", "党组书记", "党组副书记", "党组成员", "主任", "副主任", "部长", "副部长",
        "秘书长", "副秘书长", "省长", "副省长", "市长", "副市长", "厅长", "副厅长", "局长", "副局长", "处长", "副处长",
        "巡视员", "副巡视员", "总经理", "副总经理", "董事长", "副董事长",
    ];

    public CheckListSnapshot(Guid stamp, IReadOnlyList<CheckTerm> terms)
    {
        Stamp = stamp;
        Sensitive = new MultiPatternMatcher(terms.Where(t => t.Kind == CheckTermKind.Sensitive).Select(t => t.Text).Distinct(StringComparer.Ordinal).ToList());
        var mistakes = terms.Where(t => t.Kind == CheckTermKind.Mistake && !string.IsNullOrEmpty(t.Detail))
            .GroupBy(t => t.Text, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Detail!, StringComparer.Ordinal);
        Corrections = mistakes;
        Mistakes = new MultiPatternMatcher([.. mistakes.Keys]);
        People = terms.Where(t => t.Kind == CheckTermKind.Person && !string.IsNullOrEmpty(t.Detail))
            .GroupBy(t => t.Text, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<PersonTitle>)[.. g.Select(t => new PersonTitle(t.Detail!, t.ValidFrom, t.ValidTo))], StringComparer.Ordinal);
        Names = new MultiPatternMatcher([.. People.Keys]);
        Titles = new MultiPatternMatcher([.. CommonTitles.Concat(People.Values.SelectMany(p => p).SelectMany(p => TitleParts(p.Title))).Distinct(StringComparer.Ordinal)]);
    }

    public Guid Stamp { get; }

    public MultiPatternMatcher Sensitive { get; }

    public MultiPatternMatcher Mistakes { get; }

    public IReadOnlyDictionary<string, string> Corrections { get; }

    public MultiPatternMatcher Names { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<PersonTitle>> People { get; }

    public MultiPatternMatcher Titles { get; }

    /// <summary>The single titles in a list entry: 党组书记、主席 holds 党组书记 and 主席.</summary>
    public static IEnumerable<string> TitleParts(string title) =>
        title.Split(['、', '，', ',', '/', '／', ' ', '\u3000', '；', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>
/// The word lists, compiled once per change. Each check asks for the current snapshot; that reads the one stamp row,
/// and only when it differs from the snapshot's (a list changed, on this node or another) are the lists read and
/// the matchers rebuilt.
/// </summary>
public sealed class CheckLists : IDisposable
{
    private readonly SemaphoreSlim _rebuild = new(1, 1);
    private volatile CheckListSnapshot? _current;

    public async Task<CheckListSnapshot> CurrentAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var stamp = await StampAsync(db, cancellationToken);
        if (_current is { } current && current.Stamp == stamp)
        {
            return current;
        }

        await _rebuild.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } built && built.Stamp == stamp)
            {
                return built;
            }

            // The stamp was read before the rows: a change in between leaves an older stamp on newer rows, which only
            // makes the next check rebuild once more, never keep a stale list.
            var terms = await db.Set<CheckTerm>().AsNoTracking().ToListAsync(cancellationToken);
            var snapshot = new CheckListSnapshot(stamp, terms);
            _current = snapshot;
            return snapshot;
        }
        finally
        {
            _rebuild.Release();
        }
    }

    public void Dispose() => _rebuild.Dispose();

    /// <summary>Marks the lists changed, in the caller's save: every node rebuilds on its next check.</summary>
    public static async Task ChangedAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var row = await db.Set<CheckListStamp>().SingleAsync(s => s.Id == CheckListStamp.SingletonId, cancellationToken);
        row.Stamp = Guid.NewGuid();
    }

    // Compiled once: every check of every article asks it, so a whole-site scan should not pay for translating it.
    private static readonly Func<PortalDbContext, CancellationToken, Task<Guid>> StampAsync = EF.CompileAsyncQuery(
        (PortalDbContext db, CancellationToken cancellationToken) =>
            db.Set<CheckListStamp>().AsNoTracking().Where(s => s.Id == CheckListStamp.SingletonId).Select(s => s.Stamp).Single());
}
