using System.ComponentModel.DataAnnotations;

namespace LnUnion.Portal.Areas.Admin.Models;

public enum AuditOutcome
{
    Success,
    Failure,
}

public sealed class AuditFilter
{
    [StringLength(256)]
    public string? User { get; set; }

    [StringLength(100)]
    public string? Action { get; set; }

    public AuditOutcome? Result { get; set; }

    /// <summary>A Beijing date, inclusive.</summary>
    public DateOnly? From { get; set; }

    /// <summary>A Beijing date, inclusive.</summary>
    public DateOnly? To { get; set; }

    [Range(1, 1_000_000)]
    public int Page { get; set; } = 1;
}

/// <summary>One entry as the page shows it.</summary>
/// <param name="AtUtc">When.</param>
/// <param name="UserName">The person's name, or the address stored when the account has none (or is gone).</param>
/// <param name="UserEmail">The address, when <paramref name="UserName"/> is a name.</param>
/// <param name="IpAddress">From where.</param>
/// <param name="ActionName">The action's Chinese name.</param>
/// <param name="Target">The target's title.</param>
/// <param name="Result">成功 or 失败, with the reason.</param>
public sealed record AuditRow(DateTime AtUtc, string? UserName, string? UserEmail, string? IpAddress, string ActionName, string? Target, string Result);

public sealed record AuditListModel(AuditFilter Filter, IReadOnlyList<AuditRow> Rows, int PageCount, int Total, IReadOnlyList<string> ActionNames);
