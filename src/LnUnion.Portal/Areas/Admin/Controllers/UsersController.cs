using System.Security.Cryptography;
using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>Staff accounts: create, roles, lock and unlock, password reset and two-factor requirements.</summary>
/// <remarks>
/// Every change that affects what an account may do renews its security stamp, so the account's open sessions
/// are checked again and end within a minute (see the security stamp validation interval).
/// </remarks>
[Authorize(Policy = Policies.Administer)]
[Route("admin/users")]
public sealed class UsersController(
    PortalDbContext db,
    UserManager<PortalUser> users,
    SignInManager<PortalUser> signIn,
    TimeProvider clock) : AdminController
{
    // No 0/O or 1/l/I: the password is read off a screen and typed in by someone else.
    private const string PasswordAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var accounts = await db.Users.AsNoTracking()
            .OrderBy(u => u.Email)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd, u.TwoFactorEnabled, u.RequireTwoFactor })
            .ToListAsync(cancellationToken);
        var roles = await RolesByUserAsync(userId: null, cancellationToken);
        var now = clock.GetUtcNow();
        var rows = accounts
            .Select(u => new UserRow(
                u.Id,
                u.Email,
                u.DisplayName,
                roles.TryGetValue(u.Id, out var own) ? own : [],
                u.LockoutEnd > now,
                u.TwoFactorEnabled,
                u.RequireTwoFactor))
            .ToList();
        return View(rows);
    }

    [HttpGet("new")]
    public IActionResult Create() => View(new UserCreateInput());

    [HttpPost("new")]
    public async Task<IActionResult> Create(UserCreateInput input)
    {
        var roles = ValidRoles(input.Roles);
        if (ModelState.IsValid && await users.FindByEmailAsync(input.Email.Trim()) is not null)
        {
            ModelState.AddModelError(nameof(input.Email), $"邮箱“{input.Email.Trim()}”已有账号。");
        }

        if (!ModelState.IsValid)
        {
            return View(input);
        }

        var email = input.Email.Trim();
        var user = new PortalUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = TextInput.Clean(input.DisplayName),
            RequireTwoFactor = input.RequireTwoFactor,
            PasswordChangeRequired = true,
        };
        var password = await NewPasswordAsync(user);
        var result = await users.CreateAsync(user, password);
        if (result.Succeeded && roles.Count > 0)
        {
            result = await users.AddToRolesAsync(user, roles);
        }

        if (!result.Succeeded)
        {
            AddErrors(result);
            return View(input);
        }

        // Names the new account as the target of the audit entry the filter writes for this request.
        RouteData.Values["id"] = user.Id;
        return View("Password", new TemporaryPasswordModel(user.Id, user.Email, password, IsNewAccount: true));
    }

    [HttpGet("{id:guid}")]
    public async Task<IActionResult> Edit(string id, CancellationToken cancellationToken) =>
        await DetailAsync(id, cancellationToken) is { } model ? View(model) : NotFound();

    [HttpPost("{id:guid}/roles")]
    public async Task<IActionResult> UpdateRoles(string id, [FromForm] string? version, [Bind(Prefix = "Input")] UserRolesInput input, CancellationToken cancellationToken)
    {
        var (user, refusal) = await FindCurrentAsync(id, version, cancellationToken, input);
        if (user is null)
        {
            return refusal!;
        }

        var wanted = ValidRoles(input.Roles);
        if (!ModelState.IsValid)
        {
            return await ShowAsync(id, StatusCodes.Status400BadRequest, cancellationToken);
        }

        var current = await users.GetRolesAsync(user);
        var added = wanted.Except(current, StringComparer.Ordinal).ToList();
        var removed = current.Except(wanted, StringComparer.Ordinal).ToList();
        if (removed.Contains(Roles.Administrator))
        {
            if (IsSelf(user))
            {
                return await RefuseAsync(id, "不能取消自己的管理员角色。如需交接，请由另一位管理员操作。", cancellationToken);
            }

            if (!await OtherUnlockedAdministratorExistsAsync(user.Id))
            {
                return await RefuseAsync(id, "这是网站唯一可用的管理员，不能取消其管理员角色。", cancellationToken);
            }
        }

        user.DisplayName = TextInput.Clean(input.DisplayName);
        var result = await users.UpdateAsync(user);
        if (result.Succeeded && added.Count > 0)
        {
            result = await users.AddToRolesAsync(user, added);
        }

        if (result.Succeeded && removed.Count > 0)
        {
            result = await users.RemoveFromRolesAsync(user, removed);
        }

        if (result.Succeeded && (added.Count > 0 || removed.Count > 0))
        {
            result = await EndSessionsAsync(user);
        }

        if (!result.Succeeded)
        {
            return await FailedAsync(id, result, cancellationToken, input);
        }

        Flash(added.Count > 0 || removed.Count > 0 ? "角色已保存。该用户已登录的会话将在 1 分钟内失效，需要重新登录。" : "已保存。");
        return RedirectToAction(nameof(Edit), new { id });
    }

    [HttpPost("{id:guid}/lock")]
    public async Task<IActionResult> Lock(string id, [FromForm] string? version, CancellationToken cancellationToken)
    {
        var (user, refusal) = await FindCurrentAsync(id, version, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        if (IsSelf(user))
        {
            return await RefuseAsync(id, "不能锁定自己的账号。", cancellationToken);
        }

        if (await users.IsInRoleAsync(user, Roles.Administrator) && !await OtherUnlockedAdministratorExistsAsync(user.Id))
        {
            return await RefuseAsync(id, "锁定后网站将没有可用的管理员，不能锁定这个账号。", cancellationToken);
        }

        var result = await users.SetLockoutEnabledAsync(user, true);
        if (result.Succeeded)
        {
            result = await users.SetLockoutEndDateAsync(user, PortalUser.AdministratorLockEnd);
        }

        return await FinishAsync(user, result, "账号已锁定，不能再登录；已登录的会话将在 1 分钟内失效。", cancellationToken);
    }

    [HttpPost("{id:guid}/unlock")]
    public async Task<IActionResult> Unlock(string id, [FromForm] string? version, CancellationToken cancellationToken)
    {
        var (user, refusal) = await FindCurrentAsync(id, version, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        var result = await users.SetLockoutEndDateAsync(user, null);
        if (result.Succeeded)
        {
            result = await users.ResetAccessFailedCountAsync(user);
        }

        return await FinishAsync(user, result, "账号已解锁，可以重新登录。", cancellationToken);
    }

    [HttpPost("{id:guid}/password")]
    public async Task<IActionResult> ResetPassword(string id, [FromForm] string? version, CancellationToken cancellationToken)
    {
        var (user, refusal) = await FindCurrentAsync(id, version, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        if (IsSelf(user))
        {
            return await RefuseAsync(id, "不能在这里重置自己的密码，请使用页面顶部的“修改密码”。", cancellationToken);
        }

        var password = await NewPasswordAsync(user);
        user.PasswordChangeRequired = true;
        var result = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        if (result.Succeeded)
        {
            result = await EndSessionsAsync(user);
        }

        if (!result.Succeeded)
        {
            return await FailedAsync(id, result, cancellationToken);
        }

        return View("Password", new TemporaryPasswordModel(user.Id, user.Email, password, IsNewAccount: false));
    }

    [HttpPost("{id:guid}/require-two-factor")]
    public async Task<IActionResult> RequireTwoFactor(string id, [FromForm] string? version, CancellationToken cancellationToken)
    {
        var (user, refusal) = await FindCurrentAsync(id, version, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        user.RequireTwoFactor = true;
        var result = await users.UpdateAsync(user);
        return await FinishAsync(
            user,
            result,
            user.TwoFactorEnabled ? "已要求该用户使用两步验证（该用户已经启用）。" : "已要求该用户使用两步验证：下次登录时必须先绑定身份验证器。",
            cancellationToken);
    }

    [HttpPost("{id:guid}/reset-two-factor")]
    public async Task<IActionResult> ResetTwoFactor(string id, [FromForm] string? version, CancellationToken cancellationToken)
    {
        var (user, refusal) = await FindCurrentAsync(id, version, cancellationToken);
        if (user is null)
        {
            return refusal!;
        }

        if (IsSelf(user))
        {
            return await RefuseAsync(id, "不能重置自己的两步验证，请另一位管理员为您重置。", cancellationToken);
        }

        var result = await users.SetTwoFactorEnabledAsync(user, false);
        if (result.Succeeded)
        {
            result = await users.ResetAuthenticatorKeyAsync(user);
        }

        return await FinishAsync(user, result, "两步验证已重置：原来绑定的身份验证器失效，该用户下次登录后需要重新绑定。", cancellationToken);
    }

    /// <summary>Renews the stamp after a security change, and flashes the outcome or shows the errors.</summary>
    private async Task<IActionResult> FinishAsync(PortalUser user, IdentityResult result, string message, CancellationToken cancellationToken)
    {
        if (result.Succeeded)
        {
            result = await EndSessionsAsync(user);
        }

        if (!result.Succeeded)
        {
            return await FailedAsync(user.Id, result, cancellationToken);
        }

        Flash(message);
        return RedirectToAction(nameof(Edit), new { id = user.Id });
    }

    /// <summary>
    /// The account if it still has the version (Identity's concurrency stamp) the page was loaded with; otherwise the
    /// answer to give. A change by someone else after this check makes Identity's own update fail with
    /// <see cref="IdentityErrorDescriber.ConcurrencyFailure"/>, which <see cref="FailedAsync"/> answers the same way.
    /// </summary>
    private async Task<(PortalUser? User, IActionResult? Refusal)> FindCurrentAsync(string id, string? version, CancellationToken cancellationToken, UserRolesInput? typed = null)
    {
        var user = await users.FindByIdAsync(id);
        if (user is null)
        {
            return (null, NotFound());
        }

        return user.ConcurrencyStamp == version ? (user, null) : (null, await ConflictAsync(id, typed, cancellationToken));
    }

    private async Task<IActionResult> ConflictAsync(string id, UserRolesInput? typed, CancellationToken cancellationToken)
    {
        ShowConflict();
        return await ShowAsync(id, StatusCodes.Status409Conflict, cancellationToken, typed);
    }

    /// <summary>
    /// The account page again: a change lost to someone else's answers 409 with the conflict message (and the roles
    /// form as the administrator filled it in); any other refusal 400 with Identity's reasons.
    /// </summary>
    private async Task<IActionResult> FailedAsync(string id, IdentityResult result, CancellationToken cancellationToken, UserRolesInput? typed = null)
    {
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            return await ConflictAsync(id, typed, cancellationToken);
        }

        AddErrors(result);
        return await ShowAsync(id, StatusCodes.Status400BadRequest, cancellationToken);
    }

    /// <summary>A new stamp makes the stamp validator reject the account's existing cookies at their next check.</summary>
    private async Task<IdentityResult> EndSessionsAsync(PortalUser user)
    {
        var result = await users.UpdateSecurityStampAsync(user);
        if (result.Succeeded && IsSelf(user))
        {
            // An administrator changing their own roles keeps working, with a cookie that carries the new ones.
            await signIn.RefreshSignInAsync(user);
        }

        return result;
    }

    private async Task<bool> OtherUnlockedAdministratorExistsAsync(string userId)
    {
        var now = clock.GetUtcNow();
        var administrators = await users.GetUsersInRoleAsync(Roles.Administrator);
        return administrators.Any(a => a.Id != userId && (a.LockoutEnd is null || a.LockoutEnd <= now));
    }

    private bool IsSelf(PortalUser user) => user.Id == UserId;

    /// <summary>Only the portal's own roles; anything else in the form is an error rather than silently dropped.</summary>
    private List<string> ValidRoles(IEnumerable<string?> posted)
    {
        var roles = new List<string>();
        foreach (var role in posted.Where(r => !string.IsNullOrEmpty(r)).Distinct(StringComparer.Ordinal))
        {
            if (Roles.All.Contains(role))
            {
                roles.Add(role!);
            }
            else
            {
                ModelState.AddModelError("Roles", "所选角色无效。");
            }
        }

        return roles;
    }

    private async Task<string> NewPasswordAsync(PortalUser user)
    {
        // Five groups of four, joined by hyphens: about 115 bits, easy to read aloud and to type.
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var password = string.Join('-', Enumerable.Range(0, 5).Select(_ => RandomNumberGenerator.GetString(PasswordAlphabet, 4)));
            var valid = true;
            foreach (var validator in users.PasswordValidators)
            {
                valid &= (await validator.ValidateAsync(users, user, password)).Succeeded;
            }

            if (valid)
            {
                return password;
            }
        }

        throw new InvalidOperationException("The password rules refuse every generated password.");
    }

    private async Task<IActionResult> RefuseAsync(string id, string message, CancellationToken cancellationToken)
    {
        ModelState.AddModelError(string.Empty, message);
        return await ShowAsync(id, StatusCodes.Status409Conflict, cancellationToken);
    }

    private async Task<IActionResult> ShowAsync(string id, int statusCode, CancellationToken cancellationToken, UserRolesInput? typed = null)
    {
        var model = await DetailAsync(id, cancellationToken);
        if (model is null)
        {
            return NotFound();
        }

        Response.StatusCode = statusCode;
        return View(nameof(Edit), typed is null ? model : model.With(typed));
    }

    private async Task<UserDetailModel?> DetailAsync(string id, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == id)
            .Select(u => new { u.Id, u.Email, u.DisplayName, u.LockoutEnd, u.TwoFactorEnabled, u.RequireTwoFactor, u.ConcurrencyStamp })
            .SingleOrDefaultAsync(cancellationToken);
        if (user is null)
        {
            return null;
        }

        var roles = await RolesByUserAsync(id, cancellationToken);
        return new UserDetailModel
        {
            Id = user.Id,
            Email = user.Email,
            IsSelf = user.Id == UserId,
            IsLocked = user.LockoutEnd > clock.GetUtcNow(),
            TwoFactorEnabled = user.TwoFactorEnabled,
            RequireTwoFactor = user.RequireTwoFactor,
            Version = user.ConcurrencyStamp,
            Input = new UserRolesInput
            {
                DisplayName = user.DisplayName,
                Roles = roles.TryGetValue(id, out var own) ? [.. own] : [],
            },
        };
    }

    private async Task<Dictionary<string, IReadOnlyList<string>>> RolesByUserAsync(string? userId, CancellationToken cancellationToken)
    {
        var links = db.UserRoles.AsNoTracking();
        if (userId is not null)
        {
            links = links.Where(l => l.UserId == userId);
        }

        var pairs = await links
            .Join(db.Roles.AsNoTracking(), l => l.RoleId, r => r.Id, (l, r) => new { l.UserId, r.Name })
            .ToListAsync(cancellationToken);
        return pairs
            .GroupBy(p => p.UserId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<string>)[.. Roles.All.Where(role => g.Any(p => p.Name == role))]);
    }

    private void AddErrors(IdentityResult result)
    {
        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(string.Empty, error.Description);
        }
    }
}
