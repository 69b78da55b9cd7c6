using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Media;

public static class MediaSetup
{
    /// <summary>Uploads, the media folder, its reconciliation with the table and images' renditions, and what a full disk does to a request.</summary>
    public static IServiceCollection AddPortalMedia(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton<MediaStorage>();
        services.AddSingleton<StorageHealth>();
        services.AddSingleton<Uploads>();
        services.AddSingleton<MediaFileCommit>();
        services.AddSingleton<ImageBackfill>();
        services.ConfigureDbContext<SqliteDbContext>((provider, db) => db.AddInterceptors(provider.GetRequiredService<MediaFileCommit>()));
        services.ConfigureDbContext<SqlServerDbContext>((provider, db) => db.AddInterceptors(provider.GetRequiredService<MediaFileCommit>()));
        services.AddHostedService<MediaReconciler>();
        services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage");
        services.Configure<MvcOptions>(mvc => mvc.Filters.Add<StorageFullFilter>());
        return services;
    }
}
