using LnUnion.Portal.Models;
using LnUnion.Portal.Routing;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Controllers;

/// <summary>
/// The pages visitors see when something is missing or goes wrong. They say nothing about the server. A request to
/// the admin area gets its page inside the admin layout, with the way back to the dashboard.
/// </summary>
[ApiExplorerSettings(IgnoreApi = true)]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorController : Controller
{
    /// <remarks>
    /// The status is the one the failed request already has. The number in the address only routes here, and it is
    /// not bound: a re-executed request keeps its method and body, so a posted <c>statusCode=</c> field would win.
    /// </remarks>
    [Route(PublicAddresses.Routes.Error)]
    public IActionResult Show()
    {
        var originalPath = HttpContext.Features.Get<IStatusCodeReExecuteFeature>()?.OriginalPath
            ?? HttpContext.Features.Get<IExceptionHandlerPathFeature>()?.Path;
        var reExecuted = originalPath is not null;

        // A direct visit to /error/500 is itself a request for a page that does not exist.
        var statusCode = reExecuted ? Response.StatusCode : 404;
        var model = statusCode switch
        {
            404 => new ErrorModel(404, "页面不存在", "您访问的页面不存在或已被删除，请检查网址是否正确。"),
            400 => new ErrorModel(400, "请求有误", "您的请求格式不正确，请返回上一页重试。"),
            403 => new ErrorModel(403, "无权访问", "您没有访问此页面的权限。"),
            405 => new ErrorModel(405, "请求方式不受支持", "此页面不支持这种访问方式。"),
            409 => new ErrorModel(409, "操作未完成", "内容已被他人修改或当前状态不允许这项操作，请返回刷新后再试。"),
            429 => new ErrorModel(429, "尝试次数过多", "登录尝试过于频繁，请稍等几分钟后再试。"),
            _ when statusCode is >= 400 and < 500 => new ErrorModel(statusCode, "无法处理请求", "您的请求无法处理，请返回上一页重试。"),
            _ => new ErrorModel(500, "服务暂时不可用", "网站出现了临时故障，我们正在处理，请稍后再试。"),
        };

        Response.StatusCode = model.StatusCode;
        var inAdminArea = new PathString(originalPath).StartsWithSegments(PublicAddresses.Admin, StringComparison.OrdinalIgnoreCase);
        return View(inAdminArea ? "/Areas/Admin/Views/Shared/Error.cshtml" : "Error", model);
    }
}
