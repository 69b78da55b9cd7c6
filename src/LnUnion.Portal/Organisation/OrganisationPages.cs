using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Routing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Organisation;

public sealed record UnitView(string Name, string? Duties, string? Phone);

public sealed record UnitGroup(UnitKind Kind, string Heading, IReadOnlyList<UnitView> Units);

public sealed record LeaderView(string Name, string Title, string? Responsibilities, StoredImage? Photo);

/// <summary>The public 机构设置 and 领导之窗 pages: their addresses, cache tags and what they show.</summary>
public sealed class OrganisationPages(PortalDbContext db)
{
    /// <summary>The cache tags (as <see cref="Caching.PublicCache.Page"/>) of the two pages.</summary>
    public const string UnitsSlug = "organisation";
    public const string LeadersSlug = "leaders";

    public static string SlugOf(OrganisationSubject subject) => subject == OrganisationSubject.Unit ? UnitsSlug : LeadersSlug;

    public static string KindName(UnitKind kind) => kind switch
    {
        UnitKind.Department => "内设机构",
        UnitKind.IndustryUnion => "产业工会",
        UnitKind.DirectUnit => "直属单位",
        _ => kind.ToString(),
    };

    /// <summary>The shown units, grouped by kind in the order 内设机构, 产业工会, 直属单位; empty groups are left out.</summary>
    public async Task<IReadOnlyList<UnitGroup>> UnitGroupsAsync(CancellationToken cancellationToken)
    {
        var units = await db.OrganisationUnits.AsNoTracking()
            .Where(u => u.IsShown)
            .OrderBy(u => u.Kind).ThenBy(u => u.SortOrder).ThenBy(u => u.Id)
            .Select(u => new { u.Kind, View = new UnitView(u.Name, u.Duties, u.Phone) })
            .ToListAsync(cancellationToken);
        return [.. units.GroupBy(u => u.Kind).Select(g => new UnitGroup(g.Key, KindName(g.Key), [.. g.Select(u => u.View)]))];
    }

    public async Task<IReadOnlyList<LeaderView>> LeadersAsync(CancellationToken cancellationToken) =>
        await db.Leaders.AsNoTracking()
            .Where(l => l.IsShown)
            .OrderBy(l => l.SortOrder).ThenBy(l => l.Id)
            .Select(l => new LeaderView(l.Name, l.Title, l.Responsibilities,
                l.Photo == null ? null : new StoredImage(l.Photo.StoredName, l.Photo.Width, l.Photo.Height, l.Photo.HasRenditions)))
            .ToListAsync(cancellationToken);

    /// <summary>The pages that show anything, with the time their newest shown entry changed, for sitemap.xml.</summary>
    public async Task<IReadOnlyList<(string Path, DateTime LastModified)>> SitemapEntriesAsync(CancellationToken cancellationToken)
    {
        var units = await db.OrganisationUnits.AsNoTracking().Where(u => u.IsShown).MaxAsync(u => (DateTime?)u.UpdatedAt, cancellationToken);
        var leaders = await db.Leaders.AsNoTracking().Where(l => l.IsShown).MaxAsync(l => (DateTime?)l.UpdatedAt, cancellationToken);
        List<(string, DateTime)> entries = [];
        if (units is { } unitsChanged)
        {
            entries.Add((PublicAddresses.OrganisationUnits, unitsChanged));
        }

        if (leaders is { } leadersChanged)
        {
            entries.Add((PublicAddresses.Leaders, leadersChanged));
        }

        return entries;
    }

    /// <summary>Plain paragraphs as staff typed them, one a line.</summary>
    public static IEnumerable<string> Paragraphs(string? text) =>
        (text ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public sealed record UnitsPageModel(IReadOnlyList<UnitGroup> Groups) : Models.IPublicPage
{
    public string Title => "机构设置";
    public string? Description => "辽宁省总工会内设机构、产业工会和直属单位的职责与电话";
    public string? CanonicalPath => PublicAddresses.OrganisationUnits;
}

public sealed record LeadersPageModel(IReadOnlyList<LeaderView> Leaders) : Models.IPublicPage
{
    public string Title => "领导之窗";
    public string? Description => "辽宁省总工会领导的职务与工作分工";
    public string? CanonicalPath => PublicAddresses.Leaders;
}
