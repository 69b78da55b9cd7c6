using StackExchange.Redis;

namespace LnUnion.Portal.Caching;

/// <summary>
/// Tells every node that something every page shows (site settings, channels, service accounts, links) changed, so
/// each drops what it holds in memory of it. On one node that is a call; with the shared cache in Redis, a message
/// on a Redis channel that every node listens to.
/// </summary>
/// <remarks>
/// While a node is not listening (Redis unreachable, or not yet connected) it may miss a message, so
/// <see cref="IsListening"/> is false and it must not trust what it holds; when the connection comes back it drops it
/// anyway, since a message may have been lost meanwhile.
/// </remarks>
public sealed class SiteWideChanges
{
    private readonly RedisOutputCacheConnection? _connection;
    private readonly RedisChannel _channel;
    private volatile bool _subscribed;

    public SiteWideChanges(IServiceProvider services, IConfiguration configuration)
    {
        _connection = services.GetService<RedisOutputCacheConnection>();
        var options = configuration.GetSection(SharedOutputCacheOptions.Section).Get<SharedOutputCacheOptions>() ?? new SharedOutputCacheOptions();
        _channel = RedisChannel.Literal(options.InstanceName + "site-wide-changed");
        if (_connection is not null)
        {
            _ = SubscribeAsync(_connection);
        }
    }

    /// <summary>Raised on every node, this one included, after a site-wide change was announced.</summary>
    public event Action? Changed;

    /// <summary>True when this is the only node: every change passes through this process.</summary>
    public bool IsSingleNode => _connection is null;

    /// <summary>True when no announcement can be missed: a single node, or connected to Redis and subscribed.</summary>
    public bool IsListening => _connection is null || (_subscribed && _connection.IsConnected);

    /// <summary>Tells this node at once and every other node through Redis; Redis trouble is no reason to fail the save.</summary>
    public async Task AnnounceAsync()
    {
        Changed?.Invoke();
        if (_connection is { IsConnected: true })
        {
            try
            {
                await (await _connection.Multiplexer).GetSubscriber().PublishAsync(_channel, "changed");
            }
            catch (RedisException)
            {
                // A node that missed it is not listening reliably either, and drops its copy when it reconnects.
            }
        }
    }

    private async Task SubscribeAsync(RedisOutputCacheConnection connection)
    {
        try
        {
            var multiplexer = await connection.Multiplexer;
            multiplexer.ConnectionRestored += (_, _) => Changed?.Invoke();
            await multiplexer.GetSubscriber().SubscribeAsync(_channel, (_, _) => Changed?.Invoke());
            _subscribed = true;
            // Whatever was loaded before the subscription may have missed a change.
            Changed?.Invoke();
        }
        catch (RedisException)
        {
            // Not listening: every page loads what it shows from the database until a restart.
        }
    }
}
