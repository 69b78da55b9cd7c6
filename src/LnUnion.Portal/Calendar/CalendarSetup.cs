namespace LnUnion.Portal.Calendar;

public static class CalendarSetup
{
    /// <summary>The working-day calendar deadlines are computed with. Scoped like the DbContext it reads on every call.</summary>
    public static IServiceCollection AddWorkingCalendar(this IServiceCollection services) =>
        services.AddScoped<WorkingCalendar>();
}
