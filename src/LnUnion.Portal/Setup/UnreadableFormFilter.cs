using LnUnion.Portal.Models;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LnUnion.Portal.Setup;

/// <summary>
/// A form body the server cannot read (a cut-off or malformed multipart body, more parts than the form limit) is the
/// sender's mistake: a 400 with a Chinese message, as JSON to the editor's scripts. MVC records such a body as a
/// model error and binds no argument at all, so without this the action runs on nulls and fails with a 500.
/// </summary>
public sealed class UnreadableFormFilter(IModelMetadataProvider metadata) : IAsyncActionFilter
{
    public const string Message = "无法读取提交的内容：请求格式不正确、不完整，或包含的项目过多（最多 1024 项）。请返回上一页重试。";

    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        if (await IsUnreadableAsync(context))
        {
            context.Result = context.HttpContext.Request.WantsJson()
                ? new JsonResult(new { error = Message }) { StatusCode = StatusCodes.Status400BadRequest }
                : new ViewResult
                {
                    ViewName = "/Views/Shared/Error.cshtml",
                    StatusCode = StatusCodes.Status400BadRequest,
                    ViewData = new ViewDataDictionary(metadata, context.ModelState) { Model = new ErrorModel(400, "请求有误", Message) },
                };
            return;
        }

        await next();
    }

    /// <summary>
    /// MVC keeps only the reason's text (in English) as a model error without a key; reading the form again is how
    /// to be sure. A form that was read is cached, so this costs nothing on a good request.
    /// </summary>
    private static async Task<bool> IsUnreadableAsync(ActionExecutingContext context)
    {
        var request = context.HttpContext.Request;
        if (!request.HasFormContentType || !context.ModelState.TryGetValue(string.Empty, out var entry) || entry.Errors.Count == 0)
        {
            return false;
        }

        try
        {
            await request.ReadFormAsync(context.HttpContext.RequestAborted);
            return false;
        }
        catch (Exception e) when (e is InvalidDataException or IOException)
        {
            return true;
        }
    }
}

public static class JsonCallers
{
    /// <summary>The editor's scripts say so in X-Requested-With (as the sign-in cookie's events expect) or in Accept.</summary>
    public static bool WantsJson(this HttpRequest request) =>
        request.Headers.XRequestedWith == "XMLHttpRequest"
        || request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase));
}
