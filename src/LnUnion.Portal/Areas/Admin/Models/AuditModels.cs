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

public sealed record AuditRow(DateTime AtUtc, string? UserName, string? IpAddress, string Action, string? Target, string Result);

public sealed record AuditListModel(AuditFilter Filter, IReadOnlyList<AuditRow> Rows, int PageCount, int Total);
