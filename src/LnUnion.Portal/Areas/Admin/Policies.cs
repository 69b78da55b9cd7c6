using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Authorization;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>
/// Who may do what in the admin area. Everything is denied by default (the fallback policy); each admin controller
/// or action names one of these policies.
/// </summary>
public static class Policies
{
    /// <summary>Any member of staff with at least one role: the dashboard and their own account.</summary>
    public const string AnyStaff = nameof(AnyStaff);

    /// <summary>Write and submit articles; edit pages.</summary>
    public const string Write = nameof(Write);

    /// <summary>Review, publish, schedule, withdraw and pin articles.</summary>
    public const string Review = nameof(Review);

    /// <summary>See the article list: writers and reviewers.</summary>
    public const string Articles = nameof(Articles);

    /// <summary>Upload and browse files.</summary>
    public const string Media = nameof(Media);

    /// <summary>Contact details, footer, service accounts and friendly links.</summary>
    public const string Settings = nameof(Settings);

    /// <summary>Letters to the 职工信箱, with the writers' personal data.</summary>
    public const string Letters = nameof(Letters);

    /// <summary>Users, channels and the audit log.</summary>
    public const string Administer = nameof(Administer);

    public static IServiceCollection AddPortalAuthorization(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAssertion(IsSignedInOrUnrouted).Build())
            .AddPolicy(AnyStaff, p => p.RequireRole(Roles.All))
            .AddPolicy(Write, p => p.RequireRole(Roles.Editor, Roles.Administrator))
            .AddPolicy(Review, p => p.RequireRole(Roles.Reviewer, Roles.Administrator))
            .AddPolicy(Articles, p => p.RequireRole(Roles.Editor, Roles.Reviewer, Roles.Administrator))
            .AddPolicy(Media, p => p.RequireRole(Roles.All))
            .AddPolicy(Settings, p => p.RequireRole(Roles.Staff, Roles.Administrator))
            .AddPolicy(Letters, p => p.RequireRole(Roles.LetterHandler, Roles.Administrator))
            .AddPolicy(Administer, p => p.RequireRole(Roles.Administrator));
        return services;
    }

    /// <summary>
    /// Every endpoint without a policy of its own needs a signed-in user. A request that matched no endpoint
    /// (or only the router's 405 stand-in, which has no metadata) has nothing to protect: it goes on to its plain
    /// 404 or 405 page rather than to the sign-in form.
    /// </summary>
    private static bool IsSignedInOrUnrouted(AuthorizationHandlerContext context) =>
        context.User.Identity?.IsAuthenticated == true
        || (context.Resource is HttpContext http && (http.GetEndpoint() is not { } endpoint || endpoint.Metadata.Count == 0));
}
