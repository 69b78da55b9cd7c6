using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Services;

namespace LnUnion.Portal.Areas.Admin.Models;

/// <summary>The 职工服务 entry form. Id, order and who saved it are not here, so they cannot be over-posted.</summary>
public sealed class WorkerServiceInput : IValidatableObject
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写服务名称。")]
    [StringLength(50, ErrorMessage = "服务名称不能超过 50 个字符。")]
    [Display(Name = "服务名称")]
    public string Name { get; set; } = string.Empty;

    [StringLength(200, ErrorMessage = "简介不能超过 200 个字符。")]
    [Display(Name = "简介（一句话说明这项服务）")]
    public string? Description { get; set; }

    [Display(Name = "链接到")]
    public ServiceLinkKind LinkKind { get; set; }

    [StringLength(500, ErrorMessage = "链接不能超过 500 个字符。")]
    [Display(Name = "地址或号码")]
    public string? LinkTarget { get; set; }

    [Display(Name = "职工信箱的信件类型")]
    public int? LetterTypeId { get; set; }

    [Display(Name = "图标")]
    public string Icon { get; set; } = ServiceIcons.Default;

    [Display(Name = "在网站上显示")]
    public bool IsShown { get; set; } = true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var target = LinkTarget?.Trim();
        if (!Enum.IsDefined(LinkKind))
        {
            yield return new ValidationResult("请选择链接到哪里。", [nameof(LinkKind)]);
        }

        if (!ServiceIcons.IsKnown(Icon))
        {
            yield return new ValidationResult("请从列表中选择图标。", [nameof(Icon)]);
        }

        var error = LinkKind switch
        {
            ServiceLinkKind.Internal when !IsSitePath(target) => "本站页面请填写以“/”开头的站内地址，如 /contact。",
            ServiceLinkKind.External when target is null || !target.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || !AbsoluteHttpUrlAttribute.IsAbsoluteHttpUrl(target) =>
                "外部服务请填写以 https:// 开头的完整网址。",
            ServiceLinkKind.Phone when target is null || !IsPhoneNumber(target) => "热线电话只能包含数字和“-”，如 12351 或 024-22581001。",
            ServiceLinkKind.Mailbox when LetterTypeId is null => "请选择职工信箱的信件类型。",
            _ => null,
        };
        if (error is not null)
        {
            yield return new ValidationResult(error, [LinkKind == ServiceLinkKind.Mailbox ? nameof(LetterTypeId) : nameof(LinkTarget)]);
        }
    }

    /// <summary>A path of this site: not another host (//host) nor a scheme, and nothing a browser would read otherwise.</summary>
    private static bool IsSitePath(string? path) =>
        path is { Length: > 0 } && path[0] == '/' && !path.StartsWith("//", StringComparison.Ordinal)
        && !path.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '\\' or '"' or '<' or '>');

    private static bool IsPhoneNumber(string number) =>
        number.Length <= 20 && number.Any(char.IsAsciiDigit) && number.All(c => char.IsAsciiDigit(c) || c == '-');
}

public sealed record WorkerServiceRow(int Id, string Name, string? Description, string Link, string Icon, bool IsShown, Guid Version);

public sealed record LetterTypeChoice(int Id, string Name, bool IsActive);

public sealed class WorkerServiceEditModel
{
    public int? Id { get; init; }
    public required WorkerServiceInput Input { get; init; }
    public required IReadOnlyList<LetterTypeChoice> LetterTypes { get; init; }

    /// <summary>After a conflict: what the other person saved, to compare with what is still in the form.</summary>
    public WorkerServiceInput? Saved { get; init; }
}

/// <summary>The Chinese names of the link kinds, for the form and the list.</summary>
public static class ServiceLinkKindNames
{
    public static string Of(ServiceLinkKind kind) => kind switch
    {
        ServiceLinkKind.None => "不设链接（只显示简介）",
        ServiceLinkKind.Internal => "本站页面",
        ServiceLinkKind.Mailbox => "职工信箱（选定信件类型）",
        ServiceLinkKind.External => "外部服务网址（https）",
        ServiceLinkKind.Phone => "热线电话",
        _ => kind.ToString(),
    };
}
