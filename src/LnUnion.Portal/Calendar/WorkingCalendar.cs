using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Calendar;

/// <summary>
/// Working days as the State Council's holiday arrangement defines them: Monday to Friday, except the days off the
/// arrangement lists, plus the make-up working days it lists. Deadlines such as "answered within 5 working days"
/// are computed here.
/// </summary>
/// <remarks>
/// Every call reads the few rows it needs from the database and nothing is cached, so a change staff make on one web
/// node counts on every node from the next call on. A year whose arrangement has not been entered yet counts Monday
/// to Friday only.
/// </remarks>
public sealed class WorkingCalendar(PortalDbContext db, TimeProvider clock)
{
    public async Task<bool> IsWorkingDayAsync(DateOnly day, CancellationToken ct = default)
    {
        var listed = await db.CalendarDays.AsNoTracking()
            .Where(d => d.Date == day)
            .Select(d => (bool?)d.IsWorkingDay)
            .SingleOrDefaultAsync(ct);
        return listed ?? IsWeekday(day);
    }

    /// <summary>
    /// The <paramref name="workingDays"/>-th working day after <paramref name="start"/>; the start day itself never
    /// counts, whether or not it is a working day. Zero gives <paramref name="start"/>.
    /// </summary>
    public async Task<DateOnly> AddWorkingDaysAsync(DateOnly start, int workingDays, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workingDays);
        var listed = await ListedAfterAsync(start, to: null, ct);
        var day = start;
        for (var counted = 0; counted < workingDays;)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(listed, day))
            {
                counted++;
            }
        }

        return day;
    }

    /// <summary>
    /// The working days after <paramref name="from"/> up to and including <paramref name="to"/>; 0 when
    /// <paramref name="to"/> is not after <paramref name="from"/>. So <c>AddWorkingDaysAsync(d, n)</c> is the first
    /// day <c>to</c> with <c>WorkingDaysBetweenAsync(d, to) == n</c>.
    /// </summary>
    public async Task<int> WorkingDaysBetweenAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        if (to <= from)
        {
            return 0;
        }

        return Count(await ListedAfterAsync(from, to, ct), from, to);
    }

    /// <summary>
    /// For each due date, the working days from <paramref name="today"/> up to it, negative by the working days since
    /// once it has passed: what a list of letters shows. One query for the whole list.
    /// </summary>
    public async Task<IReadOnlyDictionary<DateOnly, int>> WorkingDaysLeftAsync(DateOnly today, IReadOnlyCollection<DateOnly> dueDates, CancellationToken ct = default)
    {
        if (dueDates.Count == 0)
        {
            return new Dictionary<DateOnly, int>();
        }

        var first = dueDates.Min() < today ? dueDates.Min() : today;
        var last = dueDates.Max() > today ? dueDates.Max() : today;
        var listed = await ListedAfterAsync(first, last, ct);
        return dueDates.Distinct().ToDictionary(due => due, due => due >= today ? Count(listed, today, due) : -Count(listed, due, today));
    }

    /// <summary>
    /// One read of the listed days from <paramref name="from"/> to <paramref name="to"/>, for counting working days
    /// between many pairs of days in that range without a query each: a month's statistics count hundreds of letters.
    /// </summary>
    public async Task<WorkingDayRange> RangeAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        var listed = await ListedAfterAsync(from, to, ct);
        return new WorkingDayRange(from, to, day => IsWorkingDay(listed, day));
    }

    /// <summary>Which of this year and next (Beijing time) have no arrangement entered yet, in order.</summary>
    public async Task<IReadOnlyList<int>> MissingYearsAsync(CancellationToken ct = default)
    {
        var thisYear = ChinaTime.Today(clock).Year;
        var missing = new List<int>();
        foreach (var year in new[] { thisYear, thisYear + 1 })
        {
            if (!await IsYearEnteredAsync(year, ct))
            {
                missing.Add(year);
            }
        }

        return missing;
    }

    /// <summary>A year counts as entered once any day of it is in the table: every year has holidays.</summary>
    public Task<bool> IsYearEnteredAsync(int year, CancellationToken ct = default) => db.CalendarDays.InYear(year).AnyAsync(ct);

    private static int Count(Dictionary<DateOnly, bool> listed, DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
        {
            if (IsWorkingDay(listed, day))
            {
                count++;
            }
        }

        return count;
    }

    private static bool IsWeekday(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    private static bool IsWorkingDay(Dictionary<DateOnly, bool> listed, DateOnly day) =>
        listed.TryGetValue(day, out var isWorkingDay) ? isWorkingDay : IsWeekday(day);

    /// <summary>The listed days after <paramref name="from"/> (up to <paramref name="to"/>): a few dozen a year.</summary>
    private Task<Dictionary<DateOnly, bool>> ListedAfterAsync(DateOnly from, DateOnly? to, CancellationToken ct)
    {
        var days = db.CalendarDays.AsNoTracking().Where(d => d.Date > from);
        if (to is { } last)
        {
            days = days.Where(d => d.Date <= last);
        }

        return days.ToDictionaryAsync(d => d.Date, d => d.IsWorkingDay, ct);
    }
}

/// <summary>Working days between any two days of a range, counted as <see cref="WorkingCalendar.WorkingDaysBetweenAsync"/> does.</summary>
public sealed class WorkingDayRange
{
    private readonly DateOnly _from;

    /// <summary>The working days after <see cref="_from"/> up to and including each day of the range.</summary>
    private readonly int[] _counted;

    internal WorkingDayRange(DateOnly from, DateOnly to, Func<DateOnly, bool> isWorkingDay)
    {
        _from = from;
        _counted = new int[Math.Max(0, to.DayNumber - from.DayNumber) + 1];
        for (var i = 1; i < _counted.Length; i++)
        {
            _counted[i] = _counted[i - 1] + (isWorkingDay(from.AddDays(i)) ? 1 : 0);
        }
    }

    /// <summary>The working days after <paramref name="from"/> up to and including <paramref name="to"/>; 0 when <paramref name="to"/> is not after it.</summary>
    public int Between(DateOnly from, DateOnly to) => to <= from ? 0 : Counted(to) - Counted(from);

    private int Counted(DateOnly day)
    {
        var index = day.DayNumber - _from.DayNumber;
        ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(day));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _counted.Length, nameof(day));
        return _counted[index];
    }
}
