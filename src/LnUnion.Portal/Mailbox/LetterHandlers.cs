using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Mailbox;

/// <summary>A handler a letter may be handed to (转办), as the picker shows them.</summary>
public sealed record LetterHandlerOption(string Id, string Name);

/// <summary>
/// Who a letter may be handed to: the staff holding the 信件办理员 role whose account no administrator has locked.
/// The picker lists them and 转办 accepts no one else, so a letter never waits with someone who cannot open it.
/// </summary>
public static class LetterHandlers
{
    public static async Task<IReadOnlyList<LetterHandlerOption>> ListAsync(PortalDbContext db, CancellationToken cancellationToken)
    {
        var users = await InRole(db)
            .Select(u => new { u.Id, u.DisplayName, u.Email, u.LockoutEnd })
            .ToListAsync(cancellationToken);
        return users
            .Where(u => u.LockoutEnd != PortalUser.AdministratorLockEnd)
            .Select(u => new LetterHandlerOption(u.Id, u.DisplayName ?? u.Email ?? u.Id))
            .OrderBy(u => u.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The handler's name as the picker shows it, or null for anyone a letter may not be handed to.</summary>
    public static async Task<string?> NameAsync(PortalDbContext db, string userId, CancellationToken cancellationToken)
    {
        var user = await InRole(db).Where(u => u.Id == userId).Select(u => new { u.Id, u.DisplayName, u.Email, u.LockoutEnd }).SingleOrDefaultAsync(cancellationToken);
        return user is null || user.LockoutEnd == PortalUser.AdministratorLockEnd ? null : user.DisplayName ?? user.Email ?? user.Id;
    }

    // The lock is compared after reading: SQLite cannot compare the offsets in a query.
    private static IQueryable<PortalUser> InRole(PortalDbContext db) =>
        db.Users.Where(u => db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == Roles.LetterHandler)));
}
