using Microsoft.AspNetCore.OutputCaching;
using StackExchange.Redis;

namespace LnUnion.Portal.Caching;

public sealed class SharedOutputCacheOptions
{
    public const string Section = "OutputCache";

    /// <summary>
    /// A StackExchange.Redis connection string, such as <c>redis.internal:6379,password=…</c>. Empty: each node keeps
    /// its cached pages in its own memory, which is right for a single node.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Prefixes every key, so several sites (or a test) can share one Redis server.</summary>
    public string InstanceName { get; set; } = "lnunion:";

    /// <summary>
    /// How much memory the pages cached on this node may take (without Redis); the least recently used go first
    /// beyond it. A page is some 3–10 KB compressed, so the default holds well over ten thousand (docs/performance.md).
    /// </summary>
    public int SizeLimitMegabytes { get; set; } = 100;
}

public static class SharedOutputCache
{
    /// <summary>
    /// Keeps the public pages in Redis when <c>OutputCache:Redis</c> is set, so an eviction on one node clears the
    /// page for every node; otherwise leaves the in-memory store that AddOutputCache registers.
    /// </summary>
    public static IServiceCollection AddSharedOutputCache(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(SharedOutputCacheOptions.Section).Get<SharedOutputCacheOptions>() ?? new SharedOutputCacheOptions();
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return services;
        }

        services.AddSingleton(_ => new RedisOutputCacheConnection(ConnectionOptions(options.Redis)));
        services.AddStackExchangeRedisOutputCache(redis => redis.InstanceName = options.InstanceName);
        // The package's store is internal: take its registration and put the store behind the resilient one.
        var redisStore = services.Last(d => d.ServiceType == typeof(IOutputCacheStore)).ImplementationType!;
        services.RemoveAll<IOutputCacheStore>();
        services.AddSingleton<IOutputCacheStore>(provider =>
        {
            var connection = provider.GetRequiredService<RedisOutputCacheConnection>();
            var redis = (IOutputCacheStore)ActivatorUtilities.CreateInstance(provider, redisStore);
            return new ResilientOutputCacheStore(redis, connection, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<ResilientOutputCacheStore>>());
        });
        services.AddOptions<Microsoft.AspNetCore.OutputCaching.StackExchangeRedis.RedisOutputCacheOptions>()
            .Configure<RedisOutputCacheConnection>((redis, connection) => redis.ConnectionMultiplexerFactory = () => connection.Multiplexer);
        services.AddHealthChecks().AddCheck<OutputCacheHealthCheck>("output-cache");
        return services;
    }

    /// <summary>
    /// Short timeouts, since every public request asks the cache first: a Redis that is down must cost next to nothing
    /// and one that hangs half a second at most. Anything the connection string says itself wins over these.
    /// </summary>
    internal static ConfigurationOptions ConnectionOptions(string connectionString)
    {
        var options = ConfigurationOptions.Parse("connectTimeout=1000,syncTimeout=500,asyncTimeout=500," + connectionString);
        options.AbortOnConnectFail = false;
        // While disconnected, fail at once instead of queueing commands until they time out.
        options.BacklogPolicy = BacklogPolicy.FailFast;
        options.ReconnectRetryPolicy = new LinearRetry(1000);
        return options;
    }

    private static void RemoveAll<T>(this IServiceCollection services)
    {
        foreach (var descriptor in services.Where(d => d.ServiceType == typeof(T)).ToList())
        {
            services.Remove(descriptor);
        }
    }
}

/// <summary>The one connection to the Redis server that holds the cached pages, opened on first use and kept open.</summary>
public sealed class RedisOutputCacheConnection : IAsyncDisposable
{
    private readonly Lazy<Task<IConnectionMultiplexer>> _multiplexer;

    public RedisOutputCacheConnection(ConfigurationOptions options) => _multiplexer = new(async () =>
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
        multiplexer.ConnectionFailed += (_, _) => Lost?.Invoke();
        return multiplexer;
    });

    /// <summary>Raised whenever the connection drops, whatever was being done at the time.</summary>
    public event Action? Lost;

    public Task<IConnectionMultiplexer> Multiplexer => _multiplexer.Value;

    /// <summary>False until the first connection is made, and whenever it is lost.</summary>
    public bool IsConnected => Multiplexer is { IsCompletedSuccessfully: true } task && task.Result.IsConnected;

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer.IsValueCreated && _multiplexer.Value.IsCompletedSuccessfully)
        {
            await _multiplexer.Value.Result.DisposeAsync();
        }
    }
}
