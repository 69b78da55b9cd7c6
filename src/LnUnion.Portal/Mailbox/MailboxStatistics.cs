using System.Globalization;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Text;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// One month's letters (or one type's within it), counted by the Beijing month they were written in: how many came,
/// how many have had their answer released to the writer, how many of those on or before their due date, and the
/// average working days from receipt to release. Counts only: nothing in it says who wrote.
/// </summary>
public sealed record LetterCounts(int Received, int Answered, int AnsweredOnTime, int Declined, double? AverageWorkingDays);

public sealed record MonthCounts(DateOnly Month, LetterCounts Counts, IReadOnlyList<TypeCounts> ByType);

public sealed record TypeCounts(string TypeName, LetterCounts Counts);

public sealed record MailboxStatisticsReport(DateOnly FirstMonth, DateOnly LastMonth, IReadOnlyList<MonthCounts> Months, LetterCounts Total);

/// <summary>
/// The monthly summary of the 职工信箱 that inspection rules ask a public body to publish, for the public page, the
/// admin page with its CSV export and the dashboard.
/// </summary>
/// <remarks>
/// Letters are counted in the month they were written, not the month they were answered, so that a month's
/// "answered on time" is a share of that month's letters; a recent month's answered count still grows as its
/// letters are answered. An answer counts once the writer can read it on /mailbox/query: when the letter is
/// published or closed without publication (<see cref="Letter.ClosedAt"/>), not when it is drafted.
/// </remarks>
public sealed class MailboxStatistics(PortalDbContext db, WorkingCalendar calendar, TimeProvider clock)
{
    /// <summary>The public page and the admin page's default: a year.</summary>
    public const int DefaultMonths = 12;

    /// <summary>The longest range the admin page counts at once: five years of letters is still one quick read.</summary>
    public const int MaxMonths = 60;

    public const string MonthFormat = "yyyy-MM";

    /// <summary>The first day of this Beijing month.</summary>
    public DateOnly ThisMonth => FirstOf(ChinaTime.Today(clock));

    /// <summary>The last <paramref name="months"/> months, this one included.</summary>
    public Task<MailboxStatisticsReport> RecentAsync(int months, CancellationToken cancellationToken) =>
        ComputeAsync(ThisMonth.AddMonths(1 - months), ThisMonth, cancellationToken);

    /// <summary>Every month from <paramref name="firstMonth"/> to <paramref name="lastMonth"/>, both included, newest first.</summary>
    public async Task<MailboxStatisticsReport> ComputeAsync(DateOnly firstMonth, DateOnly lastMonth, CancellationToken cancellationToken)
    {
        firstMonth = FirstOf(firstMonth);
        lastMonth = FirstOf(lastMonth);
        var fromUtc = ChinaTime.ToUtc(firstMonth.ToDateTime(TimeOnly.MinValue));
        var toUtc = ChinaTime.ToUtc(lastMonth.AddMonths(1).ToDateTime(TimeOnly.MinValue));
        var rows = await db.Letters.AsNoTracking()
            .Where(l => l.ReceivedAt >= fromUtc && l.ReceivedAt < toUtc)
            .Select(l => new { TypeName = l.Type.Name, l.ReceivedAt, l.Status, l.ClosedAt, l.DueOn })
            .ToListAsync(cancellationToken);

        var letters = rows.Select(l => new CountedLetter(
                l.TypeName,
                DateOnly.FromDateTime(ChinaTime.FromUtc(l.ReceivedAt)),
                l.Status is LetterStatus.Published or LetterStatus.NotPublished && l.ClosedAt is { } closed ? DateOnly.FromDateTime(ChinaTime.FromUtc(closed)) : null,
                l.Status == LetterStatus.Declined,
                l.DueOn))
            .ToList();
        // One read of the calendar for every letter: from the first day counted to the last answer.
        var workingDays = await calendar.RangeAsync(firstMonth, letters.Max(l => l.AnsweredOn) ?? firstMonth, cancellationToken);

        var months = new List<MonthCounts>();
        for (var month = lastMonth; month >= firstMonth; month = month.AddMonths(-1))
        {
            var inMonth = letters.Where(l => FirstOf(l.ReceivedOn) == month).ToList();
            var byType = inMonth.GroupBy(l => l.TypeName)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => new TypeCounts(g.Key, Count(g, workingDays)))
                .ToList();
            months.Add(new MonthCounts(month, Count(inMonth, workingDays), byType));
        }

        return new MailboxStatisticsReport(firstMonth, lastMonth, months, Count(letters, workingDays));
    }

    /// <summary>A month typed as yyyy-MM (what &lt;input type="month"&gt; sends); null for anything else.</summary>
    public static DateOnly? ParseMonth(string? value) =>
        DateOnly.TryParseExact(value?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month)
            && month.Year is >= 2000 and <= 2999
            ? month
            : null;

    public static string MonthValue(DateOnly month) => month.ToString(MonthFormat, CultureInfo.InvariantCulture);

    /// <summary>As shown on the pages: 2026年3月.</summary>
    public static string MonthName(DateOnly month) => $"{month.Year}年{month.Month}月";

    /// <summary>One decimal, or a dash when nothing was answered.</summary>
    public static string Average(double? workingDays) => workingDays is { } days ? days.ToString("0.0", CultureInfo.InvariantCulture) : "—";

    /// <summary>
    /// The report as CSV: one line per month for all types, then one per type that month, and the total. Only counts
    /// and type names, so the file can be passed on freely.
    /// </summary>
    public static byte[] Csv(MailboxStatisticsReport report)
    {
        var csv = new CsvText();
        csv.Line("月份", "信件类型", "收到", "已答复", "按时答复", "不予受理", "平均答复用时（工作日）");
        foreach (var month in report.Months)
        {
            Line(csv, MonthValue(month.Month), "全部", month.Counts);
            foreach (var type in month.ByType)
            {
                Line(csv, MonthValue(month.Month), type.TypeName, type.Counts);
            }
        }

        Line(csv, $"{MonthValue(report.FirstMonth)}至{MonthValue(report.LastMonth)}", "合计", report.Total);
        return csv.ToBytes();
    }

    private static void Line(CsvText csv, string month, string type, LetterCounts counts) =>
        csv.Line(month, type, Number(counts.Received), Number(counts.Answered), Number(counts.AnsweredOnTime), Number(counts.Declined),
            counts.AverageWorkingDays is null ? string.Empty : Average(counts.AverageWorkingDays));

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static DateOnly FirstOf(DateOnly day) => new(day.Year, day.Month, 1);

    private static LetterCounts Count(IEnumerable<CountedLetter> letters, WorkingDayRange workingDays)
    {
        var list = letters.ToList();
        var answered = list.Where(l => l.AnsweredOn is not null).ToList();
        return new LetterCounts(
            list.Count,
            answered.Count,
            answered.Count(l => l.AnsweredOn <= l.DueOn),
            list.Count(l => l.Declined),
            answered.Count == 0 ? null : answered.Average(l => workingDays.Between(l.ReceivedOn, l.AnsweredOn!.Value)));
    }

    private sealed record CountedLetter(string TypeName, DateOnly ReceivedOn, DateOnly? AnsweredOn, bool Declined, DateOnly DueOn);
}
