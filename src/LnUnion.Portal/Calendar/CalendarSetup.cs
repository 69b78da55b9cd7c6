namespace LnUnion.Portal.Calendar;

public static class CalendarSetup
{
    /// <summary>The working-day calendar deadlines are computed with, and its upkeep. Scoped like the DbContext they read on every call.</summary>
    public static IServiceCollection AddWorkingCalendar(this IServiceCollection services) =>
        services.AddScoped<WorkingCalendar>().AddScoped<CalendarArrangement>();
}
