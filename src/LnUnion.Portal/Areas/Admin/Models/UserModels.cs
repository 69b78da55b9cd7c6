using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Areas.Admin.Models;

public sealed record UserRow(
    string Id,
    string? Email,
    string? DisplayName,
    IReadOnlyList<string> Roles,
    bool IsLocked,
    bool TwoFactorEnabled,
    bool RequireTwoFactor);

/// <summary>What an administrator may post for a new account. The password is never posted: the server makes one.</summary>
public sealed class UserCreateInput
{
    [Required(ErrorMessage = "请填写邮箱。")]
    [EmailAddress(ErrorMessage = "邮箱格式不正确。")]
    [StringLength(256, ErrorMessage = "邮箱不能超过 256 个字符。")]
    [Display(Name = "邮箱（用于登录）")]
    public string Email { get; set; } = string.Empty;

    [StringLength(100, ErrorMessage = "姓名不能超过 100 个字符。")]
    [Display(Name = "姓名")]
    public string? DisplayName { get; set; }

    [Display(Name = "角色")]
    public List<string> Roles { get; set; } = [];

    [Display(Name = "要求启用两步验证（管理员总是需要）")]
    public bool RequireTwoFactor { get; set; }
}

public sealed class UserRolesInput
{
    [StringLength(100, ErrorMessage = "姓名不能超过 100 个字符。")]
    [Display(Name = "姓名")]
    public string? DisplayName { get; set; }

    [Display(Name = "角色")]
    public List<string> Roles { get; set; } = [];
}

public sealed class UserDetailModel
{
    public required string Id { get; init; }
    public required string? Email { get; init; }
    public required bool IsSelf { get; init; }
    public required bool IsLocked { get; init; }
    public required bool TwoFactorEnabled { get; init; }
    public required bool RequireTwoFactor { get; init; }

    /// <summary>Identity's concurrency stamp, posted by every form on the page.</summary>
    public required string? Version { get; init; }

    public required UserRolesInput Input { get; init; }

    /// <summary>The same page with the roles form as the administrator filled it in.</summary>
    public UserDetailModel With(UserRolesInput typed) => new()
    {
        Id = Id,
        Email = Email,
        IsSelf = IsSelf,
        IsLocked = IsLocked,
        TwoFactorEnabled = TwoFactorEnabled,
        RequireTwoFactor = RequireTwoFactor,
        Version = Version,
        Input = typed,
    };
}

/// <summary>A password the server made up, shown on this one page and stored nowhere in readable form.</summary>
public sealed record TemporaryPasswordModel(string UserId, string? Email, string Password, bool IsNewAccount);

public static class RoleText
{
    public static string Of(string role) => role switch
    {
        Roles.Administrator => "管理员",
        Roles.Reviewer => "审核签发",
        Roles.Editor => "编辑",
        Roles.Staff => "办公室（网站设置）",
        Roles.LetterHandler => "信件办理员",
        _ => role,
    };

    public static string Describe(string role) => role switch
    {
        Roles.Administrator => "全部功能，包括用户、栏目和操作日志；必须启用两步验证",
        Roles.Reviewer => "审核、签发、定时发布、撤回和置顶文章",
        Roles.Editor => "撰写和提交文章，编辑页面",
        Roles.Staff => "只能修改联系方式、页脚和服务号等网站设置",
        Roles.LetterHandler => "受理、转办、答复和审核职工信箱来信，可以看到来信人的个人信息",
        _ => string.Empty,
    };
}
