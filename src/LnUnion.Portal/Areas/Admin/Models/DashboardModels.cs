using LnUnion.Portal.Inspection;
using LnUnion.Portal.Media;

namespace LnUnion.Portal.Areas.Admin.Models;

public sealed record WaitingItem(int Id, string Title, string ChannelName, string Why);

public sealed record PublishedItem(int Id, string Title, string ChannelName, DateTime PublishAt);

public sealed record DayViews(DateOnly Day, long Views);

public sealed record DashboardModel(
    IReadOnlyList<WaitingItem> Waiting,
    IReadOnlyList<PublishedItem> RecentlyPublished,
    IReadOnlyList<ChannelFreshness> Channels,
    IReadOnlyList<DayViews> Views,
    IReadOnlyList<string> StorageProblems,
    IReadOnlyList<MissingFile> MissingFiles,
    IReadOnlyList<int> MissingCalendarYears,
    InspectionReport Inspection);
