namespace LnUnion.Portal.Data;

/// <summary>A record of who did what. Rows are only ever added: <see cref="PortalDbContext"/> refuses to change or delete them.</summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }

    public string? UserId { get; set; }

    /// <summary>Kept as text so the record still says who it was after the account is gone.</summary>
    public string? UserName { get; set; }

    public string? IpAddress { get; set; }
    public required string Action { get; set; }
    public string? Target { get; set; }
    public required string Result { get; set; }
}

/// <summary>How many times public article pages were read on one day (Beijing time), for the dashboard chart.</summary>
public class DailyViewCount
{
    public DateOnly Day { get; set; }
    public long Views { get; set; }
}
