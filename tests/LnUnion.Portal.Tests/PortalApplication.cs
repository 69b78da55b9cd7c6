using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Search;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests;

/// <summary>
/// The real app, with its whole pipeline, on a SQLite file of its own in a temporary folder: migrated and seeded at
/// start-up exactly as <c>dotnet run</c> does.
/// </summary>
public sealed class PortalApplication : WebApplicationFactory<Program>
{
    /// <summary>Test articles are dated long ago so that they never push the seeded articles off the home page.</summary>
    public static readonly DateTime LongAgo = new(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly string _folder = Directory.CreateTempSubdirectory("lnunion-tests-").FullName;

    public string DatabasePath => Path.Combine(_folder, "portal.db");

    public string MediaPath => Path.Combine(_folder, "media");

    /// <summary>The folder of the search indexes: one folder in it for each host this factory starts.</summary>
    public string SearchIndexPath => Path.Combine(_folder, "search-index");

    /// <summary>Where the app writes its daily log files.</summary>
    public string LogPath => Path.Combine(_folder, "logs");

    private int _hosts;

    /// <summary>
    /// The app's clock. The shared app runs on the system's; a test of what happens when a time comes starts an app of
    /// its own on a <see cref="FakeTimeProvider"/> and moves it with <see cref="AdvanceAsync"/>.
    /// </summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The app's "now", as every time-dependent rule of the app sees it.</summary>
    public DateTime UtcNow => Clock.GetUtcNow().UtcDateTime;

    /// <summary>Today in Beijing by the app's clock: what the app calls today.</summary>
    public DateOnly Today => ChinaTime.Today(Clock);

    /// <summary>Settings of the test's own, applied after the defaults below.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// For a test that moves <see cref="Clock"/> by hours or days: the app's background rounds come every ten minutes
    /// instead of every few seconds. <see cref="FakeTimeProvider.Advance"/> fires a periodic timer once for every period
    /// it crosses, so a day at the defaults is 172,800 rounds of the scheduler and of the search index alone: minutes.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> RoundsForLongJumps = new Dictionary<string, string>
    {
        ["Scheduling:CheckInterval"] = "00:10:00",
        ["Search:CatchUpInterval"] = "00:10:00",
        [ScanWorkerRound] = "00:10:00",
        ["Site:ViewCountFlushSeconds"] = "600",
    };

    /// <summary>The nightly scan worker's round, for the test of that worker, which keeps the default.</summary>
    public const string ScanWorkerRound = "Checks:Scan:PollInterval";

    /// <summary>Small, so the size limit can be tested without megabytes of test data.</summary>
    public const int MaxUploadBytes = 256 * 1024;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        // As `dotnet run` does: serve the build's compressed copies of wwwroot files (obj/…/compressed), which a
        // published app has in wwwroot itself; without them a request accepting gzip gets an empty answer.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:Sqlite", $"Data Source={DatabasePath}");
        builder.UseSetting("Storage:MediaPath", MediaPath);
        // WithWebHostBuilder starts more hosts on the same database; like web nodes, each needs an index of its own.
        builder.UseSetting("Search:IndexPath", Path.Combine(SearchIndexPath, Interlocked.Increment(ref _hosts).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        builder.UseSetting("Storage:MaxUploadBytes", MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Site:BaseUrl", "https://www.example.gov.cn");
        builder.UseSetting("Mailbox:QueryCodeKey", Convert.ToBase64String("a test key for the mailbox's query codes"u8));
        // Every test client has the same address; the throttle's own test starts a host with a low limit.
        builder.UseSetting("SignInThrottle:PermitLimit", "1000000");
        // The link checker's tests point it at a server on 127.0.0.1, which it refuses by default, and want short waits.
        builder.UseSetting("Checks:Links:AllowPrivateAddresses", "true");
        builder.UseSetting("Checks:Links:Timeout", "00:00:01");
        builder.UseSetting("Checks:Links:PerHostInterval", "00:00:00.300");
        builder.UseSetting("Checks:Links:MaxRedirects", "3");
        // The tests run the checker themselves; its own round would go to their servers at a moment they do not expect.
        builder.UseSetting("Checks:Links:Interval", "1.00:00:00");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        // Not UseSetting: it reaches the app as command-line arguments, which give the sections above each key an empty
        // value, and Serilog reads an empty WriteTo:1 as a sink with no name and writes no file at all.
        builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Serilog:WriteTo:1:Args:path"] = Path.Combine(LogPath, "portal-.log"),
        }));
        builder.ConfigureTestServices(services => services.AddSingleton(Clock));
    }

    /// <summary>
    /// Moves the fake clock on by <paramref name="time"/> (at least one <see cref="ScheduledContentWatcher.Interval"/>)
    /// and waits until the scheduler has looked at the new time: the articles whose moment came in between are then
    /// re-indexed and their pages evicted, so a test asserts what did happen instead of polling for it. The schedulers
    /// waited for are this app's, or those of <paramref name="hosts"/>, other hosts started from it on the same clock
    /// (the nodes of a several-node site, each of which looks for itself).
    /// </summary>
    public async Task AdvanceAsync(TimeSpan time, params WebApplicationFactory<Program>[] hosts)
    {
        var clock = Clock as FakeTimeProvider ?? throw new InvalidOperationException("Only an app started with a FakeTimeProvider can be moved in time.");
        var searches = new List<SearchIndex>();
        foreach (var host in hosts.Length == 0 ? [this] : hosts)
        {
            var watcher = host.Services.GetServices<IHostedService>().OfType<ScheduledContentWatcher>().Single();
            Assert.True(time >= watcher.Interval, $"The scheduler looks every {watcher.Interval}; advance by at least that.");
            searches.Add(host.Services.GetRequiredService<SearchIndex>());
        }

        clock.Advance(time);
        var now = UtcNow;
        // The scheduler's timer has fired; its check runs on the thread pool and ends by recording how far it looked.
        for (var waited = 0; !searches.TrueForAll(search => search.SwitchesSeenUpTo >= now); waited++)
        {
            Assert.True(waited < 1000, "The scheduler did not look at the new time within 10 seconds.");
            await Task.Delay(10);
        }
    }

    public async Task<T> WithDbAsync<T>(Func<PortalDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    public Task WithDbAsync(Func<PortalDbContext, Task> action) => WithDbAsync(async db =>
    {
        await action(db);
        return true;
    });

    /// <summary>Adds a published article (change it with <paramref name="configure"/>) and evicts the pages it affects, as the admin area does.</summary>
    public async Task<int> AddArticleAsync(string channelSlug, string title, Action<Article>? configure = null)
    {
        var (id, slug) = await WithDbAsync(async db =>
        {
            var channel = await db.Channels.SingleAsync(c => c.Slug == channelSlug);
            var article = PublishedArticle(channel.Id, title);
            configure?.Invoke(article);
            db.Articles.Add(article);
            await db.SaveChangesAsync();
            return (article.Id, channel.Slug);
        });
        await Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, slug);
        return id;
    }

    /// <summary>A published article dated <see cref="LongAgo"/>, not yet saved.</summary>
    public static Article PublishedArticle(int channelId, string title) => new()
    {
        ChannelId = channelId,
        Title = title,
        BodyMarkdown = $"{title}的正文。",
        Status = ArticleStatus.Published,
        PublishAt = LongAgo,
        CreatedAt = LongAgo,
        UpdatedAt = LongAgo,
    };

    /// <summary>A channel of the test's own, so its lists are not disturbed by other tests.</summary>
    public async Task<string> AddChannelAsync(string slug, bool showInNavigation = false)
    {
        await WithDbAsync(async db =>
        {
            db.Channels.Add(new Channel { Slug = slug, Name = $"测试栏目{slug}", SortOrder = 99, ShowInNavigation = showInNavigation });
            await db.SaveChangesAsync();
        });
        await Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
        return slug;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A log file still being flushed: the OS cleans the temp folder eventually.
        }
    }
}

/// <summary>One app for all HTTP tests, as starting it (migrate and seed) is the slow part.</summary>
/// <summary>How tests reach the public site of any node, the shared one or one started with other settings.</summary>
public static class PublicClients
{
    /// <summary>
    /// A visitor's client: redirects are left for the test to see; <paramref name="keepCookies"/> false for visitors
    /// who must not share anything through cookies, such as one per node.
    /// </summary>
    public static HttpClient CreatePublicClient(this WebApplicationFactory<Program> node, bool keepCookies = true) =>
        node.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = keepCookies });
}

[CollectionDefinition(Name)]
public sealed class PortalTests : ICollectionFixture<PortalApplication>
{
    public const string Name = "Portal";
}
