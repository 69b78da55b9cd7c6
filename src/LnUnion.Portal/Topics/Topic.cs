using LnUnion.Portal.Data;
using LnUnion.Portal.Rendering;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LnUnion.Portal.Topics;

/// <summary>
/// 专题: a theme with a banner, an introduction and its own list of articles from any channels. Public from its start
/// date; after its end date it is archived — still at its address and under 往期专题, but off the home page.
/// </summary>
public class Topic : IVersioned, IRenderedMarkdown
{
    public int Id { get; set; }

    /// <summary>The URL segment: <c>/topics/{Slug}</c>. Lower-case letters, digits and hyphens.</summary>
    public required string Slug { get; set; }

    public required string Title { get; set; }

    /// <summary>The introduction, in Markdown.</summary>
    public required string BodyMarkdown { get; set; }
    public string? BodyHtml { get; set; }
    public string? BodyExcerpt { get; set; }

    public int? BannerImageId { get; set; }
    public MediaFile? BannerImage { get; set; }

    /// <summary>Beijing date from which the public sees the topic.</summary>
    public DateOnly StartsOn { get; set; }

    /// <summary>Beijing date after which the topic is archived; null while it has no end.</summary>
    public DateOnly? EndsOn { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
    public PortalUser? UpdatedBy { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<TopicArticle> Articles { get; } = [];
}

/// <summary>An article in a topic's list. The article is shown there only while the public may see it anyway.</summary>
public class TopicArticle
{
    public int TopicId { get; set; }
    public Topic Topic { get; set; } = null!;

    public int ArticleId { get; set; }
    public Article Article { get; set; } = null!;

    /// <summary>UTC.</summary>
    public DateTime AddedAt { get; set; }
}

public static class TopicVisibility
{
    /// <summary>Topics the public may see on <paramref name="today"/> (Beijing): their start date has come.</summary>
    public static IQueryable<Topic> Public(this IQueryable<Topic> topics, DateOnly today) =>
        topics.Where(t => t.StartsOn <= today);

    /// <summary>Public topics not archived yet: on the home page and at the top of the list.</summary>
    public static IQueryable<Topic> Current(this IQueryable<Topic> topics, DateOnly today) =>
        topics.Public(today).Where(t => t.EndsOn == null || t.EndsOn >= today);

    /// <summary>Topics whose end date has passed: 往期专题.</summary>
    public static IQueryable<Topic> Archived(this IQueryable<Topic> topics, DateOnly today) =>
        topics.Public(today).Where(t => t.EndsOn < today);
}

internal sealed class TopicConfiguration : IEntityTypeConfiguration<Topic>
{
    public void Configure(EntityTypeBuilder<Topic> topic)
    {
        topic.Property(t => t.Slug).HasMaxLength(Lengths.Slug);
        topic.Property(t => t.Title).HasMaxLength(Lengths.Title);
        topic.HasIndex(t => t.Slug).IsUnique();
        topic.HasIndex(t => new { t.StartsOn, t.EndsOn });
        topic.HasOne(t => t.BannerImage).WithMany().OnDelete(DeleteBehavior.ClientSetNull);
        topic.HasOne(t => t.UpdatedBy).WithMany().HasForeignKey(t => t.UpdatedById).OnDelete(DeleteBehavior.ClientSetNull);
        topic.HasMany(t => t.Articles).WithOne(a => a.Topic).HasForeignKey(a => a.TopicId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class TopicArticleConfiguration : IEntityTypeConfiguration<TopicArticle>
{
    public void Configure(EntityTypeBuilder<TopicArticle> entry)
    {
        entry.HasKey(e => new { e.TopicId, e.ArticleId });
        // The topics an article is in, for the article editor and for deleting an article.
        entry.HasIndex(e => e.ArticleId);
        entry.HasOne(e => e.Article).WithMany().HasForeignKey(e => e.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
