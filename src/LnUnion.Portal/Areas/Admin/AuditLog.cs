using System.Security.Claims;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>Writes who did what, from where, to the append-only audit log.</summary>
public sealed class AuditLog(IServiceScopeFactory scopes, IHttpContextAccessor httpContextAccessor, TimeProvider clock)
{
    public const string Success = "成功";
    public const string Failure = "失败";

    /// <summary>
    /// Saves the entry through a database context of its own, so it is recorded even when the action's own
    /// changes failed and were not saved.
    /// </summary>
    public async Task WriteAsync(string action, string? target, string result, string? userName = null, CancellationToken cancellationToken = default)
    {
        var http = httpContextAccessor.HttpContext;
        var user = http?.User;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            UserId = user?.FindFirstValue(ClaimTypes.NameIdentifier),
            UserName = Truncate(userName ?? user?.Identity?.Name, 256),
            IpAddress = http?.Connection.RemoteIpAddress?.ToString(),
            Action = Truncate(action, 100)!,
            Target = Truncate(target, 200),
            Result = Truncate(result, 100)!,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static string? Truncate(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
