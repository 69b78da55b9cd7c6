using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Services;

/// <summary>
/// The 职工服务 entries a new or upgraded database starts with: the national union hotline 12351 (a published fact) and
/// the two service accounts of the federation's home page (<see cref="SeedContent"/>). Run on every start but only while
/// the list is empty: staff hide entries rather than delete them, so an emptied list never comes back by itself.
/// </summary>
public static class ServicesSeed
{
    public const string HotlineName = "12351 职工服务热线";
    public const string Hotline = "12351";

    public static async Task SeedAsync(PortalDbContext db, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        if (await db.WorkerServices.AnyAsync(cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        db.WorkerServices.AddRange(
            new WorkerService { Name = HotlineName, Description = "全国总工会职工服务热线", LinkKind = ServiceLinkKind.Phone, LinkTarget = Hotline, Icon = "telephone", SortOrder = 1, UpdatedAt = now },
            new WorkerService { Name = SeedContent.MiniProgramName, Description = "微信小程序，请在微信中搜索“" + SeedContent.MiniProgramName + "”", Icon = "phone", SortOrder = 2, UpdatedAt = now },
            new WorkerService { Name = SeedContent.EmploymentAccountName, Description = "微信服务号，请在微信中搜索“" + SeedContent.EmploymentAccountName + "”", Icon = "briefcase", SortOrder = 3, UpdatedAt = now });
        await db.SaveChangesAsync(cancellationToken);
    }
}
