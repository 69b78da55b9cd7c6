using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Site;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace LnUnion.Portal.Areas.Admin.Models;

/// <summary>
/// Binds a text field as <see cref="ContactNumbers.HalfWidth"/> makes it, so that validation checks, and the
/// controller saves, the half-width text whatever input method typed it.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HalfWidthAttribute() : ModelBinderAttribute(typeof(HalfWidthBinder));

public sealed class HalfWidthBinder : IModelBinder
{
    public Task BindModelAsync(ModelBindingContext bindingContext)
    {
        var value = bindingContext.ValueProvider.GetValue(bindingContext.ModelName);
        if (value != ValueProviderResult.None)
        {
            bindingContext.ModelState.SetModelValue(bindingContext.ModelName, value);
            bindingContext.Result = ModelBindingResult.Success(ContactNumbers.HalfWidth(value.FirstValue));
        }

        return Task.CompletedTask;
    }
}

/// <summary>One to three telephone numbers (see <see cref="ContactNumbers"/>); use with <see cref="HalfWidthAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PhoneNumbersAttribute : RegularExpressionAttribute
{
    public PhoneNumbersAttribute()
        : base(ContactNumbers.PhonePattern) => ErrorMessage = ContactNumbers.PhoneMessage;
}

/// <summary>A six-digit postcode; use with <see cref="HalfWidthAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PostcodeAttribute : RegularExpressionAttribute
{
    public PostcodeAttribute()
        : base(ContactNumbers.PostcodePattern) => ErrorMessage = ContactNumbers.PostcodeMessage;
}
