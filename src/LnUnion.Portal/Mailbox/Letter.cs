using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// Where a letter stands. 退回重办 is not a state of its own: it sends a letter back to <see cref="Assigned"/> with a
/// note. Nothing the workflow does ever deletes a letter; retention only erases its personal fields.
/// </summary>
public enum LetterStatus
{
    /// <summary>待受理: written by the public, nobody has looked at it yet.</summary>
    Received = 0,

    /// <summary>已受理.</summary>
    Accepted = 1,

    /// <summary>转办: handed to a department, with a note.</summary>
    Assigned = 2,

    /// <summary>已答复: an answer is drafted and waits for review by someone other than its author.</summary>
    Answered = 3,

    /// <summary>审核通过: the answer is approved; the letter waits for the decision to publish it or not.</summary>
    AnswerApproved = 4,

    /// <summary>已公开: the exchange is on /mailbox/replies (only when the writer agreed).</summary>
    Published = 5,

    /// <summary>不公开: answered, approved and closed without publication.</summary>
    NotPublished = 6,

    /// <summary>不予受理, with a reason the writer sees through the query code.</summary>
    Declined = 7,
}

/// <summary>What the letter types and the departments share: staff name, order and retire them the same way.</summary>
public interface ILetterListItem : IStaffOrdered
{
    string Name { get; set; }
    bool IsActive { get; set; }
}

/// <summary>
/// A kind of letter the public chooses from (咨询, 投诉/维权, 建议, 主席信箱 …), with its answer deadline in working
/// days. Staff keep the list; a type in use is retired (<see cref="IsActive"/> false), never deleted.
/// </summary>
public class LetterType : ILetterListItem
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public int DeadlineWorkingDays { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>A department letters are handed to (转办) and that answers them (答复部门).</summary>
public class LetterDepartment : ILetterListItem
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public Guid Version { get; set; } = Guid.NewGuid();
}

/// <summary>One letter from the public and everything staff did with it.</summary>
public class Letter : IVersioned
{
    public int Id { get; set; }

    public int TypeId { get; set; }
    public LetterType Type { get; set; } = null!;

    public required string Subject { get; set; }
    public required string Body { get; set; }

    // The writer's personal data: shown only to letter handlers, set to null when the retention period ends.
    public string? WriterName { get; set; }
    public string? WriterPhone { get; set; }
    public string? WriterEmail { get; set; }
    public string? WriterIp { get; set; }

    /// <summary>UTC. When retention erased the personal fields above; null while they are kept.</summary>
    public DateTime? PersonalDataErasedAt { get; set; }

    /// <summary>The writer agreed that the exchange may be published, without their name.</summary>
    public bool MayPublish { get; set; }

    /// <summary>
    /// A hash of the query code (查询码) shown once to the writer; the code itself is never stored. Looked up
    /// together with the writer's phone.
    /// </summary>
    public required string QueryCodeHash { get; set; }

    /// <summary>The key the form was opened with, so that a second post of the same form finds this letter.</summary>
    public Guid SubmissionKey { get; set; }

    public LetterStatus Status { get; set; }

    /// <summary>UTC. When the letter was written.</summary>
    public DateTime ReceivedAt { get; set; }

    /// <summary>The Beijing date by which the answer is due: the type's working days after <see cref="ReceivedAt"/>.</summary>
    public DateOnly DueOn { get; set; }

    public DateTime? AcceptedAt { get; set; }

    public int? DepartmentId { get; set; }
    public LetterDepartment? Department { get; set; }

    /// <summary>The handler the letter is with now.</summary>
    public string? HandlerId { get; set; }
    public PortalUser? Handler { get; set; }

    public string? AssignmentNote { get; set; }

    public string? Answer { get; set; }
    public string? AnsweredById { get; set; }
    public DateTime? AnsweredAt { get; set; }
    public string? AnswerReviewedById { get; set; }
    public DateTime? AnswerReviewedAt { get; set; }

    /// <summary>UTC. When the exchange went public on /mailbox/replies.</summary>
    public DateTime? PublishedAt { get; set; }

    /// <summary>UTC. When the letter was closed: published, not published or declined.</summary>
    public DateTime? ClosedAt { get; set; }

    /// <summary>不予受理's reason, shown to the writer.</summary>
    public string? DeclineReason { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<LetterAttachment> Attachments { get; } = [];
    public List<LetterEvent> Events { get; } = [];
}

/// <summary>A file the writer sent with the letter. Never public: served only to letter handlers.</summary>
public class LetterAttachment
{
    public int LetterId { get; set; }
    public Letter Letter { get; set; } = null!;

    public int MediaFileId { get; set; }
    public MediaFile MediaFile { get; set; } = null!;

    public int SortOrder { get; set; }
}

/// <summary>One step in a letter's handling: who did what, when, from which state to which, and their note.</summary>
public class LetterEvent
{
    public int Id { get; set; }

    public int LetterId { get; set; }
    public Letter Letter { get; set; } = null!;

    public DateTime At { get; set; }

    /// <summary>Null for the writer's own steps (writing the letter).</summary>
    public string? ActorId { get; set; }

    public required string Action { get; set; }
    public LetterStatus? FromStatus { get; set; }
    public LetterStatus ToStatus { get; set; }
    public string? Note { get; set; }

    /// <summary>
    /// What the step put on the letter that a later step may replace: the answer written (答复), or the department and
    /// handler it was handed to (转办). So an answer sent back and rewritten, or a letter handed on again, loses nothing.
    /// </summary>
    public string? Detail { get; set; }
}

internal static class LetterLengths
{
    public const int Subject = 100;
    public const int Body = 5000;
    public const int Answer = 10000;
    public const int Note = 1000;
    public const int Phone = 30;
    public const int Email = 254;
    public const int Ip = 45;
    public const int Hash = 100;
}

internal sealed class LetterConfiguration : IEntityTypeConfiguration<Letter>
{
    public void Configure(EntityTypeBuilder<Letter> letter)
    {
        letter.Property(l => l.Subject).HasMaxLength(LetterLengths.Subject);
        letter.Property(l => l.Body).HasMaxLength(LetterLengths.Body);
        letter.Property(l => l.WriterName).HasMaxLength(Lengths.Short);
        letter.Property(l => l.WriterPhone).HasMaxLength(LetterLengths.Phone);
        letter.Property(l => l.WriterEmail).HasMaxLength(LetterLengths.Email);
        letter.Property(l => l.WriterIp).HasMaxLength(LetterLengths.Ip);
        letter.Property(l => l.QueryCodeHash).HasMaxLength(LetterLengths.Hash);
        letter.Property(l => l.AssignmentNote).HasMaxLength(LetterLengths.Note);
        letter.Property(l => l.Answer).HasMaxLength(LetterLengths.Answer);
        letter.Property(l => l.DeclineReason).HasMaxLength(LetterLengths.Note);

        letter.HasOne(l => l.Type).WithMany().OnDelete(DeleteBehavior.Restrict);
        letter.HasOne(l => l.Department).WithMany().OnDelete(DeleteBehavior.Restrict);
        letter.HasOne(l => l.Handler).WithMany().HasForeignKey(l => l.HandlerId).OnDelete(DeleteBehavior.ClientSetNull);
        letter.HasOne<PortalUser>().WithMany().HasForeignKey(l => l.AnsweredById).OnDelete(DeleteBehavior.ClientSetNull);
        letter.HasOne<PortalUser>().WithMany().HasForeignKey(l => l.AnswerReviewedById).OnDelete(DeleteBehavior.ClientSetNull);
        letter.HasMany(l => l.Attachments).WithOne(a => a.Letter).OnDelete(DeleteBehavior.Restrict);
        letter.HasMany(l => l.Events).WithOne(e => e.Letter).OnDelete(DeleteBehavior.Restrict);

        letter.HasIndex(l => l.QueryCodeHash).IsUnique();
        letter.HasIndex(l => l.SubmissionKey).IsUnique();
        // The handlers' queue and the deadline warnings: open letters by due date.
        letter.HasIndex(l => new { l.Status, l.DueOn });
        // The public list of published exchanges, newest first.
        letter.HasIndex(l => new { l.Status, l.PublishedAt });
        // The monthly statistics and the retention sweep read letters by when they were written.
        letter.HasIndex(l => l.ReceivedAt);
    }
}

internal sealed class LetterTypeConfiguration : IEntityTypeConfiguration<LetterType>
{
    public void Configure(EntityTypeBuilder<LetterType> type)
    {
        type.Property(t => t.Name).HasMaxLength(Lengths.Short);
        type.Property(t => t.Description).HasMaxLength(Lengths.Summary);
        type.HasIndex(t => t.Name).IsUnique();
        type.ToTable(t => t.HasCheckConstraint("CK_LetterTypes_Deadline", "DeadlineWorkingDays BETWEEN 1 AND 60"));
    }
}

internal sealed class LetterDepartmentConfiguration : IEntityTypeConfiguration<LetterDepartment>
{
    public void Configure(EntityTypeBuilder<LetterDepartment> department)
    {
        department.Property(d => d.Name).HasMaxLength(Lengths.Short);
        department.HasIndex(d => d.Name).IsUnique();
    }
}

internal sealed class LetterAttachmentConfiguration : IEntityTypeConfiguration<LetterAttachment>
{
    public void Configure(EntityTypeBuilder<LetterAttachment> attachment)
    {
        attachment.HasKey(a => new { a.LetterId, a.MediaFileId });
        attachment.HasOne(a => a.MediaFile).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class LetterEventConfiguration : IEntityTypeConfiguration<LetterEvent>
{
    public void Configure(EntityTypeBuilder<LetterEvent> letterEvent)
    {
        letterEvent.Property(e => e.Action).HasMaxLength(Lengths.Short);
        letterEvent.Property(e => e.ActorId).HasMaxLength(Lengths.UserId);
        letterEvent.Property(e => e.Note).HasMaxLength(LetterLengths.Note);
        letterEvent.Property(e => e.Detail).HasMaxLength(LetterLengths.Answer);
        letterEvent.HasOne<PortalUser>().WithMany().HasForeignKey(e => e.ActorId).OnDelete(DeleteBehavior.ClientSetNull);
        letterEvent.HasIndex(e => new { e.LetterId, e.At });
    }
}
