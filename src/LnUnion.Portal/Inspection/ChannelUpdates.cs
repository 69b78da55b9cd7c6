using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Inspection;

/// <summary>How long ago a channel last got an article the public can see, against the limit of its kind.</summary>
public sealed record ChannelFreshness(int Id, string Name, string Slug, ChannelKind Kind, int? DaysSinceUpdate, int? LimitDays, bool IsEmpty)
{
    /// <summary>A channel that must be updated and was not within its limit, or never was.</summary>
    public bool IsStale => LimitDays is { } limit && (DaysSinceUpdate is null || DaysSinceUpdate >= limit);
}

/// <summary>The one reading of channel freshness, for the dashboard and the inspection self-check alike.</summary>
public static class ChannelUpdates
{
    public static async Task<IReadOnlyList<ChannelFreshness>> ReadAsync(PortalDbContext db, InspectionOptions limits, DateTime nowUtc, CancellationToken cancellationToken)
    {
        var visible = db.Articles.VisibleToPublic(nowUtc);
        var channels = await db.Channels.AsNoTracking()
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Id)
            .Select(c => new
            {
                c.Id,
                c.Name,
                c.Slug,
                c.Kind,
                Last = visible.Where(a => a.ChannelId == c.Id).Max(a => a.PublishAt),
            })
            .ToListAsync(cancellationToken);
        return [.. channels.Select(c => new ChannelFreshness(
            c.Id, c.Name, c.Slug, c.Kind,
            c.Last is { } last ? (int)(nowUtc - last).TotalDays : null,
            limits.StaleAfterDays(c.Kind),
            c.Last is null))];
    }
}
