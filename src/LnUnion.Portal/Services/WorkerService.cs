using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LnUnion.Portal.Services;

/// <summary>Where a 职工服务 entry leads.</summary>
public enum ServiceLinkKind
{
    /// <summary>No link: the entry says how to reach the service, such as a WeChat account to search for.</summary>
    None = 0,

    /// <summary>A page of this site, by its path.</summary>
    Internal = 1,

    /// <summary>The 职工信箱 form with one letter type chosen.</summary>
    Mailbox = 2,

    /// <summary>An outside service, by its https address.</summary>
    External = 3,

    /// <summary>A hotline, dialled from a phone.</summary>
    Phone = 4,
}

/// <summary>
/// One entry of 职工服务 (workers' services): shown on its page and in the home page's block while
/// <see cref="IsShown"/>. Staff hide an entry rather than delete it, so the seeded ones never come back by themselves.
/// </summary>
public class WorkerService : IStaffOrdered
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    public ServiceLinkKind LinkKind { get; set; }

    /// <summary>The path, https address or phone number; none for <see cref="ServiceLinkKind.None"/> and the mailbox.</summary>
    public string? LinkTarget { get; set; }

    /// <summary>The letter type the 职工信箱 form opens with.</summary>
    public int? LetterTypeId { get; set; }
    public LetterType? LetterType { get; set; }

    /// <summary>One of <see cref="ServiceIcons.Names"/>.</summary>
    public required string Icon { get; set; }

    public int SortOrder { get; set; }
    public bool IsShown { get; set; } = true;

    public DateTime UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();
}

internal static class WorkerServiceLengths
{
    public const int Name = 50;
    public const int Description = 200;
    public const int Target = 500;
    public const int Icon = 40;
}

internal sealed class WorkerServiceConfiguration : IEntityTypeConfiguration<WorkerService>
{
    public void Configure(EntityTypeBuilder<WorkerService> service)
    {
        service.Property(s => s.Name).HasMaxLength(WorkerServiceLengths.Name);
        service.Property(s => s.Description).HasMaxLength(WorkerServiceLengths.Description);
        service.Property(s => s.LinkTarget).HasMaxLength(WorkerServiceLengths.Target);
        service.Property(s => s.Icon).HasMaxLength(WorkerServiceLengths.Icon);
        service.Property(s => s.UpdatedById).HasMaxLength(450);
        service.HasOne(s => s.LetterType).WithMany().OnDelete(DeleteBehavior.SetNull);
        service.HasIndex(s => new { s.IsShown, s.SortOrder });
    }
}
