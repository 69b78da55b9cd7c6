using DiffPlex.Chunkers;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace LnUnion.Portal.Publishing;

public enum DiffKind
{
    Unchanged,
    Inserted,
    Deleted,
}

/// <summary>A run of characters that is kept, added or removed.</summary>
public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>One line of the comparison: unchanged, added or removed as a whole, or changed in some characters.</summary>
public sealed record DiffLine(IReadOnlyList<DiffSegment> Segments)
{
    public DiffKind? WholeLine => Segments.Select(s => s.Kind).Distinct().Count() == 1 ? Segments[0].Kind : null;

    public static DiffLine Whole(DiffKind kind, string text) => new([new DiffSegment(kind, text)]);
}

/// <summary>
/// Differences between two versions of a text, oldest first. Lines are matched first; a removed line followed by an
/// added one is then compared character by character, since Chinese has no spaces to split words at and a changed
/// digit must not mark a whole paragraph.
/// </summary>
public static class RevisionDiff
{
    /// <summary>Below this share of kept characters a changed line reads better as one line out and one in.</summary>
    private const double MinimumKeptShare = 0.3;

    public static IReadOnlyList<DiffLine> Compare(string? older, string? newer)
    {
        var lines = InlineDiffBuilder.Diff(older ?? string.Empty, newer ?? string.Empty, ignoreWhiteSpace: false, ignoreCase: false, chunker: new LineChunker()).Lines
            .Where(line => line.Type != ChangeType.Imaginary)
            .ToList();
        var result = new List<DiffLine>();
        for (var i = 0; i < lines.Count;)
        {
            if (lines[i].Type is not ChangeType.Deleted)
            {
                result.Add(DiffLine.Whole(lines[i].Type == ChangeType.Inserted ? DiffKind.Inserted : DiffKind.Unchanged, lines[i].Text));
                i++;
                continue;
            }

            var deleted = lines.Skip(i).TakeWhile(l => l.Type == ChangeType.Deleted).Select(l => l.Text).ToList();
            var inserted = lines.Skip(i + deleted.Count).TakeWhile(l => l.Type == ChangeType.Inserted).Select(l => l.Text).ToList();
            for (var k = 0; k < Math.Max(deleted.Count, inserted.Count); k++)
            {
                if (k < deleted.Count && k < inserted.Count)
                {
                    result.AddRange(Changed(deleted[k], inserted[k]));
                }
                else
                {
                    result.Add(k < deleted.Count ? DiffLine.Whole(DiffKind.Deleted, deleted[k]) : DiffLine.Whole(DiffKind.Inserted, inserted[k]));
                }
            }

            i += deleted.Count + inserted.Count;
        }

        return result;
    }

    private static IEnumerable<DiffLine> Changed(string older, string newer)
    {
        var segments = new List<DiffSegment>();
        foreach (var piece in InlineDiffBuilder.Diff(older, newer, ignoreWhiteSpace: false, ignoreCase: false, chunker: new CharacterChunker()).Lines)
        {
            var kind = piece.Type switch
            {
                ChangeType.Inserted => DiffKind.Inserted,
                ChangeType.Deleted => DiffKind.Deleted,
                _ => DiffKind.Unchanged,
            };
            if (segments.Count > 0 && segments[^1].Kind == kind)
            {
                segments[^1] = segments[^1] with { Text = segments[^1].Text + piece.Text };
            }
            else
            {
                segments.Add(new DiffSegment(kind, piece.Text));
            }
        }

        var kept = segments.Where(s => s.Kind == DiffKind.Unchanged).Sum(s => s.Text.Length);
        return kept < MinimumKeptShare * Math.Max(older.Length, newer.Length)
            ? [DiffLine.Whole(DiffKind.Deleted, older), DiffLine.Whole(DiffKind.Inserted, newer)]
            : [new DiffLine(segments)];
    }
}
