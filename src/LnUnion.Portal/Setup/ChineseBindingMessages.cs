using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace LnUnion.Portal.Setup;

/// <summary>MVC's messages for values that cannot even be read (a date that is not a date), in Chinese for the forms.</summary>
public static class ChineseBindingMessages
{
    public static void Apply(DefaultModelBindingMessageProvider messages)
    {
        messages.SetAttemptedValueIsInvalidAccessor((value, field) => $"“{value}”不是有效的{field}。");
        messages.SetMissingBindRequiredValueAccessor(field => $"请填写{field}。");
        messages.SetMissingKeyOrValueAccessor(() => "请填写此项。");
        messages.SetMissingRequestBodyRequiredValueAccessor(() => "请求内容不能为空。");
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value => $"“{value}”无效。");
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => "输入的值无效。");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "请输入数字。");
        messages.SetUnknownValueIsInvalidAccessor(field => $"{field}的值无效。");
        messages.SetValueIsInvalidAccessor(value => $"“{value}”无效。");
        messages.SetValueMustBeANumberAccessor(field => $"{field}必须是数字。");
        messages.SetValueMustNotBeNullAccessor(value => $"请填写{value}。");
    }
}
