namespace LnUnion.Portal.Mailbox;

/// <summary>How a letter's working days left read and are coloured, alike on the letters list and the dashboard.</summary>
public static class LetterDeadlines
{
    /// <summary>A letter with this many working days left or fewer is near its limit (amber).</summary>
    public const int NearLimit = 2;

    /// <summary>States in which a letter is done with: it has no deadline any more.</summary>
    public static readonly LetterStatus[] Closed = [LetterStatus.Published, LetterStatus.NotPublished, LetterStatus.Declined];

    /// <summary>Red past the due date, amber near it, nothing before.</summary>
    public static string? RowClass(int workingDaysLeft) =>
        workingDaysLeft < 0 ? "table-danger" : workingDaysLeft <= NearLimit ? "table-warning" : null;

    public static string Text(int workingDaysLeft) =>
        workingDaysLeft < 0 ? $"已超期 {-workingDaysLeft} 个工作日" : workingDaysLeft == 0 ? "今天到期" : $"{workingDaysLeft} 个工作日";
}
