using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace LnUnion.Portal.Calendar;

/// <summary>
/// The plain-text form of an arrangement, one day a line: <c>2027-01-01 休 元旦</c> or <c>2027-02-06 班 春节调休上班</c>.
/// Lines starting with # and blank lines are comments. The shipped data file, the admin import and the export all use it.
/// </summary>
public static partial class CalendarText
{
    public const string DayOff = "休";
    public const string WorkingDay = "班";
    public const string DateFormat = "yyyy-MM-dd";

    public sealed record Parsed(IReadOnlyList<CalendarDay> Days, IReadOnlyList<string> Errors);

    /// <summary>
    /// Every line that is not a comment must be a day of <paramref name="year"/> (any year when null), each date once.
    /// Each bad line gives one Chinese message naming its line number.
    /// </summary>
    public static Parsed Parse(string text, int? year = null)
    {
        var days = new List<CalendarDay>();
        var errors = new List<string>();
        var seenOnLine = new Dictionary<DateOnly, int>();
        var lines = text.TrimStart('\uFEFF').Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var number = index + 1;
            var line = lines[index].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var match = LinePattern().Match(line);
            if (!match.Success)
            {
                errors.Add($"第 {number} 行“{line}”：应写作“日期 休或班 名称”，例如“2027-01-01 休 元旦”。");
                continue;
            }

            var (dateText, kind, name) = (match.Groups["date"].Value, match.Groups["kind"].Value, match.Groups["name"].Value.Trim());
            if (!DateOnly.TryParseExact(dateText, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                errors.Add($"第 {number} 行：“{dateText}”不是有效的日期，日期应写作 2027-01-01 这样的年-月-日。");
                continue;
            }

            if (kind is not (DayOff or WorkingDay))
            {
                errors.Add($"第 {number} 行：日期后应写“{DayOff}”（放假）或“{WorkingDay}”（调休上班），而不是“{kind}”。");
                continue;
            }

            if (name.Length > CalendarDay.NameLength)
            {
                errors.Add($"第 {number} 行：名称最多 {CalendarDay.NameLength} 个字。");
                continue;
            }

            if (year is { } expected && date.Year != expected)
            {
                errors.Add($"第 {number} 行：{dateText} 不在 {expected} 年内，只能导入 {expected} 年的日期。");
                continue;
            }

            if (!seenOnLine.TryAdd(date, number))
            {
                errors.Add($"第 {number} 行：{dateText} 在第 {seenOnLine[date]} 行已经出现过。");
                continue;
            }

            days.Add(new CalendarDay { Date = date, IsWorkingDay = kind == WorkingDay, Name = name });
        }

        return new Parsed(days, errors);
    }

    public static string Line(CalendarDay day) =>
        $"{day.Date.ToString(DateFormat, CultureInfo.InvariantCulture)} {(day.IsWorkingDay ? WorkingDay : DayOff)} {day.Name}";

    public static string Format(string comment, IEnumerable<CalendarDay> days)
    {
        var text = new StringBuilder();
        text.Append("# ").Append(comment).Append('\n');
        foreach (var day in days.OrderBy(d => d.Date))
        {
            text.Append(Line(day)).Append('\n');
        }

        return text.ToString();
    }

    [GeneratedRegex(@"^(?<date>\S+)\s+(?<kind>\S+)\s+(?<name>\S.*)$")]
    private static partial Regex LinePattern();
}
