using System.Net;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Checks;

/// <summary>Starting a scan as staff do, and waiting for it to end, whichever node's worker runs it.</summary>
internal static class Scans
{
    /// <summary>Presses 立即开始全站扫描 and runs the scan to its end.</summary>
    public static async Task StartAndFinishAsync(WebApplicationFactory<Program> app, StaffBrowser staff)
    {
        using var started = await staff.SubmitAsync("/admin/scan", "/admin/scan/start");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        await FinishAsync(app);
    }

    /// <summary>Runs what is waiting on this node; when another node's worker holds the lease, waits for it to finish.</summary>
    public static async Task FinishAsync(WebApplicationFactory<Program> app)
    {
        var scanner = app.Services.GetRequiredService<SiteScanner>();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            await scanner.RunAsync(CancellationToken.None);
            await using var scope = app.Services.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<PortalDbContext>().SiteScans.AnyAsync(s => s.FinishedAt == null))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The scan did not finish within 30 seconds.");
    }

    public static async Task<List<ScanFinding>> FindingsOfArticleAsync(this WebApplicationFactory<Program> app, int articleId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().ScanFindings.AsNoTracking()
            .Where(f => f.ArticleId == articleId)
            .OrderBy(f => f.Id)
            .ToListAsync();
    }
}
