using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// The mailbox's rate limits, with the built-in limiter of System.Threading.RateLimiting. Taken in the controller
/// rather than as endpoint policies: the phone limit needs the posted form, and a refusal must answer with the form
/// and what was typed, not a bare 429. Counted in memory on each node, like <see cref="Security.SignInThrottle"/>.
/// </summary>
public sealed class MailboxLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _lettersByAddress;
    private readonly PartitionedRateLimiter<string> _lettersByPhone;
    private readonly PartitionedRateLimiter<string> _queriesByAddress;

    public MailboxLimits(IOptions<MailboxOptions> options)
    {
        var o = options.Value;
        _lettersByAddress = Limiter(o.LettersPerAddress, o.WritingWindow);
        _lettersByPhone = Limiter(o.LettersPerPhone, o.WritingWindow);
        _queriesByAddress = Limiter(o.QueriesPerAddress, o.QueryWindow);
    }

    public const string WritingRefused = "您提交信件的次数过多，请一小时后再试。已填写的内容保留在下面，请勿关闭本页。如有急事，请拨打职工服务热线 12351。";
    public const string QueryRefused = "查询次数过多，请十分钟后再试。";

    /// <summary>Takes one letter from the address's and the phone's allowance; false when either is used up.</summary>
    public bool TryWrite(IPAddress? address, string phone) =>
        Take(_lettersByAddress, ClientKey(address)) && Take(_lettersByPhone, phone);

    public bool TryQuery(IPAddress? address) => Take(_queriesByAddress, ClientKey(address));

    /// <summary>An IPv6 client by its /64, which one household or phone is given whole; an IPv4 client by its address.</summary>
    public static string ClientKey(IPAddress? address)
    {
        if (address is null)
        {
            return string.Empty;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private static bool Take(PartitionedRateLimiter<string> limiter, string key)
    {
        using var lease = limiter.AttemptAcquire(key);
        return lease.IsAcquired;
    }

    private static PartitionedRateLimiter<string> Limiter(int permits, TimeSpan window) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(
            key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = window, QueueLimit = 0 }));

    public void Dispose()
    {
        _lettersByAddress.Dispose();
        _lettersByPhone.Dispose();
        _queriesByAddress.Dispose();
    }
}
