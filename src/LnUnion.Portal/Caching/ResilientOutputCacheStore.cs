using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace LnUnion.Portal.Caching;

/// <summary>
/// Puts the Redis store in front of the output cache so that Redis trouble never reaches a visitor: while Redis is
/// unreachable, pages are rendered and served without being cached, and the failure is logged once a minute.
/// </summary>
/// <remarks>
/// An eviction that could not reach Redis would leave a stale copy there (a withdrawn article, say) for whenever
/// Redis answers again. So after any failure, and whenever the connection drops, this node reads nothing from Redis
/// until it has evicted every public page there; the health check and the next requests retry that once a second.
/// Every node does the same after an outage, so no node serves a page cached before it.
/// </remarks>
public sealed partial class ResilientOutputCacheStore : IOutputCacheStore, IDisposable
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan RecoveryInterval = TimeSpan.FromSeconds(1);

    private readonly IOutputCacheStore _redis;
    private readonly RedisOutputCacheConnection _connection;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private int _recovering;
    // Counts the moments at which an eviction may have been missed; Redis is read again only once a flush of every
    // public page has started after the latest of them and succeeded.
    private long _mayHaveMissed;
    private long _flushedAfter;
    private long _lastLoggedTicks;
    private long _lastRecoveryTicks;

    public ResilientOutputCacheStore(IOutputCacheStore redis, RedisOutputCacheConnection connection, TimeProvider clock, ILogger<ResilientOutputCacheStore> logger)
    {
        (_redis, _connection, _clock, _logger) = (redis, connection, clock, logger);
        connection.Lost += MayHaveMissed;
        // Start connecting now rather than on the first request.
        _ = connection.Multiplexer;
    }

    /// <summary>True while pages can be read from and stored in Redis.</summary>
    public bool IsHealthy => _connection.IsConnected && Interlocked.Read(ref _flushedAfter) == Interlocked.Read(ref _mayHaveMissed);

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (!IsHealthy)
        {
            Unavailable(null);
            return null;
        }

        try
        {
            return await _redis.GetAsync(key, cancellationToken);
        }
        catch (RedisException ex)
        {
            Unavailable(ex);
            return null;
        }
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        if (!IsHealthy)
        {
            return;
        }

        try
        {
            await _redis.SetAsync(key, value, tags, validFor, cancellationToken);
        }
        catch (RedisException ex)
        {
            Unavailable(ex);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        if (!IsHealthy)
        {
            // Nothing is read from Redis until every public page there has been evicted, this tag's among them.
            MayHaveMissed();
            Unavailable(null);
            return;
        }

        try
        {
            await _redis.EvictByTagAsync(tag, cancellationToken);
        }
        catch (RedisException ex)
        {
            Unavailable(ex);
        }
    }

    /// <summary>Evicts every public page from Redis if an eviction may have been missed; true once Redis can be used again.</summary>
    public async Task<bool> TryRecoverAsync(CancellationToken cancellationToken = default)
    {
        if (!_connection.IsConnected || Interlocked.Exchange(ref _recovering, 1) == 1)
        {
            return IsHealthy;
        }

        try
        {
            var missedUpTo = Interlocked.Read(ref _mayHaveMissed);
            if (missedUpTo != Interlocked.Read(ref _flushedAfter))
            {
                await _redis.EvictByTagAsync(PublicCache.AllPages, cancellationToken);
                Interlocked.Exchange(ref _flushedAfter, missedUpTo);
                LogRecovered(_logger);
                Interlocked.Exchange(ref _lastLoggedTicks, 0);
            }
        }
        catch (RedisException ex)
        {
            Unavailable(ex);
        }
        finally
        {
            Volatile.Write(ref _recovering, 0);
        }

        return IsHealthy;
    }

    /// <summary>Also closes the connection, which the Redis store was handed.</summary>
    public void Dispose() => (_redis as IDisposable)?.Dispose();

    /// <summary>Redis failed (with the exception) or is not connected (without): log that now and then, and try to recover.</summary>
    private void Unavailable(RedisException? exception)
    {
        if (exception is not null)
        {
            MayHaveMissed();
        }

        // While the first connection is still being made there is nothing to report yet.
        if ((exception is not null || _connection.Multiplexer.IsCompleted) && TakeTurn(ref _lastLoggedTicks, LogInterval))
        {
            LogUnavailable(_logger, exception);
        }

        if (exception is null && TakeTurn(ref _lastRecoveryTicks, RecoveryInterval))
        {
            _ = TryRecoverAsync();
        }
    }

    private void MayHaveMissed() => Interlocked.Increment(ref _mayHaveMissed);

    /// <summary>True for one caller at most per <paramref name="interval"/>.</summary>
    private bool TakeTurn(ref long lastTicks, TimeSpan interval)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref lastTicks);
        return now - last >= interval.Ticks && Interlocked.CompareExchange(ref lastTicks, now, last) == last;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The shared output cache (Redis) cannot be used; pages are served uncached until it answers again (logged at most once a minute)")]
    private static partial void LogUnavailable(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The shared output cache (Redis) answers again; every public page there was evicted and caching resumed")]
    private static partial void LogRecovered(ILogger logger);
}

/// <summary>Degraded while Redis cannot be used: the site still answers, only without its shared cache.</summary>
public sealed class OutputCacheHealthCheck(IOutputCacheStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        store is not ResilientOutputCacheStore resilient || await resilient.TryRecoverAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Degraded("Redis, the shared output cache, cannot be used: pages are served uncached.");
}
