using LnUnion.Portal.Data;

namespace LnUnion.Portal.Inspection;

/// <summary>The limits of the inspection self-check (网站自查), from the "Inspection" configuration section.</summary>
public sealed class InspectionOptions
{
    public const string Section = "Inspection";

    /// <summary>Days a 动态/要闻 channel may go without a new article.</summary>
    public int NewsStaleAfterDays { get; set; } = 14;

    /// <summary>Days a 通知公告/文件 channel may go without a new article: about six months.</summary>
    public int NoticesStaleAfterDays { get; set; } = 183;

    /// <summary>Days the home page may go without a new article before it is a veto item.</summary>
    public int HomeStaleAfterDays { get; set; } = 14;

    /// <summary>This many empty channels or more is a veto item.</summary>
    public int EmptyChannelsVeto { get; set; } = 5;

    /// <summary>The days after which a channel of this kind is stale, or null for one that never is (静态).</summary>
    public int? StaleAfterDays(ChannelKind kind) => kind switch
    {
        ChannelKind.News => NewsStaleAfterDays,
        ChannelKind.Notices => NoticesStaleAfterDays,
        _ => null,
    };

    public static string NameOf(ChannelKind kind) => kind switch
    {
        ChannelKind.News => "动态/要闻",
        ChannelKind.Notices => "通知公告/文件",
        _ => "静态",
    };
}
