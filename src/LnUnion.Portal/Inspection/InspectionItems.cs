using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Routing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Inspection;

/// <summary>首页更新: the home page shows the newest articles of its channels; none new for two weeks fails the site.</summary>
public sealed class HomePageUpdated : IInspectionItem
{
    public async Task<InspectionLine> EvaluateAsync(InspectionContext context, CancellationToken cancellationToken)
    {
        var last = await context.Db.Articles.AsNoTracking().VisibleToPublic(context.NowUtc)
            .Where(a => ChannelSlugs.HomeSections.Contains(a.Channel.Slug))
            .MaxAsync(a => a.PublishAt, cancellationToken);
        var limit = context.Limits.HomeStaleAfterDays;
        if (last is not { } lastUtc)
        {
            return new("首页更新", InspectionWeight.Veto, true, "首页各栏目还没有任何公开的文章。", []);
        }

        var days = (int)(context.NowUtc - lastUtc).TotalDays;
        return new("首页更新", InspectionWeight.Veto, days >= limit,
            $"首页距上次更新 {days} 天（{ChinaTime.Date(lastUtc)}），期限 {limit} 天。", []);
    }
}

/// <summary>栏目更新: channels of a kind that must be updated and went past their limit.</summary>
public sealed class ChannelsUpdated : IInspectionItem
{
    public async Task<InspectionLine> EvaluateAsync(InspectionContext context, CancellationToken cancellationToken)
    {
        var stale = (await ChannelUpdates.ReadAsync(context.Db, context.Limits, context.NowUtc, cancellationToken)).Where(c => c.IsStale).ToList();
        return new("栏目更新", InspectionWeight.Veto, stale.Count > 0,
            stale.Count == 0
                ? $"各栏目都在期限内更新（动态/要闻 {context.Limits.NewsStaleAfterDays} 天，通知公告/文件 {context.Limits.NoticesStaleAfterDays} 天）。"
                : $"{stale.Count} 个栏目超过期限未更新。",
            [.. stale.Select(c => new InspectionDetail(
                $"{c.Name}（{InspectionOptions.NameOf(c.Kind)}）：{(c.DaysSinceUpdate is { } days ? $"{days} 天未更新" : "从未更新")}，期限 {c.LimitDays} 天",
                PublicAddresses.Channel(c.Slug)))]);
    }
}

/// <summary>空白栏目: channels with nothing the public can read; five or more fails the site.</summary>
public sealed class EmptyChannels : IInspectionItem
{
    public async Task<InspectionLine> EvaluateAsync(InspectionContext context, CancellationToken cancellationToken)
    {
        var empty = (await ChannelUpdates.ReadAsync(context.Db, context.Limits, context.NowUtc, cancellationToken)).Where(c => c.IsEmpty).ToList();
        var veto = context.Limits.EmptyChannelsVeto;
        return new("空白栏目", InspectionWeight.Veto, empty.Count >= veto,
            empty.Count == 0 ? "没有空白栏目。" : $"{empty.Count} 个栏目没有公开的文章（达到 {veto} 个即单项否决）。",
            [.. empty.Select(c => new InspectionDetail(c.Name, PublicAddresses.Channel(c.Slug)))]);
    }
}

/// <summary>严重问题: open findings of the full-site scan that are veto items on their own (敏感词, 个人信息, 领导职务).</summary>
public sealed class SeriousFindings : IInspectionItem
{
    public async Task<InspectionLine> EvaluateAsync(InspectionContext context, CancellationToken cancellationToken)
    {
        var count = await context.Db.ScanFindings.CountAsync(f => f.Status == FindingStatus.Open && f.Severity == FindingSeverity.Serious, cancellationToken);
        return new("严重问题（全站扫描）", InspectionWeight.Veto, count > 0,
            count == 0 ? "全站扫描没有待处理的严重问题。" : $"全站扫描有 {count} 个待处理的严重问题。",
            count == 0 ? [] : [new InspectionDetail("查看扫描报告", "/admin/scan")]);
    }
}

/// <summary>一般问题: the other open findings, by severity.</summary>
public sealed class OtherFindings : IInspectionItem
{
    public async Task<InspectionLine> EvaluateAsync(InspectionContext context, CancellationToken cancellationToken)
    {
        var counts = await context.Db.ScanFindings.AsNoTracking()
            .Where(f => f.Status == FindingStatus.Open && f.Severity != FindingSeverity.Serious)
            .GroupBy(f => f.Severity)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var warnings = counts.GetValueOrDefault(FindingSeverity.Warning);
        var notices = counts.GetValueOrDefault(FindingSeverity.Notice);
        return new("一般问题（全站扫描）", InspectionWeight.Scored, warnings + notices > 0,
            $"待处理：警告 {warnings} 个，提示 {notices} 个。",
            warnings + notices == 0 ? [] : [new InspectionDetail("查看扫描报告", "/admin/scan")]);
    }
}

/// <summary>链接可用性: links and attachments a reader cannot open, as the last scan found them.</summary>
public sealed class DeadLinks : IInspectionItem
{
    public async Task<InspectionLine> EvaluateAsync(InspectionContext context, CancellationToken cancellationToken)
    {
        var counts = await context.Db.ScanFindings.AsNoTracking()
            .Where(f => f.Status == FindingStatus.Open && LinkKinds.All.Contains(f.Kind))
            .GroupBy(f => f.Kind)
            .Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var total = counts.Values.Sum();
        return new("链接和附件可用性", InspectionWeight.Scored, total > 0,
            total == 0 ? "全站扫描没有发现打不开的链接或附件。" : $"{total} 个链接或附件打不开。",
            [.. LinkKinds.All.Where(counts.ContainsKey).Select(kind => new InspectionDetail($"{ScanReport.KindName(kind)}：{counts[kind]} 个", "/admin/scan"))]);
    }
}
