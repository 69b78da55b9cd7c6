using Microsoft.AspNetCore.Identity;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>Identity's messages in Chinese, since staff read them on the forms.</summary>
public sealed class ChineseIdentityErrors : IdentityErrorDescriber
{
    public override IdentityError DefaultError() => Error(nameof(DefaultError), "操作失败，请重试。");
    public override IdentityError ConcurrencyFailure() => Error(nameof(ConcurrencyFailure), "该账号已被他人修改，请刷新后重试。");
    public override IdentityError PasswordMismatch() => Error(nameof(PasswordMismatch), "当前密码不正确。");
    public override IdentityError InvalidToken() => Error(nameof(InvalidToken), "验证码无效或已过期。");
    public override IdentityError DuplicateUserName(string userName) => Error(nameof(DuplicateUserName), $"账号“{userName}”已存在。");
    public override IdentityError DuplicateEmail(string email) => Error(nameof(DuplicateEmail), $"邮箱“{email}”已被使用。");
    public override IdentityError InvalidEmail(string? email) => Error(nameof(InvalidEmail), $"邮箱“{email}”格式不正确。");
    public override IdentityError InvalidUserName(string? userName) => Error(nameof(InvalidUserName), $"账号“{userName}”包含不允许的字符。");
    public override IdentityError PasswordTooShort(int length) => Error(nameof(PasswordTooShort), $"密码至少需要 {length} 个字符。");
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Error(nameof(PasswordRequiresUniqueChars), $"密码至少需要包含 {uniqueChars} 个不同的字符。");
    public override IdentityError UserAlreadyInRole(string role) => Error(nameof(UserAlreadyInRole), $"用户已有角色“{role}”。");
    public override IdentityError UserNotInRole(string role) => Error(nameof(UserNotInRole), $"用户没有角色“{role}”。");
    public override IdentityError UserLockoutNotEnabled() => Error(nameof(UserLockoutNotEnabled), "该账号未启用锁定。");
    public override IdentityError UserAlreadyHasPassword() => Error(nameof(UserAlreadyHasPassword), "该账号已设置密码。");

    private static IdentityError Error(string code, string description) => new() { Code = code, Description = description };
}
