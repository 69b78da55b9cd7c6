using System.Globalization;
using System.Security.Claims;
using System.Text;
using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>Sign-in, two-factor sign-in and enrolment, sign-out and password change.</summary>
[SkipAudit]
public sealed class AccountController(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    AuditLog audit,
    QrCodeSvg qr) : AdminController
{
    private const string Issuer = "辽宁省总工会网站";

    [HttpGet("/admin/login")]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl) => View(new LoginInput { ReturnUrl = returnUrl });

    [HttpPost("/admin/login")]
    [AllowAnonymous]
    public async Task<IActionResult> Login(LoginInput input)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var result = await signIn.PasswordSignInAsync(input.Email, input.Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            await audit.WriteAsync("account.login", input.Email, AuditLog.Success, input.Email);
            return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(LoginWithTwoFactor), new { returnUrl = SafeReturnUrl(input.ReturnUrl) });
        }

        if (result.IsLockedOut)
        {
            await audit.WriteAsync("account.login", input.Email, AuditLog.Failure + "：账号已锁定", input.Email);
            ModelState.AddModelError(string.Empty, "该账号因多次登录失败已被锁定，请 15 分钟后再试，或联系管理员解锁。");
        }
        else
        {
            await audit.WriteAsync("account.login", input.Email, AuditLog.Failure + "：邮箱或密码错误", input.Email);
            ModelState.AddModelError(string.Empty, "邮箱或密码不正确。");
        }

        return View(input);
    }

    [HttpGet("/admin/login/2fa")]
    [AllowAnonymous]
    public async Task<IActionResult> LoginWithTwoFactor(string? returnUrl) =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null
            ? RedirectToAction(nameof(Login))
            : View(new TwoFactorLoginInput { ReturnUrl = returnUrl });

    [HttpPost("/admin/login/2fa")]
    [AllowAnonymous]
    public async Task<IActionResult> LoginWithTwoFactor(TwoFactorLoginInput input)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return RedirectToAction(nameof(Login));
        }

        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var result = await signIn.TwoFactorAuthenticatorSignInAsync(NormaliseCode(input.Code), isPersistent: false, rememberClient: false);
        if (result.Succeeded)
        {
            await audit.WriteAsync("account.login", user.Email, AuditLog.Success + "（两步验证）", user.Email);
            return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
        }

        var locked = result.IsLockedOut;
        await audit.WriteAsync("account.login-2fa", user.Email, AuditLog.Failure + (locked ? "：账号已锁定" : "：验证码错误"), user.Email);
        ModelState.AddModelError(string.Empty, locked ? "该账号因多次验证失败已被锁定，请稍后再试或联系管理员。" : "验证码不正确，请输入身份验证器中当前显示的 6 位数字。");
        return View(input);
    }

    [HttpPost("/admin/logout")]
    [Authorize]
    [AllowBeforeTwoFactor]
    public async Task<IActionResult> Logout()
    {
        // A copy of the old cookie stops working at the next security-stamp check, within a minute.
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        await audit.WriteAsync("account.logout", User.Identity?.Name, AuditLog.Success);
        return LocalRedirect("/admin/login");
    }

    [HttpGet("/admin/account/password")]
    [Authorize(Policy = Policies.AnyStaff)]
    public IActionResult ChangePassword() => View(new ChangePasswordInput());

    [HttpPost("/admin/account/password")]
    [Authorize(Policy = Policies.AnyStaff)]
    public async Task<IActionResult> ChangePassword(ChangePasswordInput input)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (ModelState.IsValid)
        {
            var result = await users.ChangePasswordAsync(user, input.CurrentPassword, input.NewPassword);
            await audit.WriteAsync("account.change-password", user.Email, result.Succeeded ? AuditLog.Success : AuditLog.Failure);
            if (result.Succeeded)
            {
                await signIn.RefreshSignInAsync(user);
                Flash("密码已修改。");
                return RedirectToAction("Index", "Dashboard");
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }
        }

        return View(new ChangePasswordInput());
    }

    [HttpGet("/admin/account/two-factor")]
    [Authorize]
    [AllowBeforeTwoFactor]
    public async Task<IActionResult> TwoFactor()
    {
        var user = await users.GetUserAsync(User);
        return user is null ? Challenge() : View(await SetupModelAsync(user, new TwoFactorLoginInput()));
    }

    [HttpPost("/admin/account/two-factor")]
    [Authorize]
    [AllowBeforeTwoFactor]
    public async Task<IActionResult> TwoFactor([Bind(Prefix = "Input")] TwoFactorLoginInput input)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (ModelState.IsValid && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, NormaliseCode(input.Code)))
        {
            await users.SetTwoFactorEnabledAsync(user, true);
            await signIn.SignInWithClaimsAsync(user, isPersistent: false, [new Claim("amr", "mfa")]);
            await audit.WriteAsync("account.enable-2fa", user.Email, AuditLog.Success);
            Flash("两步验证已启用。以后登录时需要输入身份验证器中的验证码。");
            return RedirectToAction("Index", "Dashboard");
        }

        await audit.WriteAsync("account.enable-2fa", user.Email, AuditLog.Failure + "：验证码错误");
        ModelState.AddModelError(string.Empty, "验证码不正确。请确认手机时间准确，并输入当前显示的 6 位数字。");
        return View(await SetupModelAsync(user, input));
    }

    private async Task<TwoFactorSetupModel> SetupModelAsync(PortalUser user, TwoFactorLoginInput input)
    {
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key.");
        }

        var account = Uri.EscapeDataString(user.Email ?? user.UserName ?? user.Id);
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{account}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new TwoFactorSetupModel
        {
            SharedKey = FormatKey(key),
            QrSvg = qr.Render(uri, "身份验证器绑定二维码"),
            IsEnabled = user.TwoFactorEnabled,
            Input = input,
        };
    }

    /// <summary>Only our own admin pages: an attacker's link cannot send a freshly signed-in user elsewhere.</summary>
    private string SafeReturnUrl(string? returnUrl) =>
        returnUrl is not null && Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/admin", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : "/admin";

    private static string NormaliseCode(string code) => code.Replace(" ", string.Empty, StringComparison.Ordinal);

    private static string FormatKey(string key)
    {
        var formatted = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            formatted.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }

        return formatted.ToString().TrimEnd().ToLower(CultureInfo.InvariantCulture);
    }
}
