using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LnUnion.Portal.Publishing;

/// <summary>
/// A reviewer's word on one serious finding of the text they approved: that they saw it and why it may stand (a
/// public hotline that looks like a mobile number, a quoted word in a notice that condemns it).
/// </summary>
public class FindingConfirmation
{
    public const int MaxReasonLength = 500;

    public int Id { get; set; }

    public int ReviewRecordId { get; set; }
    public ReviewRecord ReviewRecord { get; set; } = null!;

    public required string Kind { get; set; }
    public required string Place { get; set; }
    public required string Found { get; set; }
    public required string Reason { get; set; }
}

internal sealed class FindingConfirmationConfiguration : IEntityTypeConfiguration<FindingConfirmation>
{
    public void Configure(EntityTypeBuilder<FindingConfirmation> builder)
    {
        builder.ToTable("FindingConfirmations");
        builder.Property(c => c.Kind).HasMaxLength(50);
        builder.Property(c => c.Place).HasMaxLength(300);
        builder.Property(c => c.Found).HasMaxLength(300);
        builder.Property(c => c.Reason).HasMaxLength(FindingConfirmation.MaxReasonLength);
        builder.HasOne(c => c.ReviewRecord).WithMany(r => r.Confirmations).HasForeignKey(c => c.ReviewRecordId).OnDelete(DeleteBehavior.Cascade);
    }
}
