using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Rendering;

namespace LnUnion.Portal.Areas.Admin.Models;

/// <summary>
/// Refuses Markdown that <see cref="MarkdownRenderer"/> cannot show, with its reason, so that nothing saved from a
/// form can break the pages it appears on: the renderer's limits are the only ones, and every form that saves
/// Markdown carries this.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RenderableMarkdownAttribute : ValidationAttribute
{
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        validationContext.GetRequiredService<MarkdownRenderer>().Problem(value as string) is { } problem
            ? new ValidationResult(problem, validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;
}
