using LnUnion.Portal.Site;


namespace LnUnion.Portal.Security;

public static class SecuritySetup
{
    /// <summary>The sign-in's equal-work password check and per-IP throttle, and the public-address rule.</summary>
    public static IServiceCollection AddPortalSignInProtection(this IServiceCollection services)
    {
        services.AddScoped<PasswordSignIn>();
        services.AddOptions<SignInThrottle>().BindConfiguration(SignInThrottle.Section);
        services.AddRateLimiter(SignInThrottle.AddPolicy);
        services.AddOptions<SiteOptions>()
            .Validate<IHostEnvironment>((site, environment) => environment.IsDevelopment() || site.HasPublicAddress, SiteOptions.PublicAddressRequired)
            .ValidateOnStart();
        return services;
    }
}
