using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Calendar;

/// <summary>
/// The arrangements the app ships (official-days.txt, taken from the chinese-days package; see its header). Each
/// year in it is added to a database that has no day of that year yet, so a new release's years arrive by
/// themselves and a year staff have entered or edited is never overwritten.
/// </summary>
public static class OfficialDays
{
    private const string ResourceName = "LnUnion.Portal.Calendar.official-days.txt";

    public static IReadOnlyList<CalendarDay> Load()
    {
        using var stream = typeof(OfficialDays).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded.");
        using var reader = new StreamReader(stream);
        var parsed = CalendarText.Parse(reader.ReadToEnd());
        return parsed.Errors.Count == 0
            ? parsed.Days
            : throw new InvalidOperationException($"{ResourceName} is malformed: {string.Join(" ", parsed.Errors)}");
    }

    public static async Task SeedAsync(PortalDbContext db, CancellationToken cancellationToken = default)
    {
        foreach (var year in Load().GroupBy(d => d.Date.Year))
        {
            if (!await db.CalendarDays.InYear(year.Key).AnyAsync(cancellationToken))
            {
                db.CalendarDays.AddRange(year);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
