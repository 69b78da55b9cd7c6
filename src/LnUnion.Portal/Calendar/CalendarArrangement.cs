using System.Security.Cryptography;
using System.Text;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Calendar;

/// <summary>Keeping the arrangement: one year's days, and replacing a year from imported text.</summary>
public sealed class CalendarArrangement(PortalDbContext db)
{
    public Task<List<CalendarDay>> YearAsync(int year, CancellationToken ct) =>
        db.CalendarDays.AsNoTracking().InYear(year).OrderBy(d => d.Date).ToListAsync(ct);

    /// <summary>
    /// One version for a whole year, derived from its days' versions: it changes with any day added, edited or
    /// removed, so an import from a page loaded before such a change is refused.
    /// </summary>
    public static Guid YearVersion(int year, IEnumerable<CalendarDay> days)
    {
        var text = new StringBuilder(year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var day in days.OrderBy(d => d.Date))
        {
            text.Append(';').Append(CalendarText.Line(day)).Append(':').Append(day.Version);
        }

        return new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
    }

    /// <summary>
    /// Makes <paramref name="year"/> exactly <paramref name="days"/>, in one save. False, with nothing saved, when the
    /// year changed since the page was loaded with <paramref name="loadedVersion"/>.
    /// </summary>
    public async Task<bool> ReplaceYearAsync(int year, IReadOnlyList<CalendarDay> days, Guid loadedVersion, CancellationToken ct)
    {
        var current = await db.CalendarDays.InYear(year).ToDictionaryAsync(d => d.Date, ct);
        if (YearVersion(year, current.Values) != loadedVersion)
        {
            return false;
        }

        foreach (var day in days)
        {
            if (current.Remove(day.Date, out var kept))
            {
                kept.IsWorkingDay = day.IsWorkingDay;
                kept.Name = day.Name;
            }
            else
            {
                db.CalendarDays.Add(day);
            }
        }

        db.CalendarDays.RemoveRange(current.Values);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
