using LnUnion.Portal.Calendar;


namespace LnUnion.Portal.Publishing;

/// <summary>What a chosen publish time becomes: the time to store, or why it is refused.</summary>
public sealed record PublishTime(DateTime At, bool IsBackdated, string? Refusal);

/// <summary>
/// An article may not say it was published before it was: inspectors fail a site for back-dated articles. A time in
/// the future is a schedule, not back-dating. Only an administrator may set an earlier time (补发 of an older notice,
/// say), and must say why.
/// </summary>
public static class Backdating
{
    /// <summary>
    /// The form gives minutes, and a reviewer who types the time it is now takes a moment to press the button: a time
    /// this little earlier means "now" and is stored as the moment itself.
    /// </summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The time to store for <paramref name="chosenUtc"/> when the article goes (or went) public at
    /// <paramref name="momentUtc"/>.
    /// </summary>
    public static PublishTime Decide(bool isAdministrator, DateTime chosenUtc, DateTime momentUtc, string? reason)
    {
        if (chosenUtc >= momentUtc)
        {
            return new PublishTime(chosenUtc, false, null);
        }

        if (chosenUtc >= momentUtc - Grace)
        {
            return new PublishTime(momentUtc, false, null);
        }

        if (!isAdministrator)
        {
            return new PublishTime(chosenUtc, true, $"发布时间不能早于实际发布的时间（{ChinaTime.DateAndTime(momentUtc)}）。如需补发较早日期的内容，请由管理员设置并填写理由。");
        }

        return string.IsNullOrWhiteSpace(reason)
            ? new PublishTime(chosenUtc, true, $"发布时间早于实际发布的时间（{ChinaTime.DateAndTime(momentUtc)}），属于补发，请填写补发理由。")
            : new PublishTime(chosenUtc, true, null);
    }
}
