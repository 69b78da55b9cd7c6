using System.Net;
using System.Net.Sockets;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Checks;

/// <summary>How the external link checker goes out to other sites: the "Checks:Links" configuration section.</summary>
public sealed class LinkCheckOptions
{
    public const string Section = "Checks:Links";

    /// <summary>How long one request may take before the link counts as not answering.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How many requests are out at once, over all hosts.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>The least time between two requests to the same host, so no site sees the portal as a crawler.</summary>
    public TimeSpan PerHostInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Redirects followed before the link counts as broken; a redirect loop ends here.</summary>
    public int MaxRedirects { get; set; } = 5;

    /// <summary>How long a result stands before the address is tried again.</summary>
    public TimeSpan RecheckAfter { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often the checker looks for addresses due.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Addresses checked per round.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>An address no scan or editor has seen in a text for this long is forgotten.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An outbound proxy (http://host:port), for a server that reaches the internet only through one.</summary>
    public string? Proxy { get; set; }

    /// <summary>
    /// Off by default: an editor's link must not make the server probe its own network (loopback, private and
    /// link-local addresses). The tests turn it on to point the checker at a server on 127.0.0.1.
    /// </summary>
    public bool AllowPrivateAddresses { get; set; }

    public string UserAgent { get; set; } = "LnUnion.Portal-LinkChecker/1.0";
}

/// <summary>
/// Tries the outside addresses that articles and pages link to (<see cref="ExternalLink"/> rows, which
/// <see cref="ExternalLinkCheck"/> adds) in the background: HEAD first, GET when a server refuses HEAD, a timeout,
/// a few requests at a time and a pause between requests to one host. Every node runs it; two nodes trying the same
/// address now and then does no harm.
/// </summary>
public sealed partial class ExternalLinkChecker : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly LinkCheckOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<ExternalLinkChecker> _logger;
    private readonly HttpClient _client;

    public ExternalLinkChecker(IServiceScopeFactory scopes, IOptions<LinkCheckOptions> options, TimeProvider clock, ILogger<ExternalLinkChecker> logger)
    {
        _scopes = scopes;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = _options.MaxRedirects > 0,
            MaxAutomaticRedirections = Math.Max(1, _options.MaxRedirects),
            ConnectTimeout = _options.Timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
            UseCookies = false,
        };
        if (!string.IsNullOrWhiteSpace(_options.Proxy))
        {
            handler.Proxy = new WebProxy(_options.Proxy);
            handler.UseProxy = true;
        }
        else if (!_options.AllowPrivateAddresses)
        {
            handler.ConnectCallback = ConnectToPublicAddressAsync;
        }

        _client = new HttpClient(handler) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _client.DefaultRequestHeaders.UserAgent.ParseAdd(_options.UserAgent);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.Interval, _clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CheckDueAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogRoundFailed(_logger, ex);
            }
        }
    }

    /// <summary>Checks the addresses due now (never checked, or longer ago than <see cref="LinkCheckOptions.RecheckAfter"/>); returns how many.</summary>
    public async Task<int> CheckDueAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        List<(int Id, string Url, string Host)> due;
        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var forgotten = now - _options.ForgetAfter;
            await db.ExternalLinks.Where(l => l.LastSeenAt < forgotten).ExecuteDeleteAsync(cancellationToken);
            var staleBefore = now - _options.RecheckAfter;
            var rows = await db.ExternalLinks.AsNoTracking()
                .Where(l => l.CheckedAt == null || l.CheckedAt < staleBefore)
                .OrderBy(l => l.CheckedAt).ThenBy(l => l.Id)
                .Take(_options.BatchSize)
                .Select(l => new { l.Id, l.Url, l.Host })
                .ToListAsync(cancellationToken);
            due = [.. rows.Select(r => (r.Id, r.Url, r.Host))];
        }

        using var slots = new SemaphoreSlim(Math.Max(1, _options.MaxConcurrency));
        var results = await Task.WhenAll(due.GroupBy(d => d.Host, StringComparer.OrdinalIgnoreCase)
            .Select(host => CheckHostAsync([.. host], slots, cancellationToken)));

        await using (var scope = _scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            foreach (var (id, status, problem) in results.SelectMany(r => r))
            {
                var checkedAt = _clock.GetUtcNow().UtcDateTime;
                await db.ExternalLinks.Where(l => l.Id == id).ExecuteUpdateAsync(
                    s => s.SetProperty(l => l.StatusCode, status).SetProperty(l => l.Problem, problem).SetProperty(l => l.CheckedAt, checkedAt),
                    cancellationToken);
            }
        }

        return due.Count;
    }

    /// <summary>One host's addresses one after another, with the pause between them; other hosts go on meanwhile.</summary>
    private async Task<List<(int Id, int? Status, string? Problem)>> CheckHostAsync(
        List<(int Id, string Url, string Host)> addresses, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        var results = new List<(int, int?, string?)>();
        for (var i = 0; i < addresses.Count; i++)
        {
            if (i > 0)
            {
                await Task.Delay(_options.PerHostInterval, _clock, cancellationToken);
            }

            await slots.WaitAsync(cancellationToken);
            try
            {
                var (status, problem) = await TryAsync(addresses[i].Url, cancellationToken);
                results.Add((addresses[i].Id, status, problem));
            }
            finally
            {
                slots.Release();
            }
        }

        return results;
    }

    private async Task<(int? Status, string? Problem)> TryAsync(string url, CancellationToken cancellationToken)
    {
        var head = await SendAsync(HttpMethod.Head, url, cancellationToken);
        // Many servers answer HEAD wrongly (405, 403, 404) or not at all while GET works.
        return head.Status is >= 200 and < 300 ? head : await SendAsync(HttpMethod.Get, url, cancellationToken);
    }

    private async Task<(int? Status, string? Problem)> SendAsync(HttpMethod method, string url, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.Timeout, _clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var request = new HttpRequestMessage(method, url);
            // Headers only: the body of a large attachment is not downloaded to learn that it exists.
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            return (status, status switch
            {
                >= 200 and < 300 => null,
                >= 300 and < 400 => $"跳转超过 {_options.MaxRedirects} 次仍未到达页面（可能是循环跳转）",
                404 or 410 => $"页面不存在（HTTP {status}）",
                _ => $"服务器回答错误（HTTP {status}）",
            });
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"{_options.Timeout.TotalSeconds:0} 秒内没有回应");
        }
        catch (HttpRequestException ex)
        {
            return (null, ex.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => "找不到这个网站（域名无法解析）",
                HttpRequestError.SecureConnectionError => "安全连接失败（证书有问题）",
                HttpRequestError.ConnectionError => "无法连接到服务器",
                _ => "连接失败",
            });
        }
    }

    /// <summary>Connects only to public addresses, checked after name resolution so a name cannot point inside.</summary>
    private static async ValueTask<Stream> ConnectToPublicAddressAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.FirstOrDefault(IsPublic)
            ?? throw new HttpRequestException(HttpRequestError.ConnectionError, "The address is not a public one.");
        var socket = new Socket(allowed.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal)
        {
            return false;
        }

        var bytes = address.GetAddressBytes();
        return address.AddressFamily != AddressFamily.InterNetwork || bytes switch
        {
            [0, ..] or [10, ..] or [127, ..] or [169, 254, ..] or [192, 168, ..] => false,
            [172, var b, ..] when b is >= 16 and <= 31 => false,
            [100, var b, ..] when b is >= 64 and <= 127 => false,
            _ => true,
        };
    }

    public override void Dispose()
    {
        _client.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A round of external link checks failed")]
    private static partial void LogRoundFailed(ILogger logger, Exception exception);
}
