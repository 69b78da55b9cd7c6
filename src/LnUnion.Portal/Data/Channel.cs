namespace LnUnion.Portal.Data;

/// <summary>A section of the site (栏目), such as 工会要闻 or 通知公告.</summary>
public class Channel : IVersioned
{
    public int Id { get; set; }

    /// <summary>The URL segment: <c>/{Slug}</c>. Lower-case letters, digits and hyphens.</summary>
    public required string Slug { get; set; }

    public required string Name { get; set; }

    public int SortOrder { get; set; }

    public bool ShowInNavigation { get; set; } = true;

    /// <summary>How many reviewers, one after another, must approve an article before it can be published (1–3).</summary>
    public int ReviewLevels { get; set; } = 1;

    /// <summary>How often the channel must get a new article; the limits per kind are in <c>InspectionOptions</c>.</summary>
    public ChannelKind Kind { get; set; } = ChannelKind.News;

    public Guid Version { get; set; } = Guid.NewGuid();

    public List<Article> Articles { get; } = [];
}

/// <summary>What sort of channel it is, which decides when it counts as not updated (the inspection's 栏目更新).</summary>
public enum ChannelKind
{
    /// <summary>动态、要闻: stale after two weeks without a new article by default.</summary>
    News = 0,

    /// <summary>通知公告、文件: stale after six months by default.</summary>
    Notices = 1,

    /// <summary>静态 (introductions, standing information): never stale.</summary>
    Static = 2,
}

/// <summary>The seeded channels the home page gives a section of its own.</summary>
public static class ChannelSlugs
{
    public const string News = "news";
    public const string Notices = "notices";
    public const string Inspection = "inspection";
    public const string Campaigns = "campaigns";

    public static readonly string[] HomeSections = [News, Notices, Inspection, Campaigns];
}
