using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace LnUnion.Portal.Content;

public enum DiffLineKind
{
    Unchanged,
    Inserted,
    Deleted,
}

public sealed record DiffLine(DiffLineKind Kind, string Text);

/// <summary>Line by line differences between two saved versions of a text, oldest first.</summary>
public static class RevisionDiff
{
    public static IReadOnlyList<DiffLine> Compare(string older, string newer)
    {
        var model = InlineDiffBuilder.Diff(older, newer, ignoreWhiteSpace: false, ignoreCase: false, chunker: new DiffPlex.Chunkers.LineChunker());
        return model.Lines
            .Where(line => line.Type != ChangeType.Imaginary)
            .Select(line => new DiffLine(
                line.Type switch
                {
                    ChangeType.Inserted => DiffLineKind.Inserted,
                    ChangeType.Deleted => DiffLineKind.Deleted,
                    _ => DiffLineKind.Unchanged,
                },
                line.Text))
            .ToList();
    }
}
