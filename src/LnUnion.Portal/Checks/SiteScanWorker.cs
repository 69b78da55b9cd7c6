namespace LnUnion.Portal.Checks;

/// <summary>
/// On every node: looks for a scan to run every <see cref="ScanOptions.PollInterval"/> (one asked for in the admin
/// area, or the nightly one) and runs it if no other node holds the lease.
/// </summary>
public sealed partial class SiteScanWorker(SiteScanner scanner, Microsoft.Extensions.Options.IOptions<ScanOptions> options, TimeProvider clock, ILogger<SiteScanWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await scanner.RunAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The cursor of the last good batch is saved; the next poll goes on from there.
                LogScanFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site scan stopped with an error; it goes on at the next poll")]
    private static partial void LogScanFailed(ILogger logger, Exception exception);
}
