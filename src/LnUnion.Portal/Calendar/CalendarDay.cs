using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LnUnion.Portal.Calendar;

/// <summary>
/// One day of the State Council's holiday arrangement: a day off (a holiday, or a weekday given in lieu) or a
/// make-up working day (调休上班, usually a Saturday or Sunday). Days not in the table follow the weekend rule.
/// </summary>
public class CalendarDay : IVersioned
{
    public const int NameLength = 50;

    /// <summary>Beijing date.</summary>
    public DateOnly Date { get; set; }

    public bool IsWorkingDay { get; set; }

    /// <summary>What the day is, as the arrangement names it: 春节, or 春节调休上班.</summary>
    public required string Name { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

internal sealed class CalendarDayConfiguration : IEntityTypeConfiguration<CalendarDay>
{
    public void Configure(EntityTypeBuilder<CalendarDay> day)
    {
        day.HasKey(d => d.Date);
        day.Property(d => d.Name).HasMaxLength(CalendarDay.NameLength);
    }
}

public static class CalendarDayQueries
{
    public static IQueryable<CalendarDay> InYear(this IQueryable<CalendarDay> days, int year)
    {
        var (first, last) = (new DateOnly(year, 1, 1), new DateOnly(year, 12, 31));
        return days.Where(d => d.Date >= first && d.Date <= last);
    }
}
