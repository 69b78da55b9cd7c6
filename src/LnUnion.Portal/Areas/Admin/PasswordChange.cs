using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>
/// Until users replace a password an administrator set for them (and so has seen), they can reach only the
/// password page and sign-out. It runs before the two-factor enrolment check: the password comes first.
/// </summary>
public sealed class PasswordChangeFilter : IAuthorizationFilter
{
    public void OnAuthorization(AuthorizationFilterContext context)
    {
        if (context.HttpContext.User.HasClaim(PortalClaimsFactory.MustChangePassword, "true")
            && !context.ActionDescriptor.EndpointMetadata.OfType<AllowBeforePasswordChangeAttribute>().Any())
        {
            context.Result = new RedirectToActionResult("ChangePassword", "Account", new { area = "Admin" });
        }
    }
}

[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class AllowBeforePasswordChangeAttribute : Attribute;
