using System.IO.Compression;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Chinese;
using LnUnion.Portal.Data;
using LnUnion.Portal.Editing;
using LnUnion.Portal.Inspection;
using LnUnion.Portal.Logging;
using LnUnion.Portal.Mail;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Media;
using LnUnion.Portal.Organisation;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Search;
using LnUnion.Portal.Security;
using LnUnion.Portal.Site;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog;

namespace LnUnion.Portal.Setup;

public static class WebSetup
{
    /// <summary>Serilog from the "Serilog" configuration section: console and rolling file, plus request logging.</summary>
    public static WebApplicationBuilder AddPortalLogging(this WebApplicationBuilder builder)
    {
        // Each host writes through its own logger rather than the static one, which a second host in the same process
        // (the tests' web nodes) would take over.
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Enrich.FromLogContext()
                // Said in plain words, and only where it matters (outside Development), by KeyProtection.ProtectKeysAsConfigured.
                .Filter.ByExcluding(e => e.MessageTemplate.Text.StartsWith("No XML encryptor configured", StringComparison.Ordinal)),
            preserveStaticLogger: true);
        return builder;
    }

    /// <summary>Staff accounts, roles, sign-in cookies and who may do what.</summary>
    public static IServiceCollection AddPortalIdentity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        // Keys in the database, so every web node can read the cookies and tokens the others issue.
        services.AddDataProtection()
            .SetApplicationName("LnUnion.Portal")
            .PersistKeysToDbContext<PortalDbContext>()
            .ProtectKeysAsConfigured(configuration);

        services.AddIdentity<PortalUser, IdentityRole>(options =>
            {
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 12;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddEntityFrameworkStores<PortalDbContext>()
            .AddDefaultTokenProviders()
            .AddTokenProvider<OneTimeAuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider)
            .AddErrorDescriber<ChineseIdentityErrors>()
            .AddPasswordValidator<CommonPasswordValidator>()
            .AddClaimsPrincipalFactory<PortalClaimsFactory>();

        var securePolicy = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        services.ConfigureApplicationCookie(options =>
        {
            options.Cookie.Name = "lnu_admin";
            // Public pages never receive the sign-in cookie, so nothing about a visitor can vary their cached copy.
            options.Cookie.Path = "/admin";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = securePolicy;
            options.SlidingExpiration = true;
            options.LoginPath = "/admin/login";
            options.LogoutPath = "/admin/logout";
            options.ReturnUrlParameter = "returnUrl";
            // The editor's uploads and previews want a status they can explain, not the sign-in page's HTML.
            options.Events.OnRedirectToLogin = context =>
            {
                if (context.Request.Headers.XRequestedWith == "XMLHttpRequest")
                {
                    context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                }
                else
                {
                    context.Response.Redirect(context.RedirectUri);
                }

                return Task.CompletedTask;
            };
            // A signed-in user without the right role gets a plain 403 page rather than a redirect loop.
            options.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        // The idle timeout (ExpireTimeSpan) is the editor's page's to know too: it warns before it runs out.
        services.AddEditorSession();
        foreach (var scheme in new[] { IdentityConstants.TwoFactorUserIdScheme, IdentityConstants.TwoFactorRememberMeScheme })
        {
            services.Configure<CookieAuthenticationOptions>(scheme, options =>
            {
                options.Cookie.Path = "/admin";
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = securePolicy;
            });
        }

        // The admin area's one-off messages travel in a cookie; keep it to the admin area and as strict as the rest.
        services.Configure<CookieTempDataProviderOptions>(options =>
        {
            options.Cookie.Path = "/admin";
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = securePolicy;
        });
        // Signing out, locking an account or changing its roles renews its security stamp. Checking the stamp on every
        // request (only admin requests carry the cookie) makes an old copy of the cookie fail at once on every node.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "lnu_csrf";
            options.Cookie.Path = "/admin";
            // "Always" would make a stray plain-HTTP post fail with a server error; over HTTPS this is Secure anyway.
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.HeaderName = "RequestVerificationToken";
        });

        services.AddHttpContextAccessor();
        services.AddScoped<AuditLog>();
        services.AddScoped<AdminAuditFilter>();
        services.AddPortalAuthorization();
        services.AddPortalSignInProtection();
        return services;
    }

    /// <summary>The content services: Markdown, QR codes, the public cache, search, the scheduler and the view counter.</summary>
    public static IServiceCollection AddPortalContent(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<MarkdownRenderer>();
        services.AddSingleton<RenderOnSave>();
        services.AddSingleton<StoredHtmlRenderer>();
        services.AddHostedService(provider => provider.GetRequiredService<StoredHtmlRenderer>());
        services.AddSingleton<QrCodeSvg>();
        services.AddSingleton<Services.ServiceIcons>();
        services.AddSingleton<PublicCache>();
        services.AddSingleton(_ => ChineseConverter.Load());
        services.AddSingleton<SiteWideChanges>();
        services.AddSingleton<SiteChrome>();
        services.AddSingleton<ChannelListPages>();
        services.AddOptions<SiteOptions>().BindConfiguration(SiteOptions.Section);
        services.AddPortalMedia();
        services.AddContentChecks();
        services.AddReviewMail();
        services.AddHostedService<ScheduledContentWatcher>();
        services.AddScoped<ContentChanges>();
        services.AddScoped<ArticleWorkflow>();
        services.AddScoped<Topics.TopicMembership>();
        services.AddWorkingCalendar();
        services.AddMailbox();
        services.AddOrganisationPages();
        services.AddSingleton<ViewCounter>();
        services.AddHostedService(provider => provider.GetRequiredService<ViewCounter>());
        services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SearchIndex>();
        services.AddHostedService(provider => provider.GetRequiredService<SearchIndex>());
        services.AddSiteScan();
        services.AddInspectionSelfCheck();
        return services;
    }

    /// <summary>MVC, output caching of public pages (in Redis when configured), compression and the HTML encoder.</summary>
    public static IServiceCollection AddPortalWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddControllersWithViews(options =>
        {
            // Every POST, PUT and DELETE must carry an antiforgery token.
            options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
            options.Filters.Add<UnreadableFormFilter>();
            ChineseBindingMessages.Apply(options.ModelBindingMessageProvider);
        });
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

        var cacheLimit = configuration.GetSection(SharedOutputCacheOptions.Section).Get<SharedOutputCacheOptions>()?.SizeLimitMegabytes ?? new SharedOutputCacheOptions().SizeLimitMegabytes;
        services.AddOutputCache(options =>
        {
            options.SizeLimit = cacheLimit * 1024L * 1024L;
            // /Campaigns must reach the action (which redirects it to /campaigns), not the cached /campaigns page.
            options.UseCaseSensitivePaths = true;
            options.AddBasePolicy(new TraditionalChinese.VaryByScriptPolicy());
            options.AddPolicy(PublicCache.PolicyName, policy => policy
                .Expire(TimeSpan.FromMinutes(10))
                // No query makes another entry unless the action names it (the channel list its page, search its
                // words and filters): /about?page=1, ?page=2 … would each render the page anew.
                .SetVaryByQuery([])
                // The cache sits in front of compression, so it stores compressed bytes: one entry per encoding,
                // the one the compressor uses (ContentEncoding.Selection), however the header is spelled.
                .VaryByValue(context => new("encoding", ContentEncoding.Preferred(context.Request.Headers.AcceptEncoding)))
                // Every page's header shows today's date in Beijing: at midnight every page is a new entry.
                .VaryByValue(context => new("day", ChinaTime.Today(context.RequestServices.GetRequiredService<TimeProvider>()).DayNumber.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                // The remembered 长者模式 is on <html> from the server: one entry per look a reader has chosen.
                .VaryByValue(context => new("reading", ReadingModeCookie.Classes(context) ?? string.Empty))
                .Tag(PublicCache.AllPages));
        });
        services.AddSharedOutputCache(configuration);

        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes, "application/atom+xml"];
        });
        // Compresses in the encoding the output cache keys its entries by.
        services.AddSingleton<IResponseCompressionProvider, ContentEncoding.Selection>();
        services.Configure<BrotliCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(options => options.Level = CompressionLevel.Optimal);

        services.AddHsts(options => options.MaxAge = TimeSpan.FromDays(365));
        // Say nothing about the server software to visitors.
        services.Configure<KestrelServerOptions>(options => options.AddServerHeader = false);
        return services;
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        // Outside the error pages, so a failed request is one line with its own path and final status, not two.
        app.UsePortalRequestLogging();
        // Visitors always get the Chinese error pages, in every environment: no stack trace or path ever reaches them.
        app.UseExceptionHandler("/error/500");
        app.UseStatusCodePagesWithReExecute("/error/{0}");
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.Use(SecurityHeaders.AddAsync);
        // Inside the status pages, so a missing page under /zh-hant is a Traditional 404.
        app.Use(TraditionalChinese.StripPrefixAsync);

        app.UseRouting();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseOutputCache();
        app.UseResponseCompression();
        // Inside compression and the output cache: the cache stores the converted page, compressed.
        app.Use(TraditionalChinese.ConvertResponseAsync);

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks(PublicAddresses.Health).AllowAnonymous();
        app.MapControllers().WithStaticAssets();
        return app;
    }
}
