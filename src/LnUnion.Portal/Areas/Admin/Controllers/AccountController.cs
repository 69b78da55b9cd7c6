using System.Globalization;
using System.Security.Claims;
using System.Text;
using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Security;
using LnUnion.Portal.Site;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>Sign-in, two-factor sign-in and enrolment, sign-out and password change.</summary>
[SkipAudit]
public sealed class AccountController(
    SignInManager<PortalUser> signIn,
    UserManager<PortalUser> users,
    PasswordSignIn passwordSignIn,
    AuditLog audit,
    QrCodeSvg qr) : AdminController
{
    private const string Issuer = "辽宁省总工会网站";

    /// <summary>
    /// The one answer to every failed password step — wrong password, unknown address, locked account — so that the
    /// page never tells a stranger which addresses belong to staff. It is true in each case.
    /// </summary>
    public const string SignInRefused = "邮箱或密码不正确，或账号已被锁定。连续输错 5 次后账号将锁定 15 分钟；如仍无法登录，请联系管理员。";

    /// <summary>Shown only to someone who gave the account's right password (see <see cref="PasswordSignIn"/>).</summary>
    public const string LockedByAdministrator = "您的账号已被管理员锁定，不能登录。如有疑问，请联系网站管理员。";

    [HttpGet("/admin/login")]
    [AllowAnonymous]
    public IActionResult Login(string? returnUrl) => View(new LoginInput { ReturnUrl = returnUrl });

    [HttpPost("/admin/login")]
    [AllowAnonymous]
    [EnableRateLimiting(SignInThrottle.Policy)]
    public async Task<IActionResult> Login(LoginInput input)
    {
        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var result = await passwordSignIn.SignInAsync(input.Email, input.Password);
        if (result.Succeeded)
        {
            await audit.WriteAsync("account.login", input.Email, AuditLog.Success, input.Email);
            return LocalRedirect(SafeReturnUrl(input.ReturnUrl));
        }

        if (result.RequiresTwoFactor)
        {
            return RedirectToAction(nameof(LoginWithTwoFactor), new { returnUrl = SafeReturnUrl(input.ReturnUrl) });
        }

        var lockedByAdministrator = result == PasswordSignIn.LockedByAdministrator;
        await audit.WriteAsync("account.login", input.Email, AuditLog.Failure + (lockedByAdministrator ? "：账号已被管理员锁定" : result.IsLockedOut ? "：账号已锁定" : "：邮箱或密码错误"), input.Email);
        ModelState.AddModelError(string.Empty, lockedByAdministrator ? LockedByAdministrator : SignInRefused);
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
    [EnableRateLimiting(SignInThrottle.Policy)]
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
    [AllowBeforePasswordChange]
    [AllowBeforeTwoFactor]
    public async Task<IActionResult> Logout()
    {
        // A new stamp makes every copy of the cookie fail at its next request, on any node (the stamp is checked on
        // each request); it ends this account's other sessions too.
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
    [AllowBeforePasswordChange]
    [AllowBeforeTwoFactor]
    public IActionResult ChangePassword() => View(new ChangePasswordInput());

    [HttpPost("/admin/account/password")]
    [Authorize(Policy = Policies.AnyStaff)]
    [AllowBeforePasswordChange]
    [AllowBeforeTwoFactor]
    public async Task<IActionResult> ChangePassword(ChangePasswordInput input)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (ModelState.IsValid && input.NewPassword == input.CurrentPassword)
        {
            ModelState.AddModelError(nameof(input.NewPassword), "新密码不能与当前密码相同。");
        }

        if (ModelState.IsValid)
        {
            var check = await CheckOwnPasswordAsync(user, input.CurrentPassword, "account.change-password");
            if (check.IsLockedOut)
            {
                return LocalRedirect("/admin/login");
            }

            var result = check.Succeeded
                ? await users.ChangePasswordAsync(user, input.CurrentPassword, input.NewPassword)
                : IdentityResult.Failed(users.ErrorDescriber.PasswordMismatch());
            if (result.Succeeded && user.PasswordChangeRequired)
            {
                user.PasswordChangeRequired = false;
                result = await users.UpdateAsync(user);
            }

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

        if (user.TwoFactorEnabled)
        {
            return RedirectToAction(nameof(TwoFactor));
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

    /// <summary>
    /// A new phone: the enrolled key is never shown again, so the old authenticator is switched off and a new key
    /// enrolled, once the user has proved both factors. A session alone (perhaps a stolen one) cannot do it.
    /// </summary>
    [HttpPost("/admin/account/two-factor/replace")]
    [Authorize(Policy = Policies.AnyStaff)]
    public async Task<IActionResult> ReplaceAuthenticator([Bind(Prefix = "Replace")] ReplaceAuthenticatorInput input)
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        if (!user.TwoFactorEnabled)
        {
            return RedirectToAction(nameof(TwoFactor));
        }

        if (ModelState.IsValid)
        {
            var check = await CheckOwnPasswordAsync(user, input.CurrentPassword, "account.replace-2fa");
            if (check.IsLockedOut)
            {
                return LocalRedirect("/admin/login");
            }

            if (check.Succeeded && await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, NormaliseCode(input.Code)))
            {
                await users.SetTwoFactorEnabledAsync(user, false);
                await users.ResetAuthenticatorKeyAsync(user);
                await signIn.RefreshSignInAsync(user);
                await audit.WriteAsync("account.replace-2fa", user.Email, AuditLog.Success);
                Flash("原来的身份验证器已失效。请用新手机扫描下面的二维码，并输入验证码完成绑定。");
                return RedirectToAction(nameof(TwoFactor));
            }

            // A wrong code counts towards the lockout as it does at sign-in.
            if (check.Succeeded && (await users.AccessFailedAsync(user)).Succeeded && await users.IsLockedOutAsync(user))
            {
                await EndLockedSessionAsync(user, "account.replace-2fa");
                return LocalRedirect("/admin/login");
            }

            await audit.WriteAsync("account.replace-2fa", user.Email, AuditLog.Failure + "：密码或验证码错误");
            ModelState.AddModelError(string.Empty, "当前密码或验证码不正确。");
        }

        return View(nameof(TwoFactor), new TwoFactorSetupModel { IsEnabled = true });
    }

    /// <summary>
    /// Checks the signed-in user's own password before a change to their account. Guesses count towards the same
    /// lockout as on the sign-in page; locking the account ends this session, which may be a stolen one.
    /// </summary>
    private async Task<Microsoft.AspNetCore.Identity.SignInResult> CheckOwnPasswordAsync(PortalUser user, string password, string auditAction)
    {
        var check = await signIn.CheckPasswordSignInAsync(user, password, lockoutOnFailure: true);
        if (check.IsLockedOut)
        {
            await EndLockedSessionAsync(user, auditAction);
        }

        return check;
    }

    private async Task EndLockedSessionAsync(PortalUser user, string auditAction)
    {
        await audit.WriteAsync(auditAction, user.Email, AuditLog.Failure + "：账号已锁定");
        await users.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
    }

    /// <summary>
    /// The key is shown only until it is enrolled: after that, whoever holds a session (perhaps a stolen one) must not
    /// be able to copy the authenticator.
    /// </summary>
    private async Task<TwoFactorSetupModel> SetupModelAsync(PortalUser user, TwoFactorLoginInput input)
    {
        if (user.TwoFactorEnabled)
        {
            return new TwoFactorSetupModel { IsEnabled = true };
        }

        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            // A new key renews the security stamp, which ends every session at its next request: keep this one.
            await signIn.RefreshSignInAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user) ?? throw new InvalidOperationException("No authenticator key.");
        }

        var account = Uri.EscapeDataString(user.Email ?? user.UserName ?? user.Id);
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer)}:{account}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6";
        return new TwoFactorSetupModel
        {
            SharedKey = FormatKey(key),
            QrSvg = qr.Render(uri, "身份验证器绑定二维码"),
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
