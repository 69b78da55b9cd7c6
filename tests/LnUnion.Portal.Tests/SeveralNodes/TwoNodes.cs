using System.Net;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.SeveralNodes;

/// <summary>
/// Two web nodes of the real app on one SQLite database, each with its own search index, sharing their output cache
/// through a real redis-server: the production layout of docs/operations.md, in one process.
/// </summary>
public sealed class TwoNodes : IAsyncLifetime
{
    /// <summary>The shared pair, on the system's clock.</summary>
    public TwoNodes()
        : this(TimeProvider.System)
    {
    }

    /// <summary>A pair of its own on <paramref name="clock"/>, which both nodes read, as two machines synchronised by NTP would (internal: xunit wants one public constructor for a fixture).</summary>
    internal TwoNodes(TimeProvider clock) => Site = new PortalApplication { Clock = clock };

    /// <summary>Owns the folder with the database; never started itself, only the nodes made from it.</summary>
    private PortalApplication Site { get; }

    /// <summary>The nodes' "now".</summary>
    public DateTime UtcNow => Site.UtcNow;

    public RedisServer Redis { get; private set; } = null!;

    public WebApplicationFactory<Program> A { get; private set; } = null!;

    public WebApplicationFactory<Program> B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        // One after the other, as a deployment does: the first migrates and seeds the database.
        A = Node("a");
        _ = A.Services;
        B = Node("b");
        _ = B.Services;
    }

    /// <summary>A visitor's client: no cookies, no redirects followed.</summary>
    public static HttpClient Visitor(WebApplicationFactory<Program> node) => node.CreatePublicClient(keepCookies: false);

    /// <summary>A staff browser on <paramref name="node"/> keeping its cookies in <paramref name="jar"/>, which browsers on other nodes may share.</summary>
    public static StaffBrowser Browser(WebApplicationFactory<Program> node, CookieContainer jar) =>
        new(node.CreateDefaultClient(new Uri("https://localhost"), new CookieContainerHandler(jar)));

    /// <summary>Moves the nodes' fake clock on and waits until the scheduler of each has looked at the new time.</summary>
    public Task AdvanceAsync(TimeSpan time) => Site.AdvanceAsync(time, A, B);

    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> action)
    {
        await using var scope = A.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public async Task DisposeAsync()
    {
        if (B is not null)
        {
            await B.DisposeAsync();
        }

        if (A is not null)
        {
            await A.DisposeAsync();
        }

        await Site.DisposeAsync();
        Redis?.Dispose();
    }

    /// <summary>Node A's log folder: each node writes its own, as each would on its own machine.</summary>
    public string LogPathA => Path.Combine(Site.LogPath, "a");

    private WebApplicationFactory<Program> Node(string name) =>
        Site.WithWebHostBuilder(builder => builder
            .UseSetting("OutputCache:Redis", Redis.ConnectionString)
            .ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Serilog:WriteTo:1:Args:path"] = Path.Combine(Site.LogPath, name, "portal-.log"),
            })));
}

[CollectionDefinition(Name)]
public sealed class SeveralNodeTests : ICollectionFixture<TwoNodes>
{
    public const string Name = "Several nodes";
}
