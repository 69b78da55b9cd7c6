using System.Collections.Frozen;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Text;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Checks;

/// <summary>A finding as the report lists it, with the title of the article or page it is in.</summary>
public sealed record FindingRow(
    int Id,
    int? ArticleId,
    int? PageId,
    string ItemTitle,
    string Kind,
    FindingSeverity Severity,
    string Place,
    string Found,
    string Message,
    string? Suggestion,
    DateTime FirstSeenAt,
    DateTime LastSeenAt,
    FindingStatus Status,
    string? DecidedByName,
    DateTime? DecidedAt)
{
    /// <summary>Where staff go to fix it.</summary>
    public string AdminUrl => ArticleId is { } article ? $"/admin/articles/{article}" : $"/admin/pages/{PageId}";
}

/// <summary>Where a scan stands, for the progress bar.</summary>
public sealed record ScanProgress(int Id, DateTime StartedAt, DateTime? FinishedAt, string StartedBy, int Total, int Done)
{
    public bool IsRunning => FinishedAt is null;

    /// <summary>Articles published while the scan runs may make it check more than it counted at the start.</summary>
    public int Max => Math.Max(1, Math.Max(Total, Done));

    public int Percent => IsRunning ? Math.Min(99, Done * 100 / Max) : 100;
}

/// <summary>The scan report: what the scans found, staff's decisions on it, and its CSV export.</summary>
public sealed class ScanReport(PortalDbContext db, TimeProvider clock)
{
    /// <summary>The longest list one page shows; the CSV export has every row.</summary>
    public const int ListedFindings = 500;

    /// <summary>
    /// Chinese names of the kinds of finding. A kind not here (a check added later) is shown by its code until it
    /// gets a name.
    /// </summary>
    private static readonly FrozenDictionary<string, string> KindNames = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [LinkKinds.InternalLink] = "站内链接打不开",
        [LinkKinds.MissingFile] = "文件丢失",
        [LinkKinds.ExternalLink] = "外部链接打不开",
        [WordListCheck.SensitiveKind] = "敏感词",
        [WordListCheck.MistakeKind] = "易错词",
        [WordListCheck.TitleKind] = "领导姓名与职务不符",
        [PersonalDataCheck.KindOf(PersonalNumberKind.IdNumber)] = "身份证号",
        [PersonalDataCheck.KindOf(PersonalNumberKind.Mobile)] = "手机号",
        [PersonalDataCheck.KindOf(PersonalNumberKind.BankCard)] = "银行卡号",
        [PersonalDataCheck.UnreadableKind] = "附件无法检查",
        [ContentAccessibilityCheck.ImageKind] = "图片缺少文字说明",
        [ContentAccessibilityCheck.HeadingKind] = "标题层级跳级",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string KindName(string kind) => KindNames.GetValueOrDefault(kind, kind);

    public static string SeverityName(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Serious => "严重",
        FindingSeverity.Warning => "警告",
        _ => "提示",
    };

    public static string StatusName(FindingStatus status) => status switch
    {
        FindingStatus.Fixed => "已修复",
        FindingStatus.Ignored => "已忽略",
        FindingStatus.Gone => "已消失",
        _ => "待处理",
    };

    /// <summary>The scan under way, or else the last one; null before the first.</summary>
    public Task<ScanProgress?> LatestAsync(CancellationToken cancellationToken) =>
        db.SiteScans.AsNoTracking()
            .OrderBy(s => s.FinishedAt == null ? 0 : 1).ThenByDescending(s => s.Id)
            .Select(s => new ScanProgress(s.Id, s.StartedAt, s.FinishedAt, s.StartedBy, s.Total, s.Done))
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The findings with this status (all of them for null), most serious first.</summary>
    public Task<List<FindingRow>> FindingsAsync(FindingStatus? status, int? take, CancellationToken cancellationToken)
    {
        var query = db.ScanFindings.AsNoTracking()
            .Where(f => status == null || f.Status == status)
            .OrderByDescending(f => f.Severity).ThenBy(f => f.Kind).ThenBy(f => f.ArticleId).ThenBy(f => f.PageId).ThenBy(f => f.Id)
            .Select(f => new FindingRow(
                f.Id, f.ArticleId, f.PageId, f.Article != null ? f.Article.Title : f.Page!.Title,
                f.Kind, f.Severity, f.Place, f.Found, f.Message, f.Suggestion, f.FirstSeenAt, f.LastSeenAt, f.Status, f.DecidedByName, f.DecidedAt));
        return (take is { } limit ? query.Take(limit) : query).ToListAsync(cancellationToken);
    }

    /// <summary>How many findings have each status, for the report's filter.</summary>
    public async Task<Dictionary<FindingStatus, int>> CountsAsync(CancellationToken cancellationToken) =>
        await db.ScanFindings.AsNoTracking()
            .GroupBy(f => f.Status)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);

    /// <summary>Records staff's 已修复, 已忽略 or back to 待处理; false when there is no such finding.</summary>
    public async Task<bool> DecideAsync(int id, FindingStatus decision, string userId, string userName, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var reopened = decision == FindingStatus.Open;
        return await db.ScanFindings.Where(f => f.Id == id).ExecuteUpdateAsync(
            s => s.SetProperty(f => f.Status, decision)
                .SetProperty(f => f.DecidedById, reopened ? null : userId)
                .SetProperty(f => f.DecidedByName, reopened ? null : userName)
                .SetProperty(f => f.DecidedAt, reopened ? null : now),
            cancellationToken) == 1;
    }

    /// <summary>
    /// The rows as CSV that Excel opens as Chinese. Who decided is left out, so the file carries no personal data
    /// beyond the article's own text.
    /// </summary>
    public static byte[] Csv(IEnumerable<FindingRow> rows)
    {
        var csv = new CsvText();
        csv.Line("编号", "类型", "严重程度", "文章或页面", "网址", "位置", "发现的内容", "说明", "建议", "状态", "首次发现", "最近发现", "处理时间");
        foreach (var row in rows)
        {
            csv.Line(
                row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                KindName(row.Kind),
                SeverityName(row.Severity),
                row.ItemTitle,
                row.ArticleId is { } article ? PublicAddresses.Article(article) : string.Empty,
                row.Place,
                row.Found,
                row.Message,
                row.Suggestion ?? string.Empty,
                StatusName(row.Status),
                ChinaTime.DateAndTime(row.FirstSeenAt),
                ChinaTime.DateAndTime(row.LastSeenAt),
                row.DecidedAt is { } decided ? ChinaTime.DateAndTime(decided) : string.Empty);
        }

        return csv.ToBytes();
    }
}
