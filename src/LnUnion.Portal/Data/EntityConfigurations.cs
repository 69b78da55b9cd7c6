using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LnUnion.Portal.Data;

internal static class Lengths
{
    public const int Slug = 50;
    public const int Name = 100;
    public const int Title = 200;
    public const int Summary = 500;
    public const int Short = 100;
    public const int Url = 500;
    public const int UserId = 450;
}

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> channel)
    {
        channel.Property(c => c.Slug).HasMaxLength(Lengths.Slug);
        channel.Property(c => c.Name).HasMaxLength(Lengths.Name);
        channel.HasIndex(c => c.Slug).IsUnique();
        channel.ToTable(t => t.HasCheckConstraint("CK_Channels_ReviewLevels", "ReviewLevels BETWEEN 1 AND 3"));
    }
}

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> article)
    {
        article.Property(a => a.Title).HasMaxLength(Lengths.Title);
        article.Property(a => a.Summary).HasMaxLength(Lengths.Summary);
        article.Property(a => a.BackdatedReason).HasMaxLength(Lengths.Summary);
        article.Property(a => a.Author).HasMaxLength(Lengths.Short);
        article.Property(a => a.Source).HasMaxLength(Lengths.Short);

        article.ComplexProperty(a => a.Inspection, inspection =>
        {
            inspection.Property(i => i.Team).HasMaxLength(Lengths.Short);
            inspection.Property(i => i.Hotline).HasMaxLength(Lengths.Short);
            inspection.Property(i => i.PostalBox).HasMaxLength(Lengths.Title);
            inspection.Property(i => i.Email).HasMaxLength(Lengths.Short);
        });
        article.ComplexProperty(a => a.Publicity, publicity =>
        {
            publicity.Property(p => p.ObjectionAddress).HasMaxLength(Lengths.Title);
            publicity.Property(p => p.ObjectionPerson).HasMaxLength(Lengths.Short);
            publicity.Property(p => p.ObjectionPhone).HasMaxLength(Lengths.Short);
            publicity.Property(p => p.ObjectionEmail).HasMaxLength(Lengths.Short);
        });

        article.HasOne(a => a.Channel).WithMany(c => c.Articles).OnDelete(DeleteBehavior.Restrict);
        article.HasOne(a => a.CoverImage).WithMany().OnDelete(DeleteBehavior.ClientSetNull);
        article.HasOne(a => a.CreatedBy).WithMany().HasForeignKey(a => a.CreatedById).OnDelete(DeleteBehavior.ClientSetNull);
        article.HasOne(a => a.UpdatedBy).WithMany().HasForeignKey(a => a.UpdatedById).OnDelete(DeleteBehavior.ClientSetNull);
        article.HasOne<PortalUser>().WithMany().HasForeignKey(a => a.SubmittedById).OnDelete(DeleteBehavior.ClientSetNull);
        article.HasOne(a => a.PendingRevision).WithMany().HasForeignKey(a => a.PendingRevisionId).OnDelete(DeleteBehavior.ClientSetNull);
        article.HasMany(a => a.Revisions).WithOne(r => r.Article).HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);

        // The public lists: one channel's visible articles newest first, and all channels' for the home page and feeds.
        // Expiry and pin are in the index so counting and paging never read the (large) rows themselves. Id comes
        // right after the publish time because the lists sort on both: with expiry in between, SQLite had to sort
        // each run of equal times again (a temporary B-tree) instead of reading the index in order.
        article.HasIndex(a => new { a.ChannelId, a.Status, a.PublishAt, a.Id, a.ExpiresAt, a.IsPinned, a.PinnedUntil }, "IX_Articles_PublicList");
        // UpdatedAt last for the search index's check each minute (the newest change among the visible articles):
        // without it that read every visible row, 4.6 s at a million articles, against 0.1 s from the index alone.
        article.HasIndex(a => new { a.Status, a.PublishAt, a.Id, a.ExpiresAt, a.UpdatedAt }, "IX_Articles_PublicNewest");
        // The review queue: what waits for a reviewer.
        article.HasIndex(a => a.SubmittedAt);
        // The scheduler looks for articles whose expiry or pin has just lapsed.
        article.HasIndex(a => new { a.Status, a.ExpiresAt });
        article.HasIndex(a => new { a.Status, a.PinnedUntil });
        // The home page's focus area reads the few marked articles, newest first, without scanning the rest.
        article.HasIndex(a => new { a.ShowInFocus, a.Status, a.PublishAt });
        // Each web node's search index looks every few seconds for articles changed since its last look.
        article.HasIndex(a => a.UpdatedAt);
        // One article per new-article form, however often it is posted.
        article.HasIndex(a => a.CreationKey).IsUnique();
    }
}

internal sealed class EditorDraftConfiguration : IEntityTypeConfiguration<EditorDraft>
{
    public void Configure(EntityTypeBuilder<EditorDraft> draft)
    {
        draft.Property(d => d.UserId).HasMaxLength(Lengths.UserId);
        draft.Property(d => d.FormKey).HasMaxLength(Lengths.Short);
        // One recovery copy per user and form: each autosave replaces the last.
        draft.HasIndex(d => new { d.UserId, d.FormKey }).IsUnique();
        draft.HasOne<PortalUser>().WithMany().HasForeignKey(d => d.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ArticleAttachmentConfiguration : IEntityTypeConfiguration<ArticleAttachment>
{
    public void Configure(EntityTypeBuilder<ArticleAttachment> attachment)
    {
        attachment.HasKey(a => new { a.ArticleId, a.MediaFileId });
        attachment.HasOne(a => a.Article).WithMany(a => a.Attachments).OnDelete(DeleteBehavior.Cascade);
        attachment.HasOne(a => a.MediaFile).WithMany().OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArticleRevisionAttachmentConfiguration : IEntityTypeConfiguration<ArticleRevisionAttachment>
{
    public void Configure(EntityTypeBuilder<ArticleRevisionAttachment> attachment)
    {
        attachment.HasKey(a => new { a.RevisionId, a.MediaFileId });
        attachment.HasOne(a => a.Revision).WithMany(r => r.Attachments).HasForeignKey(a => a.RevisionId).OnDelete(DeleteBehavior.Cascade);

        // A file that a revision names is in use (see the media library's delete): the database refuses to lose it.
        attachment.HasOne(a => a.MediaFile).WithMany().HasForeignKey(a => a.MediaFileId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ArticleRevisionConfiguration : IEntityTypeConfiguration<ArticleRevision>
{
    public void Configure(EntityTypeBuilder<ArticleRevision> revision)
    {
        revision.Property(r => r.Title).HasMaxLength(Lengths.Title);
        revision.Property(r => r.Summary).HasMaxLength(Lengths.Summary);
        revision.Property(r => r.Note).HasMaxLength(Lengths.Title);
        revision.Property(r => r.Author).HasMaxLength(Lengths.Short);
        revision.Property(r => r.Source).HasMaxLength(Lengths.Short);
        revision.HasOne(r => r.CoverImage).WithMany().HasForeignKey(r => r.CoverImageId).OnDelete(DeleteBehavior.ClientSetNull);
        revision.HasOne(r => r.CreatedBy).WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.ClientSetNull);
        revision.HasIndex(r => new { r.ArticleId, r.CreatedAt });
    }
}

internal sealed class ReviewRecordConfiguration : IEntityTypeConfiguration<ReviewRecord>
{
    public void Configure(EntityTypeBuilder<ReviewRecord> review)
    {
        review.Property(r => r.Reason).HasMaxLength(Lengths.Summary);
        review.HasOne(r => r.Article).WithMany(a => a.Reviews).OnDelete(DeleteBehavior.Cascade);
        review.HasOne(r => r.Revision).WithMany().OnDelete(DeleteBehavior.ClientSetNull);
        review.HasOne(r => r.Reviewer).WithMany().HasForeignKey(r => r.ReviewerId).OnDelete(DeleteBehavior.ClientSetNull);
        review.HasIndex(r => new { r.ArticleId, r.At });
    }
}

internal sealed class PageConfiguration : IEntityTypeConfiguration<Page>
{
    public void Configure(EntityTypeBuilder<Page> page)
    {
        page.Property(p => p.Slug).HasMaxLength(Lengths.Slug);
        page.Property(p => p.Title).HasMaxLength(Lengths.Title);
        page.HasIndex(p => p.Slug).IsUnique();
        page.HasOne(p => p.UpdatedBy).WithMany().HasForeignKey(p => p.UpdatedById).OnDelete(DeleteBehavior.ClientSetNull);
        page.HasMany(p => p.Revisions).WithOne(r => r.Page).HasForeignKey(r => r.PageId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PageRevisionConfiguration : IEntityTypeConfiguration<PageRevision>
{
    public void Configure(EntityTypeBuilder<PageRevision> revision)
    {
        revision.Property(r => r.Title).HasMaxLength(Lengths.Title);
        revision.Property(r => r.Note).HasMaxLength(Lengths.Title);
        revision.HasOne(r => r.CreatedBy).WithMany().HasForeignKey(r => r.CreatedById).OnDelete(DeleteBehavior.ClientSetNull);
        revision.HasIndex(r => new { r.PageId, r.CreatedAt });
    }
}

internal sealed class SiteSettingsConfiguration : IEntityTypeConfiguration<SiteSettings>
{
    public void Configure(EntityTypeBuilder<SiteSettings> settings)
    {
        settings.Property(s => s.Id).ValueGeneratedNever();
        settings.Property(s => s.OrganisationName).HasMaxLength(Lengths.Name);
        settings.Property(s => s.Address).HasMaxLength(Lengths.Title);
        settings.Property(s => s.Postcode).HasMaxLength(6);
        settings.Property(s => s.Phone).HasMaxLength(50);
        settings.Property(s => s.Email).HasMaxLength(Lengths.Short);
        settings.Property(s => s.OfficeHours).HasMaxLength(Lengths.Title);
        settings.Property(s => s.CopyrightLine).HasMaxLength(Lengths.Title);
        settings.Property(s => s.IcpNumber).HasMaxLength(Lengths.Short);
        settings.Property(s => s.PublicSecurityNumber).HasMaxLength(Lengths.Short);
        settings.Property(s => s.SiteCode).HasMaxLength(50);
        settings.Property(s => s.UpdatedById).HasMaxLength(Lengths.UserId);
        settings.Property(s => s.GovSiteMarkUrl).HasMaxLength(Lengths.Url);
        settings.HasOne(s => s.GovSiteMarkImage).WithMany().OnDelete(DeleteBehavior.ClientSetNull);
    }
}

internal sealed class ServiceAccountConfiguration : IEntityTypeConfiguration<ServiceAccount>
{
    public void Configure(EntityTypeBuilder<ServiceAccount> account)
    {
        account.Property(a => a.Name).HasMaxLength(Lengths.Name);
        account.Property(a => a.Description).HasMaxLength(Lengths.Title);
        account.Property(a => a.Link).HasMaxLength(Lengths.Url);
        account.HasOne(a => a.QrImage).WithMany().OnDelete(DeleteBehavior.ClientSetNull);
    }
}

internal sealed class FriendlyLinkConfiguration : IEntityTypeConfiguration<FriendlyLink>
{
    public void Configure(EntityTypeBuilder<FriendlyLink> link)
    {
        link.Property(l => l.Name).HasMaxLength(Lengths.Name);
        link.Property(l => l.Url).HasMaxLength(Lengths.Url);
    }
}

internal sealed class MediaFileConfiguration : IEntityTypeConfiguration<MediaFile>
{
    public void Configure(EntityTypeBuilder<MediaFile> media)
    {
        media.Property(m => m.StoredName).HasMaxLength(Lengths.Short);
        media.Property(m => m.OriginalName).HasMaxLength(255);
        media.Property(m => m.ContentType).HasMaxLength(Lengths.Short);
        media.Property(m => m.Sha256).HasMaxLength(64).IsFixedLength().IsUnicode(false);
        media.HasIndex(m => m.StoredName).IsUnique();
        media.HasIndex(m => m.Sha256);
        media.HasIndex(m => m.UploadedAt);
        media.HasOne(m => m.UploadedBy).WithMany().HasForeignKey(m => m.UploadedById).OnDelete(DeleteBehavior.ClientSetNull);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> audit)
    {
        audit.Property(a => a.UserId).HasMaxLength(Lengths.UserId);
        audit.Property(a => a.UserName).HasMaxLength(256);
        audit.Property(a => a.IpAddress).HasMaxLength(45);
        audit.Property(a => a.Action).HasMaxLength(Lengths.Short);
        audit.Property(a => a.Target).HasMaxLength(Lengths.Title);
        audit.Property(a => a.Result).HasMaxLength(Lengths.Short);
        audit.HasIndex(a => a.AtUtc);
        audit.HasIndex(a => new { a.UserId, a.AtUtc });
        audit.HasIndex(a => new { a.Action, a.AtUtc });
    }
}

internal sealed class DailyViewCountConfiguration : IEntityTypeConfiguration<DailyViewCount>
{
    public void Configure(EntityTypeBuilder<DailyViewCount> views) => views.HasKey(v => v.Day);
}
