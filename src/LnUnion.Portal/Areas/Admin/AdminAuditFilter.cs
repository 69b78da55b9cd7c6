using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>
/// Records every state-changing request of the admin area in the audit log — whatever the action, and whether it
/// succeeded or not — so no change can be forgotten.
/// </summary>
public sealed class AdminAuditFilter(AuditLog audit) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var executed = await next();

        var request = context.HttpContext.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || context.ActionDescriptor.EndpointMetadata.OfType<SkipAuditAttribute>().Any())
        {
            return;
        }

        var route = context.RouteData.Values;
        var controller = route["controller"]?.ToString()?.ToLowerInvariant();
        var action = $"{controller}.{route["action"]}".ToLowerInvariant();
        var target = route.TryGetValue("id", out var id) ? $"{controller}:{id}" : null;
        await audit.WriteAsync(action, target, Outcome(executed), cancellationToken: context.HttpContext.RequestAborted);
    }

    private static string Outcome(ActionExecutedContext executed)
    {
        if (executed.Exception is not null && !executed.ExceptionHandled)
        {
            return AuditLog.Failure + "：服务器错误";
        }

        if (!executed.ModelState.IsValid)
        {
            return AuditLog.Failure + "：输入有误";
        }

        return executed.Result switch
        {
            IStatusCodeActionResult { StatusCode: >= 400 } failed => $"{AuditLog.Failure}：{failed.StatusCode}",
            ForbidResult => AuditLog.Failure + "：无权限",
            ChallengeResult => AuditLog.Failure + "：未登录",
            _ => AuditLog.Success,
        };
    }
}

/// <summary>For actions that change nothing (a preview) or write a more precise audit entry themselves (sign-in).</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class SkipAuditAttribute : Attribute;
