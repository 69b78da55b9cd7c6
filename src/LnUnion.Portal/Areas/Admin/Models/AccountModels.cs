using System.ComponentModel.DataAnnotations;

namespace LnUnion.Portal.Areas.Admin.Models;

public sealed class LoginInput
{
    [Required(ErrorMessage = "请输入邮箱。")]
    [EmailAddress(ErrorMessage = "邮箱格式不正确。")]
    [StringLength(256, ErrorMessage = "邮箱过长。")]
    [Display(Name = "邮箱")]
    public string Email { get; set; } = string.Empty;

    [Required(ErrorMessage = "请输入密码。")]
    [StringLength(256, ErrorMessage = "密码过长。")]
    [DataType(DataType.Password)]
    [Display(Name = "密码")]
    public string Password { get; set; } = string.Empty;

    public string? ReturnUrl { get; set; }
}

public sealed class TwoFactorLoginInput
{
    [Required(ErrorMessage = "请输入验证码。")]
    [RegularExpression("^[0-9 ]{6,7}$", ErrorMessage = "验证码是 6 位数字。")]
    [Display(Name = "身份验证器中的 6 位验证码")]
    public string Code { get; set; } = string.Empty;

    public string? ReturnUrl { get; set; }
}

public sealed class ChangePasswordInput
{
    [Required(ErrorMessage = "请输入当前密码。")]
    [DataType(DataType.Password)]
    [Display(Name = "当前密码")]
    public string CurrentPassword { get; set; } = string.Empty;

    [Required(ErrorMessage = "请输入新密码。")]
    [StringLength(256, MinimumLength = 12, ErrorMessage = "新密码至少需要 12 个字符。")]
    [DataType(DataType.Password)]
    [Display(Name = "新密码")]
    public string NewPassword { get; set; } = string.Empty;

    [Compare(nameof(NewPassword), ErrorMessage = "两次输入的新密码不一致。")]
    [DataType(DataType.Password)]
    [Display(Name = "再次输入新密码")]
    public string ConfirmPassword { get; set; } = string.Empty;
}

public sealed class ReplaceAuthenticatorInput
{
    [Required(ErrorMessage = "请输入当前密码。")]
    [DataType(DataType.Password)]
    [Display(Name = "当前密码")]
    public string CurrentPassword { get; set; } = string.Empty;

    [Required(ErrorMessage = "请输入验证码。")]
    [RegularExpression("^[0-9 ]{6,7}$", ErrorMessage = "验证码是 6 位数字。")]
    [Display(Name = "原身份验证器中的 6 位验证码")]
    public string Code { get; set; } = string.Empty;
}

public sealed class TwoFactorSetupModel
{
    /// <summary>Only while not yet enrolled; with <see cref="QrSvg"/>, null once <see cref="IsEnabled"/>.</summary>
    public string? SharedKey { get; init; }
    public string? QrSvg { get; init; }
    public bool IsEnabled { get; init; }
    public TwoFactorLoginInput Input { get; init; } = new();
    public ReplaceAuthenticatorInput Replace { get; init; } = new();
}
