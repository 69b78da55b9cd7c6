using LnUnion.Portal.Rendering;


namespace LnUnion.Portal.Data;

/// <summary>A standing page such as 机构简介 (<c>about</c>) or 主要职责 (<c>responsibilities</c>).</summary>
public class Page : IVersioned, IRenderedMarkdown
{
    public int Id { get; set; }

    public required string Slug { get; set; }
    public required string Title { get; set; }
    public required string BodyMarkdown { get; set; }
    public string? BodyHtml { get; set; }
    public string? BodyExcerpt { get; set; }

    public DateTime UpdatedAt { get; set; }
    public string? UpdatedById { get; set; }
    public PortalUser? UpdatedBy { get; set; }

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<PageRevision> Revisions { get; } = [];
}

public static class PageSlugs
{
    public const string About = "about";
    public const string Responsibilities = "responsibilities";
    public const string Contact = "contact";
}
