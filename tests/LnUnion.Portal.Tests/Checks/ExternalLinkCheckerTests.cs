using System.Collections.Concurrent;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Tests.Checks;

/// <summary>
/// The external link checker against a real server on 127.0.0.1 started by the test, with the app's own options
/// (PortalApplication sets a 1 s timeout, 300 ms between requests to one host and at most 3 redirects).
/// </summary>
[Collection(PortalTests.Name)]
public sealed class ExternalLinkCheckerTests(PortalApplication app)
{
    [Fact]
    public async Task LinksToOtherSitesAreCheckedInTheBackgroundAndTheNextScanReportsTheOnesThatFail()
    {
        await using var server = await LinkServer.StartAsync();
        var article = await app.AddArticleAsync("news", "外部链接很多的文章", a => a.BodyMarkdown = $"""
            [正常]({server.Url("/ok")}) [不存在]({server.Url("/missing")}) [很慢]({server.Url("/slow")})
            [不认 HEAD]({server.Url("/head-refused")}) [循环跳转]({server.Url("/loop")}) [跳到正常]({server.Url("/moved")})
            """);
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        await Scans.StartAndFinishAsync(app, editor);

        // The scan only noted the addresses: nothing went out while it ran.
        Assert.Empty(server.Requests);
        Assert.Empty(await app.FindingsOfArticleAsync(article));

        await app.Services.GetRequiredService<ExternalLinkChecker>().CheckDueAsync(CancellationToken.None);
        await Scans.StartAndFinishAsync(app, editor);

        var findings = (await app.FindingsOfArticleAsync(article)).ToDictionary(f => f.Place, f => f.Message);
        Assert.Equal(["正文链接“不存在”", "正文链接“很慢”", "正文链接“循环跳转”"], findings.Keys.Order());
        Assert.StartsWith("外部链接打不开：页面不存在（HTTP 404）", findings["正文链接“不存在”"], StringComparison.Ordinal);
        Assert.StartsWith("外部链接打不开：1 秒内没有回应", findings["正文链接“很慢”"], StringComparison.Ordinal);
        Assert.StartsWith("外部链接打不开：跳转超过 3 次仍未到达页面（可能是循环跳转）", findings["正文链接“循环跳转”"], StringComparison.Ordinal);
        Assert.Equal(["HEAD", "GET"], server.Requests.Where(r => r.Path == "/head-refused").Select(r => r.Method));
        Assert.Equal(["HEAD"], server.Requests.Where(r => r.Path == "/ok").Select(r => r.Method));
        // The loop was cut off: the first request and three redirects, then GET the same way.
        Assert.Equal(8, server.Requests.Count(r => r.Path == "/loop"));

        var stored = await app.WithDbAsync(db => db.ExternalLinks.AsNoTracking().SingleAsync(l => l.Url == server.Url("/missing")));
        Assert.Equal((404, "127.0.0.1"), (stored.StatusCode, stored.Host));
        Assert.NotNull(stored.CheckedAt);
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == article).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task RequestsToOneHostAreSpacedByThePerHostInterval()
    {
        await using var server = await LinkServer.StartAsync();
        await app.WithDbAsync(async db =>
        {
            db.ExternalLinks.AddRange(new[] { "/ok?1", "/ok?2", "/ok?3" }.Select(path => new ExternalLink { Url = server.Url(path), Host = "127.0.0.1", LastSeenAt = DateTime.UtcNow }));
            await db.SaveChangesAsync();
        });

        await app.Services.GetRequiredService<ExternalLinkChecker>().CheckDueAsync(CancellationToken.None);

        var times = server.Requests.Where(r => r.Path == "/ok").Select(r => r.At).Order().ToList();
        Assert.Equal(3, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromMilliseconds(280), $"Only {(pair.Second - pair.First).TotalMilliseconds} ms apart."));
    }

    [Fact]
    public async Task ByDefaultTheCheckerRefusesToProbeTheServersOwnNetwork()
    {
        await using var server = await LinkServer.StartAsync();
        var url = server.Url("/ok?private");
        await app.WithDbAsync(async db =>
        {
            db.ExternalLinks.Add(new ExternalLink { Url = url, Host = "127.0.0.1", LastSeenAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        });
        using var checker = new ExternalLinkChecker(
            app.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new LinkCheckOptions()), TimeProvider.System, NullLogger<ExternalLinkChecker>.Instance);

        await checker.CheckDueAsync(CancellationToken.None);

        Assert.Empty(server.Requests);
        Assert.Equal("无法连接到服务器", await app.WithDbAsync(db => db.ExternalLinks.Where(l => l.Url == url).Select(l => l.Problem).SingleAsync()));
    }

    /// <summary>A real Kestrel server on a free loopback port that answers as the sites an article links to would.</summary>
    private sealed class LinkServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Method, string Path, DateTime At)> _requests = new();

        private LinkServer(WebApplication app) => _app = app;

        public IReadOnlyList<(string Method, string Path, DateTime At)> Requests => [.. _requests];

        public string Url(string pathAndQuery) => _app.Urls.Single() + pathAndQuery;

        public static async Task<LinkServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var server = new LinkServer(app);
            app.Use(async (context, next) =>
            {
                server._requests.Enqueue((context.Request.Method, context.Request.Path.Value!, DateTime.UtcNow));
                await next(context);
            });
            app.MapMethods("/ok", ["GET", "HEAD"], () => "正常");
            app.MapMethods("/missing", ["GET", "HEAD"], () => Results.NotFound());
            app.MapMethods("/slow", ["GET", "HEAD"], async (CancellationToken aborted) =>
            {
                await Task.Delay(TimeSpan.FromSeconds(5), aborted);
                return "太慢了";
            });
            app.MapMethods("/head-refused", ["HEAD"], () => Results.StatusCode(StatusCodes.Status405MethodNotAllowed));
            app.MapGet("/head-refused", () => "只认 GET");
            app.MapMethods("/loop", ["GET", "HEAD"], () => Results.Redirect("/loop"));
            app.MapMethods("/moved", ["GET", "HEAD"], () => Results.Redirect("/landing"));
            app.MapMethods("/landing", ["GET", "HEAD"], () => "跳转后的页面");
            await app.StartAsync();
            return server;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
