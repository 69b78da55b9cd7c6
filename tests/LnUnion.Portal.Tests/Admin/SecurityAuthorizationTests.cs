using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>
/// Deny by default, walked route by route: every endpoint under /admin is found at run time (so a controller added
/// later is covered without touching this file), must declare who may call it, sends anonymous visitors to the
/// sign-in form, and answers 403 to exactly the roles its policy leaves out.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class SecurityAuthorizationTests(PortalApplication app)
{
    public static TheoryData<string> StaffRoles => [Roles.Administrator, Roles.Reviewer, Roles.Editor, Roles.Staff];

    [Fact]
    public void TheAdminAreaHasEndpointsToWalk()
    {
        var endpoints = AdminEndpoints.All(app);

        // The walk below would pass vacuously if discovery broke; these exist since the area began.
        Assert.Contains(endpoints, e => e.Path == "/admin" && e.AllowsGet);
        Assert.Contains(endpoints, e => e.Path == "/admin/login" && e.AllowsPost);
        Assert.Contains(endpoints, e => e.Path == "/admin/logout" && e.AllowsPost);
    }

    [Fact]
    public void EveryActionOfTheAdminAreaLivesUnderSlashAdmin()
    {
        var outside = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ControllerActionDescriptor>() is { } action
                && action.RouteValues.TryGetValue("area", out var area) && string.Equals(area, "Admin", StringComparison.OrdinalIgnoreCase))
            .Where(e => !AdminEndpoints.IsAdminPath(AdminEndpoints.PathOf(e)))
            .Select(e => e.DisplayName)
            .ToList();

        Assert.True(outside.Count == 0, "Admin actions outside /admin (the sign-in cookie's path, and this walk) :\n" + string.Join('\n', outside));
    }

    [Fact]
    public void EveryAdminEndpointDeclaresAPolicyAndOnlySignInIsAnonymous()
    {
        var failures = new List<string>();
        foreach (var endpoint in AdminEndpoints.All(app))
        {
            if (endpoint.AllowsAnonymous)
            {
                if (!AdminEndpoints.SignInPaths.Contains(endpoint.Path))
                {
                    failures.Add($"{endpoint}: [AllowAnonymous] outside the sign-in pages");
                }

                continue;
            }

            if (endpoint.AuthorizeData.Count == 0)
            {
                failures.Add($"{endpoint}: no [Authorize] at all (only the fallback policy protects it)");
            }
            else if (!endpoint.AuthorizeData.Any(a => !string.IsNullOrEmpty(a.Policy))
                && !AdminEndpoints.AnySignedInUserPaths.Contains(endpoint.Path))
            {
                failures.Add($"{endpoint}: [Authorize] names no policy");
            }
        }

        Assert.True(failures.Count == 0, "Admin endpoints that do not declare who may call them:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task EveryAdminPageSendsAnonymousVisitorsToTheSignInFormWithTheirReturnUrl()
    {
        using var anonymous = app.OpenBrowser();
        var failures = new List<string>();
        foreach (var endpoint in AdminEndpoints.All(app).Where(e => e.AllowsGet && !e.AllowsAnonymous))
        {
            var path = await endpoint.UrlAsync(app, existing: true);
            using var response = await anonymous.GetAsync(path);
            if (!AdminEndpoints.IsRedirectToSignIn(response, out var returnUrl) || returnUrl != path)
            {
                failures.Add($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, "Expected 302 to /admin/login?returnUrl=<the page>:\n" + string.Join('\n', failures));
    }

    [Fact]
    public async Task EveryAdminPostChallengesAnonymousVisitorsBeforeAnythingRuns()
    {
        using var anonymous = app.OpenBrowser();
        var failures = new List<string>();
        foreach (var endpoint in AdminEndpoints.All(app).Where(e => e.AllowsPost && !e.AllowsAnonymous))
        {
            var path = await endpoint.UrlAsync(app, existing: false);
            using var response = await anonymous.PostAsync(path, ("x", "1"));
            if (!AdminEndpoints.IsRedirectToSignIn(response, out _))
            {
                failures.Add($"POST {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
        }

        Assert.True(failures.Count == 0, "Expected 302 to /admin/login:\n" + string.Join('\n', failures));
    }

    [Theory]
    [MemberData(nameof(StaffRoles))]
    public async Task EachRoleIsForbiddenExactlyTheAdminPagesItsPolicyLeavesOut(string role)
    {
        var session = await app.SignInAsNewAsync(role);
        var failures = new List<string>();
        foreach (var endpoint in AdminEndpoints.All(app).Where(e => e.AllowsGet && !e.AllowsAnonymous))
        {
            var admitted = await endpoint.AdmitsAsync(app, role);

            // A made-up id: past the policy, the action can only answer 404, so a 403 here is the policy's.
            // An existing id: the page really renders for this role (a 403 from the record's own rules is fine).
            foreach (var existing in endpoint.HasParameters ? new[] { false, true } : [true])
            {
                var path = await endpoint.UrlAsync(app, existing);
                using var response = await session.GetAsync(path);
                var status = response.StatusCode;
                var problem = admitted switch
                {
                    false when status != HttpStatusCode.Forbidden => "expected 403",
                    true when AdminEndpoints.IsRedirectToSignIn(response, out _) => "sent to sign-in although admitted",
                    true when status == HttpStatusCode.Forbidden && !existing => "403 although the policy admits the role",
                    true when (int)status >= 500 => "server error",
                    _ => null,
                };
                if (problem is not null)
                {
                    failures.Add($"GET {path} as {role}: {(int)status} {response.Headers.Location} — {problem} ({endpoint.PolicyText})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Theory]
    [MemberData(nameof(StaffRoles))]
    public async Task EachRoleIsForbiddenEveryAdminPostItsPolicyLeavesOutEvenWithAValidToken(string role)
    {
        var session = await app.SignInAsNewAsync(role);
        var token = await session.GetAntiforgeryTokenAsync("/admin/account/password");
        var failures = new List<string>();
        foreach (var endpoint in AdminEndpoints.All(app).Where(e => e.AllowsPost && !e.AllowsAnonymous))
        {
            // Only the refusals are tried: posting where the role is admitted would really change things.
            if (await endpoint.AdmitsAsync(app, role))
            {
                continue;
            }

            var path = await endpoint.UrlAsync(app, existing: false);
            using var response = await session.PostAsync(path, (StaffBrowser.AntiforgeryField, token));
            if (response.StatusCode != HttpStatusCode.Forbidden)
            {
                failures.Add($"POST {path} as {role}: {(int)response.StatusCode} {response.Headers.Location} — expected 403 ({endpoint.PolicyText})");
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }
}

/// <summary>One route of the admin area, as the app's endpoint data source reports it.</summary>
public sealed record AdminEndpoint(RouteEndpoint Endpoint, string Path, IReadOnlySet<string> Methods)
{
    public bool AllowsGet => Methods.Count == 0 || Methods.Contains(HttpMethods.Get);

    public bool AllowsPost => Methods.Count == 0 || Methods.Contains(HttpMethods.Post);

    public bool AllowsAnonymous => Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;

    public bool AllowedBeforeTwoFactor => Endpoint.Metadata.GetMetadata<AllowBeforeTwoFactorAttribute>() is not null;

    public IReadOnlyList<IAuthorizeData> AuthorizeData => Endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();

    public bool HasParameters => Endpoint.RoutePattern.Parameters.Count > 0;

    public string PolicyText => AuthorizeData.Count == 0
        ? "no [Authorize]"
        : string.Join(" + ", AuthorizeData.Select(a => a.Policy is { Length: > 0 } policy ? $"policy {policy}" : a.Roles is { Length: > 0 } roles ? $"roles {roles}" : "[Authorize]"));

    /// <summary>
    /// Whether a signed-in user with only <paramref name="role"/> passes every [Authorize] on the endpoint, judged
    /// from the policies' role requirements (a requirement other than roles is taken as met by a signed-in user).
    /// </summary>
    public async Task<bool> AdmitsAsync(PortalApplication app, string role)
    {
        var provider = app.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        foreach (var data in AuthorizeData)
        {
            if (data.Roles is { Length: > 0 } roles && !roles.Split(',', StringSplitOptions.TrimEntries).Contains(role))
            {
                return false;
            }

            if (data.Policy is { Length: > 0 } name)
            {
                var policy = await provider.GetPolicyAsync(name) ?? throw new InvalidOperationException($"{this}: policy {name} is not registered.");
                if (policy.Requirements.OfType<RolesAuthorizationRequirement>().Any(r => !r.AllowedRoles.Contains(role)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The path with its route parameters filled: with an id that exists for the controller's records (or 1) when
    /// <paramref name="existing"/>, else with one that cannot exist.
    /// </summary>
    public async Task<string> UrlAsync(PortalApplication app, bool existing)
    {
        var url = new StringBuilder();
        foreach (var segment in Endpoint.RoutePattern.PathSegments)
        {
            url.Append('/');
            foreach (var part in segment.Parts)
            {
                url.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    RoutePatternParameterPart parameter => Uri.EscapeDataString(await ValueForAsync(app, parameter, existing)),
                    _ => throw new InvalidOperationException($"{this}: unexpected route part {part}."),
                });
            }
        }

        return url.Length == 0 ? "/" : url.ToString();
    }

    public override string ToString() => $"{(Methods.Count == 0 ? "ANY" : string.Join(',', Methods))} {Endpoint.RoutePattern.RawText} ({Endpoint.DisplayName})";

    private async Task<string> ValueForAsync(PortalApplication app, RoutePatternParameterPart parameter, bool existing)
    {
        var constraints = parameter.ParameterPolicies.Select(p => p.Content ?? string.Empty).ToList();
        if (constraints.Contains("int") || constraints.Contains("long"))
        {
            if (!existing)
            {
                return int.MaxValue.ToString(CultureInfo.InvariantCulture);
            }

            var id = parameter.Name.Equals("id", StringComparison.OrdinalIgnoreCase) ? await AdminEndpoints.ExistingIdAsync(app, ControllerName) : null;
            return (id ?? 1).ToString(CultureInfo.InvariantCulture);
        }

        if (constraints.Contains("guid"))
        {
            return existing ? Guid.Empty.ToString() : Guid.NewGuid().ToString();
        }

        if (constraints.Contains("bool"))
        {
            return "true";
        }

        return existing ? "1" : "no-such-thing";
    }

    private string ControllerName => Endpoint.Metadata.GetMetadata<ControllerActionDescriptor>()?.ControllerName ?? string.Empty;
}

public static class AdminEndpoints
{
    /// <summary>The only pages open to anonymous visitors.</summary>
    public static readonly IReadOnlySet<string> SignInPaths = new HashSet<string>(StringComparer.Ordinal) { "/admin/login", "/admin/login/2fa" };

    /// <summary>
    /// Signing out and enrolling an authenticator must stay open to every signed-in user — one whose roles were
    /// all removed, one who still owes an enrolment — so these say <c>[Authorize]</c> without a policy, on purpose.
    /// Any other endpoint without a named policy fails the test.
    /// </summary>
    public static readonly IReadOnlySet<string> AnySignedInUserPaths = new HashSet<string>(StringComparer.Ordinal) { "/admin/logout", "/admin/account/two-factor" };

    public static IReadOnlyList<AdminEndpoint> All(PortalApplication app) =>
        app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => new AdminEndpoint(e, PathOf(e), e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToHashSet(StringComparer.OrdinalIgnoreCase) ?? []))
            .Where(e => IsAdminPath(e.Path))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();

    public static string PathOf(RouteEndpoint endpoint) => "/" + (endpoint.RoutePattern.RawText ?? string.Empty).Trim('/');

    public static bool IsAdminPath(string path) =>
        path.Equals("/admin", StringComparison.OrdinalIgnoreCase) || path.StartsWith("/admin/", StringComparison.OrdinalIgnoreCase);

    /// <summary>A 302 to the sign-in form; <paramref name="returnUrl"/> is the page it will go back to.</summary>
    public static bool IsRedirectToSignIn(HttpResponseMessage response, out string? returnUrl)
    {
        returnUrl = null;
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } location)
        {
            return false;
        }

        var absolute = location.IsAbsoluteUri ? location : new Uri(new Uri("https://localhost"), location);
        if (absolute.AbsolutePath != "/admin/login")
        {
            return false;
        }

        returnUrl = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(absolute.Query).TryGetValue("returnUrl", out var value) ? value.ToString() : null;
        return true;
    }

    /// <summary>The smallest id of the records a controller is named after (Articles → Article), or null.</summary>
    public static Task<int?> ExistingIdAsync(PortalApplication app, string controllerName) => app.WithDbAsync(async db =>
    {
        var entity = db.Model.GetEntityTypes().FirstOrDefault(e => !e.IsOwned() && !e.HasSharedClrType
            && (string.Equals(e.ClrType.Name, controllerName, StringComparison.OrdinalIgnoreCase)
                || string.Equals(e.ClrType.Name + "s", controllerName, StringComparison.OrdinalIgnoreCase)
                || string.Equals(e.GetTableName(), controllerName, StringComparison.OrdinalIgnoreCase)));
        if (entity?.FindPrimaryKey()?.Properties is not [{ } key] || key.ClrType != typeof(int))
        {
            return null;
        }

        var first = typeof(AdminEndpoints).GetMethod(nameof(FirstIdAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(entity.ClrType);
        return await (Task<int?>)first.Invoke(null, [db, key.Name])!;
    });

    private static Task<int?> FirstIdAsync<T>(PortalDbContext db, string key)
        where T : class =>
        db.Set<T>().Select(e => (int?)EF.Property<int>(e, key)).OrderBy(id => id).FirstOrDefaultAsync();
}
