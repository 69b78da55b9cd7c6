using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LnUnion.Portal.Media;

/// <summary><c>/healthz</c> reports degraded, not unhealthy, while a disk is full or files are missing: public pages still serve.</summary>
public sealed class StorageHealthCheck(StorageHealth health) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = health.Problems();
        var data = new Dictionary<string, object>
        {
            ["missingFiles"] = health.LastReconciliation?.MissingCount ?? 0,
            ["fullStores"] = string.Join(",", health.FullStores.Select(f => f.Store)),
        };
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy(data: data)
            : HealthCheckResult.Degraded(string.Join(" ", problems), data: data));
    }
}
