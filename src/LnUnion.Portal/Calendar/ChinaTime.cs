using System.Globalization;

namespace LnUnion.Portal.Calendar;

/// <summary>
/// The portal stores UTC and shows Beijing time. China has one time zone and no daylight saving, so a fixed
/// offset is exact and does not depend on the server's time-zone database.
/// </summary>
public static class ChinaTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTime FromUtc(DateTime utc) => DateTime.SpecifyKind(utc + Offset, DateTimeKind.Unspecified);

    /// <summary>A Beijing wall-clock time, as typed into a form, in UTC.</summary>
    public static DateTime ToUtc(DateTime beijing) => DateTime.SpecifyKind(beijing - Offset, DateTimeKind.Utc);

    /// <summary>The machine-readable form for a &lt;time datetime&gt; attribute, whatever the server's culture.</summary>
    public static string IsoUtc(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Date(DateTime utc) => FromUtc(utc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string DateAndTime(DateTime utc) => FromUtc(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>The value of a datetime-local form field, in Beijing time; empty for none.</summary>
    public static string FormValue(DateTime? utc) => BeijingFormValue(utc is { } value ? FromUtc(value) : null);

    /// <summary>The value of a datetime-local form field for a time already in Beijing time, such as one posted.</summary>
    public static string BeijingFormValue(DateTime? beijing) =>
        beijing?.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A date as the header shows it: 2026年12月2日 星期三.</summary>
    public static string LongDate(DateOnly date) =>
        string.Create(CultureInfo.InvariantCulture, $"{date.Year}年{date.Month}月{date.Day}日 星期{"日一二三四五六"[(int)date.DayOfWeek]}");

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(FromUtc(clock.GetUtcNow().UtcDateTime));
}
