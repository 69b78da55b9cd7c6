using LnUnion.Portal.Data;
using LnUnion.Portal.Setup;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace LnUnion.Portal.Media;

/// <summary>What the form said when the save was refused: each filled-in field by its label, so the text can be copied and kept.</summary>
public sealed record StorageFullModel(string Message, IReadOnlyList<KeyValuePair<string, string>> Typed);

/// <summary>
/// A save refused because a disk is full answers 503 with a message in Chinese, never the generic error page: JSON
/// for the editor's calls, and for a form a page that gives back everything that was typed into it. Whichever
/// action saved, nothing the editor wrote is lost.
/// </summary>
public sealed class StorageFullFilter(StorageHealth health, MediaStorage storage, IModelMetadataProvider metadata) : IExceptionFilter
{
    public void OnException(ExceptionContext context)
    {
        if (!StorageHealth.IsDiskFull(context.Exception))
        {
            return;
        }

        var http = context.HttpContext;
        if (context.Exception is IOException)
        {
            health.Full(Store.Media, storage.Root, context.Exception);
        }
        else
        {
            health.DatabaseFull(http.RequestServices.GetRequiredService<PortalDbContext>(), context.Exception);
        }

        context.ExceptionHandled = true;
        if (http.Request.WantsJson())
        {
            context.Result = new JsonResult(new { error = StorageHealth.FullMessage }) { StatusCode = StatusCodes.Status503ServiceUnavailable };
            return;
        }

        // The form as it was read; a body that could not be read (its temporary file hit the full disk) has none.
        var typed = http.Features.Get<IFormFeature>()?.Form is { } form
            ? form
                .Where(field => !field.Key.StartsWith("__", StringComparison.Ordinal) && !string.IsNullOrWhiteSpace(field.Value))
                .Select(field => KeyValuePair.Create(LabelOf(context, field.Key), field.Value.ToString()))
                .ToList()
            : [];
        context.Result = new ViewResult
        {
            ViewName = "/Areas/Admin/Views/Shared/StorageFull.cshtml",
            StatusCode = StatusCodes.Status503ServiceUnavailable,
            ViewData = new ViewDataDictionary(metadata, context.ModelState) { Model = new StorageFullModel(StorageHealth.FullMessage, typed) },
        };
    }

    /// <summary>The label the form showed for <paramref name="field"/> (<c>Input.Title</c> is 标题), from the action's input model.</summary>
    private string LabelOf(ExceptionContext context, string field)
    {
        var property = field[(field.LastIndexOf('.') + 1)..];
        return context.ActionDescriptor.Parameters
            .Select(parameter => metadata.GetMetadataForType(parameter.ParameterType).Properties[property]?.DisplayName)
            .FirstOrDefault(name => name is not null) ?? field;
    }
}
