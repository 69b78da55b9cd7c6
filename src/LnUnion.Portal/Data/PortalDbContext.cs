using LnUnion.Portal.Calendar;
using LnUnion.Portal.Mailbox;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LnUnion.Portal.Data;

/// <summary>
/// The portal's database. The app always runs one of the provider-specific subclasses
/// (<see cref="SqliteDbContext"/>, <see cref="SqlServerDbContext"/>) so that each provider keeps its own migrations,
/// but everything else asks for and uses this type.
/// </summary>
public abstract class PortalDbContext(DbContextOptions options)
    : IdentityDbContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleRevision> ArticleRevisions => Set<ArticleRevision>();
    public DbSet<ArticleAttachment> ArticleAttachments => Set<ArticleAttachment>();
    public DbSet<ArticleRevisionAttachment> ArticleRevisionAttachments => Set<ArticleRevisionAttachment>();
    public DbSet<ReviewRecord> ReviewRecords => Set<ReviewRecord>();
    public DbSet<Page> Pages => Set<Page>();
    public DbSet<PageRevision> PageRevisions => Set<PageRevision>();
    public DbSet<SiteSettings> SiteSettings => Set<SiteSettings>();
    public DbSet<ServiceAccount> ServiceAccounts => Set<ServiceAccount>();
    public DbSet<FriendlyLink> FriendlyLinks => Set<FriendlyLink>();
    public DbSet<Organisation.OrganisationUnit> OrganisationUnits => Set<Organisation.OrganisationUnit>();
    public DbSet<Organisation.Leader> Leaders => Set<Organisation.Leader>();
    public DbSet<Organisation.OrganisationRevision> OrganisationRevisions => Set<Organisation.OrganisationRevision>();
    public DbSet<Services.WorkerService> WorkerServices => Set<Services.WorkerService>();
    public DbSet<MediaFile> MediaFiles => Set<MediaFile>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<EditorDraft> EditorDrafts => Set<EditorDraft>();
    public DbSet<DailyViewCount> DailyViewCounts => Set<DailyViewCount>();
    public DbSet<Letter> Letters => Set<Letter>();
    public DbSet<LetterType> LetterTypes => Set<LetterType>();
    public DbSet<LetterDepartment> LetterDepartments => Set<LetterDepartment>();
    public DbSet<LetterAttachment> LetterAttachments => Set<LetterAttachment>();
    public DbSet<LetterEvent> LetterEvents => Set<LetterEvent>();
    public DbSet<CalendarDay> CalendarDays => Set<CalendarDay>();
    public DbSet<Topics.Topic> Topics => Set<Topics.Topic>();
    public DbSet<Topics.TopicArticle> TopicArticles => Set<Topics.TopicArticle>();
    public DbSet<Checks.SiteScan> SiteScans => Set<Checks.SiteScan>();
    public DbSet<Checks.ScanLease> ScanLeases => Set<Checks.ScanLease>();
    public DbSet<Checks.ScanFinding> ScanFindings => Set<Checks.ScanFinding>();
    public DbSet<Checks.ExternalLink> ExternalLinks => Set<Checks.ExternalLink>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(PortalDbContext).Assembly);
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(IVersioned).IsAssignableFrom(e.ClrType)))
        {
            builder.Entity(entity.ClrType).Property(nameof(IVersioned.Version)).IsConcurrencyToken();
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every DateTime in the model is UTC; say so when reading it back, since neither provider stores the kind.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        PrepareForSave();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        PrepareForSave();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    private void PrepareForSave()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.Entity is AuditEntry && entry.State is EntityState.Modified or EntityState.Deleted)
            {
                throw new InvalidOperationException("The audit log is append-only.");
            }

            // A new version on every update makes the next writer holding the old one fail with a concurrency error.
            if (entry is { State: EntityState.Modified, Entity: IVersioned versioned })
            {
                versioned.Version = Guid.NewGuid();
            }
        }
    }

    private sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
        value => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime(),
        value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
}

/// <summary>The embedded default: a SQLite file. Its migrations are in Data/Migrations/Sqlite.</summary>
public sealed class SqliteDbContext(DbContextOptions<SqliteDbContext> options) : PortalDbContext(options);

/// <summary>The production provider. Its migrations are in Data/Migrations/SqlServer.</summary>
public sealed class SqlServerDbContext(DbContextOptions<SqlServerDbContext> options) : PortalDbContext(options);
