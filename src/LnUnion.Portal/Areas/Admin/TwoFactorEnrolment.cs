using System.Security.Claims;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>
/// Adds a claim to the sign-in of anyone who must enrol an authenticator app (every administrator, and users an
/// administrator has required it of) but has not yet.
/// </summary>
public sealed class PortalClaimsFactory(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    public const string MustEnrolTwoFactor = "portal:must_enrol_2fa";

    /// <summary>See <see cref="PasswordChangeFilter"/>.</summary>
    public const string MustChangePassword = "portal:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!user.TwoFactorEnabled && (user.RequireTwoFactor || await UserManager.IsInRoleAsync(user, Roles.Administrator)))
        {
            identity.AddClaim(new Claim(MustEnrolTwoFactor, "true"));
        }

        if (user.PasswordChangeRequired)
        {
            identity.AddClaim(new Claim(MustChangePassword, "true"));
        }

        if (!string.IsNullOrEmpty(user.DisplayName))
        {
            identity.AddClaim(new Claim(ClaimTypes.GivenName, user.DisplayName));
        }

        return identity;
    }
}

/// <summary>Until they enrol, such users can reach only the enrolment page and sign-out.</summary>
public sealed class TwoFactorEnrolmentFilter : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.HttpContext.User.HasClaim(PortalClaimsFactory.MustEnrolTwoFactor, "true")
            && !context.ActionDescriptor.EndpointMetadata.OfType<AllowBeforeTwoFactorAttribute>().Any())
        {
            context.Result = new RedirectToActionResult("TwoFactor", "Account", new { area = "Admin" });
        }
    }
}

[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowBeforeTwoFactorAttribute : Attribute;
