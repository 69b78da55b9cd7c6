using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog;

namespace LnUnion.Portal.Setup;

public static class WebSetup
{
    /// <summary>Serilog from the "Serilog" configuration section: console and rolling file, plus request logging.</summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());
        return builder;
    }

    /// <summary>Staff accounts and roles. The admin area builds its sign-in on this.</summary>
    public static IServiceCollection AddPortalIdentity(this IServiceCollection services)
    {
        // Keys in the database, so every web node can read the cookies and tokens the others issue.
        services.AddDataProtection()
            .SetApplicationName("LnUnion.Portal")
            .PersistKeysToDbContext<PortalDbContext>();

        services.AddIdentityCore<PortalUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Lockout.MaxFailedAccessAttempts = 5;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<PortalDbContext>();
        return services;
    }

    /// <summary>The content services: Markdown, QR codes, the public cache and the scheduler.</summary>
    public static IServiceCollection AddPortalContent(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<QrCodeSvg>();
        services.AddSingleton<PublicCache>();
        services.AddScoped<SiteChrome>();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddSingleton<MediaStorage>();
        services.AddHostedService<ScheduledContentWatcher>();
        return services;
    }

    /// <summary>MVC, output caching of public pages, compression and the HTML encoder.</summary>
    public static IServiceCollection AddPortalWeb(this IServiceCollection services)
    {
        services.AddControllersWithViews();
        services.AddRouting(options => options.LowercaseUrls = true);

        // Razor would otherwise write every Chinese character as &#x…; — half again as many bytes.
        services.AddWebEncoders(options => options.TextEncoderSettings = new TextEncoderSettings(
            UnicodeRanges.BasicLatin,
            UnicodeRanges.Latin1Supplement,
            UnicodeRanges.GeneralPunctuation,
            UnicodeRanges.CjkSymbolsandPunctuation,
            UnicodeRanges.CjkUnifiedIdeographs,
            UnicodeRanges.CjkUnifiedIdeographsExtensionA,
            UnicodeRanges.HalfwidthandFullwidthForms));

        services.AddOutputCache(options =>
        {
            options.AddPolicy(PublicCache.PolicyName, policy => policy
                .Expire(TimeSpan.FromMinutes(10))
                .SetVaryByQuery("page")
                // The cache sits in front of compression, so it stores compressed bytes: one entry per encoding.
                .SetVaryByHeader("Accept-Encoding")
                .Tag(PublicCache.AllPages));
        });

        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
        });
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.SmallestSize);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.SmallestSize);

        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        // Say nothing about the server software to visitors.
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        return services;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        // Visitors always get the Chinese error pages, in every environment: no stack trace or path ever reaches them.
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use(SecurityHeaders.AddAsync);
        app.UseSerilogRequestLogging();

        app.UseRouting();
        app.UseAuthorization();
        app.UseOutputCache();
        app.UseResponseCompression();

        app.MapStaticAssets();
        app.MapHealthChecks("/healthz");
        app.MapControllers().WithStaticAssets();
        return app;
    }
}
