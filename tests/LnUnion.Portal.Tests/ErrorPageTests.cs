using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

/// <summary>A failure on the server shows a calm Chinese page that gives nothing away.</summary>
/// <remarks>Has an app of its own, because the test breaks its database.</remarks>
public sealed class ErrorPageTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private readonly PortalApplication _app = app;

    [Fact]
    public async Task ServerFailureShowsTheChineseErrorPageWithoutDetails()
    {
        var client = _app.CreatePublicClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        await _app.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE PageRevisions; DROP TABLE Pages;"));

        var response = await client.GetAsync(new Uri("/about", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("服务暂时不可用", html, StringComparison.Ordinal);
        Assert.Contains("22581001", html, StringComparison.Ordinal);
        // The source folder would show in a stack trace's file names.
        var sourceFolder = _app.Services.GetRequiredService<IWebHostEnvironment>().ContentRootPath;
        foreach (var leak in new[] { "Exception", "SQLite", "at LnUnion", sourceFolder, "Pages", ".cs:line" })
        {
            Assert.DoesNotContain(leak, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ErrorPageStillRendersAndHealthReportsUnhealthyWhenTheDatabaseIsGone()
    {
        await using var broken = new PortalApplication();
        var client = broken.CreatePublicClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        await broken.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DROP TABLE SiteSettings;"));

        var page = await client.GetAsync(new Uri("/contact", UriKind.Relative));
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Contains("服务暂时不可用", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
    }
}
