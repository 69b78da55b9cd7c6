using System.Security.Claims;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>
/// Adds a claim to the sign-in of anyone who must enrol an authenticator app (every administrator, and users an
/// administrator has required it of) but has not yet, and of anyone who must replace a password an administrator set.
/// </summary>
public sealed class PortalClaimsFactory(UserManager<PortalUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<PortalUser, IdentityRole>(users, roles, options)
{
    public const string MustEnrolTwoFactor = "portal:must_enrol_2fa";

    /// <summary>See <see cref="AccountSetupFilter"/>.</summary>
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

/// <summary>
/// What a user still owes before the admin area opens, in order: replacing a password an administrator set for them
/// (and so has seen), then enrolling an authenticator. Until then they reach only the page that settles it (marked
/// with its Allow… attribute, as are the pages that may come before it) and sign-out.
/// </summary>
public sealed class AccountSetupFilter : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        var metadata = context.ActionDescriptor.EndpointMetadata;
        var user = context.HttpContext.User;
        if (user.HasClaim(PortalClaimsFactory.MustChangePassword, "true") && !metadata.OfType<AllowBeforePasswordChangeAttribute>().Any())
        {
            context.Result = new RedirectToActionResult("ChangePassword", "Account", new { area = "Admin" });
        }
        else if (user.HasClaim(PortalClaimsFactory.MustEnrolTwoFactor, "true") && !metadata.OfType<AllowBeforeTwoFactorAttribute>().Any())
        {
            context.Result = new RedirectToActionResult("TwoFactor", "Account", new { area = "Admin" });
        }
    }
}

[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowBeforePasswordChangeAttribute : Attribute;

[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowBeforeTwoFactorAttribute : Attribute;
