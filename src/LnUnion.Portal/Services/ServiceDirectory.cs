using LnUnion.Portal.Data;
using LnUnion.Portal.Routing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Services;

/// <summary>A 职工服务 entry as the public sees it. <see cref="Href"/> is null for an entry without a link.</summary>
public sealed record ServiceItem(string Name, string? Description, string? Href, bool IsExternal, string Icon, string? PhoneNumber);

/// <summary>The shown 职工服务 entries, in the order staff gave them, for the services page and the home page's block.</summary>
public static class ServiceDirectory
{
    public static async Task<List<ServiceItem>> ShownAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.WorkerServices.AsNoTracking()
            .Where(s => s.IsShown)
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Id)
            .Select(s => new { s.Name, s.Description, s.LinkKind, s.LinkTarget, s.LetterTypeId, TypeActive = s.LetterType != null && s.LetterType.IsActive, s.Icon })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(s => new ServiceItem(
            s.Name,
            s.Description,
            Href(s.LinkKind, s.LinkTarget, s.TypeActive ? s.LetterTypeId : null),
            s.LinkKind == ServiceLinkKind.External,
            s.Icon,
            s.LinkKind == ServiceLinkKind.Phone ? s.LinkTarget : null))];
    }

    /// <summary>
    /// Where the entry leads. A letter type retired since the entry was made still leads to the form, with no type chosen.
    /// </summary>
    public static string? Href(ServiceLinkKind kind, string? target, int? letterTypeId) => kind switch
    {
        ServiceLinkKind.Internal or ServiceLinkKind.External => target,
        ServiceLinkKind.Mailbox => PublicAddresses.MailboxWithType(letterTypeId),
        ServiceLinkKind.Phone => target is null ? null : "tel:" + new string([.. target.Where(c => char.IsAsciiDigit(c) || c == '-')]),
        _ => null,
    };
}
