using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Security;

/// <summary>
/// At most <see cref="PermitLimit"/> sign-in posts (password or code) per client IP address per <see cref="Window"/>,
/// beside the per-account lockout: it slows guessing spread over many accounts and the sampling a timing attack
/// needs. Counted in memory on each node. Behind a reverse proxy every client has the proxy's address unless
/// forwarded headers are configured, so the default leaves room for a whole office signing in at once.
/// </summary>
public sealed class SignInThrottle
{
    public const string Section = "SignInThrottle";
    public const string Policy = "sign-in";

    public int PermitLimit { get; set; } = 30;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(5);

    public static void AddPolicy(RateLimiterOptions options)
    {
        options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        options.AddPolicy(Policy, context =>
        {
            var limits = context.RequestServices.GetRequiredService<IOptions<SignInThrottle>>().Value;
            return RateLimitPartition.GetFixedWindowLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 });
        });
        options.OnRejected = (context, _) =>
        {
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            return ValueTask.CompletedTask;
        };
    }
}
