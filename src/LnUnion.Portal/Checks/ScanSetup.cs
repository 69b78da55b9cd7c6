namespace LnUnion.Portal.Checks;

public static class ScanSetup
{
    /// <summary>The link checks, the background external link checker and the full-site scan with its nightly run.</summary>
    public static IServiceCollection AddSiteScan(this IServiceCollection services)
    {
        services.AddSingleton<TextLinks>();
        services.AddScoped<IArticleCheck, InternalLinkCheck>();
        services.AddScoped<IArticleCheck, AttachmentFileCheck>();
        services.AddScoped<IArticleCheck, ExternalLinkCheck>();

        services.AddOptions<LinkCheckOptions>().BindConfiguration(LinkCheckOptions.Section);
        services.AddSingleton<ExternalLinkChecker>();
        services.AddHostedService(provider => provider.GetRequiredService<ExternalLinkChecker>());

        services.AddOptions<ScanOptions>().BindConfiguration(ScanOptions.Section);
        services.AddSingleton<SiteScanner>();
        services.AddHostedService<SiteScanWorker>();
        services.AddScoped<ScanReport>();
        return services;
    }
}
