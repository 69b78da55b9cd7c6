using Serilog;
using Serilog.Events;

namespace LnUnion.Portal.Logging;

public sealed class RequestLoggingOptions
{
    public const string Section = "RequestLogging";

    /// <summary>A request that takes longer than this is written to the log even when it succeeds.</summary>
    public TimeSpan SlowRequestThreshold { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// One log line for each request that failed (4xx, 5xx) or was slow, with its method, path, status and time. A
/// successful quick request is logged below Information, so the shipped configuration does not write it: at
/// thousands of cached pages a second, a line each would cost more than serving the page and fill the disk that the
/// six months of logs the law asks for must fit in.
/// </summary>
public static class RequestLogging
{
    public static IApplicationBuilder UsePortalRequestLogging(this WebApplication app)
    {
        var threshold = app.Configuration.GetSection(RequestLoggingOptions.Section).Get<RequestLoggingOptions>()?.SlowRequestThreshold
            ?? new RequestLoggingOptions().SlowRequestThreshold;
        return app.UseSerilogRequestLogging(options =>
        {
            // This host's logger: without it the middleware writes through the static one.
            options.Logger = app.Services.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = (context, elapsedMilliseconds, exception) =>
                Level(context.Response.StatusCode, TimeSpan.FromMilliseconds(elapsedMilliseconds), exception is not null, threshold);
        });
    }

    internal static LogEventLevel Level(int status, TimeSpan elapsed, bool threw, TimeSpan slowThreshold) =>
        threw || status >= 500 ? LogEventLevel.Error
        : status >= 400 || elapsed > slowThreshold ? LogEventLevel.Warning
        : LogEventLevel.Debug;
}
