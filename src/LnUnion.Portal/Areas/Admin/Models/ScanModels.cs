using LnUnion.Portal.Checks;

namespace LnUnion.Portal.Areas.Admin.Models;

/// <summary>The scan page: progress of the latest scan and the findings with the status asked for, grouped by type or by article.</summary>
public sealed record ScanPageModel(
    ScanProgress? Latest,
    IReadOnlyDictionary<FindingStatus, int> Counts,
    FindingStatus? Shown,
    string GroupedBy,
    IReadOnlyList<FindingRow> Findings,
    bool MoreThanListed)
{
    public string ShownValue => Shown is { } status ? Controllers.ScanController.StatusValue(status) : "all";
}
