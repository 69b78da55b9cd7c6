using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LnUnion.Portal.Organisation;

/// <summary>Where a unit stands in the federation, which is how 机构设置 groups them.</summary>
public enum UnitKind
{
    /// <summary>内设机构: the federation's own departments.</summary>
    Department = 0,

    /// <summary>产业工会: the industry unions.</summary>
    IndustryUnion = 1,

    /// <summary>直属单位: institutions that report to the federation.</summary>
    DirectUnit = 2,
}

/// <summary>One department, industry union or direct unit on the 机构设置 page.</summary>
public class OrganisationUnit : IVersioned
{
    public int Id { get; set; }
    public UnitKind Kind { get; set; }
    public required string Name { get; set; }

    /// <summary>主要职责, as plain paragraphs.</summary>
    public string? Duties { get; set; }

    public string? Phone { get; set; }
    public int SortOrder { get; set; }

    /// <summary>Off while staff prepare an entry, or after a unit is dissolved: its history stays.</summary>
    public bool IsShown { get; set; } = true;

    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>One member of the leadership on the 领导之窗 page.</summary>
public class Leader : IVersioned
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>职务, e.g. 主席 or 副主席, written as the federation publishes it.</summary>
    public required string Title { get; set; }

    /// <summary>工作分工, as plain paragraphs.</summary>
    public string? Responsibilities { get; set; }

    public int? PhotoId { get; set; }
    public MediaFile? Photo { get; set; }

    public int SortOrder { get; set; }
    public bool IsShown { get; set; } = true;

    public DateTime UpdatedAt { get; set; }
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>Which kind of entry an <see cref="OrganisationRevision"/> belongs to.</summary>
public enum OrganisationSubject
{
    Unit = 0,
    Leader = 1,
}

/// <summary>
/// One saved state of a unit or leader, as JSON: every save adds one and none is changed, so staff can see who
/// changed a leader's title when, and go back to an earlier text. A deleted entry keeps its revisions.
/// </summary>
public class OrganisationRevision
{
    public int Id { get; set; }
    public OrganisationSubject Subject { get; set; }
    public int SubjectId { get; set; }
    public required string Snapshot { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? CreatedById { get; set; }
    public PortalUser? CreatedBy { get; set; }

    /// <summary>Why this version was made when it was not an ordinary save, such as "恢复自修订 12" or "删除".</summary>
    public string? Note { get; set; }
}

internal static class OrganisationLengths
{
    public const int Name = 100;
    public const int Title = 100;
    public const int Text = 4000;
    public const int Phone = 100;
}

internal sealed class OrganisationUnitConfiguration : IEntityTypeConfiguration<OrganisationUnit>
{
    public void Configure(EntityTypeBuilder<OrganisationUnit> builder)
    {
        builder.ToTable("OrganisationUnits");
        builder.Property(u => u.Name).HasMaxLength(OrganisationLengths.Name);
        builder.Property(u => u.Duties).HasMaxLength(OrganisationLengths.Text);
        builder.Property(u => u.Phone).HasMaxLength(OrganisationLengths.Phone);
    }
}

internal sealed class LeaderConfiguration : IEntityTypeConfiguration<Leader>
{
    public void Configure(EntityTypeBuilder<Leader> builder)
    {
        builder.ToTable("Leaders");
        builder.Property(l => l.Name).HasMaxLength(OrganisationLengths.Name);
        builder.Property(l => l.Title).HasMaxLength(OrganisationLengths.Title);
        builder.Property(l => l.Responsibilities).HasMaxLength(OrganisationLengths.Text);
        builder.HasOne(l => l.Photo).WithMany().HasForeignKey(l => l.PhotoId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class OrganisationRevisionConfiguration : IEntityTypeConfiguration<OrganisationRevision>
{
    public void Configure(EntityTypeBuilder<OrganisationRevision> builder)
    {
        builder.ToTable("OrganisationRevisions");
        builder.HasIndex(r => new { r.Subject, r.SubjectId, r.Id });
        builder.Property(r => r.CreatedById).HasMaxLength(450);
        builder.HasOne(r => r.CreatedBy).WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.SetNull);
        builder.Property(r => r.Note).HasMaxLength(200);
    }
}
