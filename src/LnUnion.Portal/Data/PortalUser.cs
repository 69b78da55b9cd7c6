using Microsoft.AspNetCore.Identity;

namespace LnUnion.Portal.Data;

/// <summary>A staff account.</summary>
public class PortalUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>An administrator requires this user to enrol an authenticator app. Administrators always must.</summary>
    public bool RequireTwoFactor { get; set; }

    /// <summary>
    /// The password was chosen by an administrator (a new account or a reset), who has seen it: the user must replace
    /// it before using the admin area.
    /// </summary>
    public bool PasswordChangeRequired { get; set; }

    /// <summary>
    /// The end of a lockout an administrator set: it never ends by itself. Lockouts after wrong passwords end after
    /// minutes, so the date alone says who locked the account.
    /// </summary>
    public static DateTimeOffset AdministratorLockEnd => DateTimeOffset.MaxValue;

    public bool IsLockedByAdministrator => LockoutEnd == AdministratorLockEnd;
}

public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Reviewer = "Reviewer";
    public const string Editor = "Editor";
    public const string Staff = "Staff";

    /// <summary>信件办理员: handles letters to the 职工信箱 and alone (with administrators) sees the writers' personal data.</summary>
    public const string LetterHandler = "LetterHandler";

    public static readonly IReadOnlyList<string> All = [Administrator, Reviewer, Editor, Staff, LetterHandler];
}
