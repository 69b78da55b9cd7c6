namespace LnUnion.Portal.Content;

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

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(FromUtc(clock.GetUtcNow().UtcDateTime));
}
