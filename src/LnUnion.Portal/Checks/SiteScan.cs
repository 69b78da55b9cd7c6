using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LnUnion.Portal.Checks;

/// <summary>
/// One run of every registered <see cref="IArticleCheck"/> over everything the public can see: the published
/// articles, in id order, then the pages. The cursor is saved after each batch, so a scan cut short by a restart
/// goes on where it stopped.
/// </summary>
public class SiteScan
{
    public int Id { get; set; }

    public DateTime StartedAt { get; set; }

    /// <summary>Null while the scan is under way.</summary>
    public DateTime? FinishedAt { get; set; }

    /// <summary>Who asked for it, or 每日自动扫描 for the nightly one.</summary>
    public required string StartedBy { get; set; }

    public bool IsNightly { get; set; }

    /// <summary>How many articles and pages there were to check when the scan began.</summary>
    public int Total { get; set; }

    public int Done { get; set; }

    /// <summary>The last article checked; the next batch starts after it.</summary>
    public int ArticleCursor { get; set; }

    /// <summary>The last page checked, once the articles are done.</summary>
    public int PageCursor { get; set; }

    public bool ArticlesDone { get; set; }
}

/// <summary>
/// The single row that says which node runs scans. Several web nodes share the database; a node runs a scan only
/// while it holds an unexpired lease, and renews it after every batch, so a node that dies lets go by itself.
/// </summary>
public class ScanLease
{
    public const int TheOnlyId = 1;

    public int Id { get; set; }

    public string? Holder { get; set; }

    public DateTime? ExpiresAt { get; set; }
}

public enum FindingStatus
{
    /// <summary>Seen by the last scan and nobody has dealt with it.</summary>
    Open = 0,

    /// <summary>Staff say it is fixed; if the next scan still sees it, it opens again.</summary>
    Fixed = 1,

    /// <summary>Staff decided it is not a problem (a quoted word, a deliberate link); later scans leave it so.</summary>
    Ignored = 2,

    /// <summary>The last scan no longer saw it: the text was changed or the article left the site.</summary>
    Gone = 3,
}

/// <summary>
/// A <see cref="Finding"/> as the scans keep it: the same problem in the same place of the same article is one row
/// from the scan that first saw it to the one that no longer does, so staff's decision on it stays with it.
/// </summary>
public class ScanFinding
{
    public int Id { get; set; }

    /// <summary>The article, or null for a page (<see cref="PageId"/>).</summary>
    public int? ArticleId { get; set; }
    public Article? Article { get; set; }

    public int? PageId { get; set; }
    public Page? Page { get; set; }

    public required string Kind { get; set; }
    public FindingSeverity Severity { get; set; }
    public required string Place { get; set; }
    public required string Found { get; set; }
    public required string Message { get; set; }
    public string? Suggestion { get; set; }

    public DateTime FirstSeenAt { get; set; }
    public DateTime LastSeenAt { get; set; }
    public int LastScanId { get; set; }

    public FindingStatus Status { get; set; }

    /// <summary>Who marked it fixed or ignored, and when; null until someone does.</summary>
    public string? DecidedById { get; set; }
    public string? DecidedByName { get; set; }
    public DateTime? DecidedAt { get; set; }
}

/// <summary>
/// An outside address some article or page links to, and what it answered when the link checker last tried it.
/// Checked only by <see cref="ExternalLinkChecker"/> in the background, never while a request waits.
/// </summary>
public class ExternalLink
{
    public int Id { get; set; }

    public required string Url { get; set; }

    public required string Host { get; set; }

    /// <summary>When a scan or the editor last saw the address in a text; addresses nobody links to any more are dropped.</summary>
    public DateTime LastSeenAt { get; set; }

    /// <summary>Null until it was checked.</summary>
    public DateTime? CheckedAt { get; set; }

    /// <summary>The HTTP status of the last answer, or null when there was none (timeout, no such host).</summary>
    public int? StatusCode { get; set; }

    /// <summary>Why it failed, in words an editor understands; null when it works.</summary>
    public string? Problem { get; set; }
}

internal sealed class SiteScanConfiguration : IEntityTypeConfiguration<SiteScan>
{
    public void Configure(EntityTypeBuilder<SiteScan> scan)
    {
        scan.Property(s => s.StartedBy).HasMaxLength(Lengths.Name);
        scan.HasIndex(s => s.FinishedAt);
    }
}

internal sealed class ScanLeaseConfiguration : IEntityTypeConfiguration<ScanLease>
{
    public void Configure(EntityTypeBuilder<ScanLease> lease)
    {
        lease.Property(l => l.Id).ValueGeneratedNever();
        lease.Property(l => l.Holder).HasMaxLength(Lengths.Short);
        lease.HasData(new ScanLease { Id = ScanLease.TheOnlyId });
    }
}

internal sealed class ScanFindingConfiguration : IEntityTypeConfiguration<ScanFinding>
{
    public void Configure(EntityTypeBuilder<ScanFinding> finding)
    {
        finding.Property(f => f.Kind).HasMaxLength(50);
        finding.Property(f => f.Place).HasMaxLength(Lengths.Title);
        finding.Property(f => f.Found).HasMaxLength(Lengths.Url);
        finding.Property(f => f.Message).HasMaxLength(Lengths.Summary);
        finding.Property(f => f.Suggestion).HasMaxLength(Lengths.Url);
        finding.Property(f => f.DecidedById).HasMaxLength(Lengths.UserId);
        finding.Property(f => f.DecidedByName).HasMaxLength(Lengths.Name);
        finding.HasOne(f => f.Article).WithMany().OnDelete(DeleteBehavior.Cascade);
        finding.HasOne(f => f.Page).WithMany().OnDelete(DeleteBehavior.Cascade);
        finding.HasIndex(f => new { f.ArticleId, f.Kind });
        finding.HasIndex(f => new { f.PageId, f.Kind });
        finding.HasIndex(f => new { f.Status, f.Severity });
    }
}

internal sealed class ExternalLinkConfiguration : IEntityTypeConfiguration<ExternalLink>
{
    public void Configure(EntityTypeBuilder<ExternalLink> link)
    {
        link.Property(l => l.Url).HasMaxLength(Lengths.Url);
        link.Property(l => l.Host).HasMaxLength(Lengths.Name);
        link.Property(l => l.Problem).HasMaxLength(Lengths.Title);
        link.HasIndex(l => l.Url).IsUnique();
        link.HasIndex(l => l.CheckedAt);
    }
}
