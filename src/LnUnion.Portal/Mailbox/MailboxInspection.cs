using LnUnion.Portal.Calendar;
using LnUnion.Portal.Inspection;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// 互动交流: letters not yet answered past their due date (a scored item), and any left unanswered for three months,
/// which fails a public-sector site on its own.
/// </summary>
public sealed class LettersPastDeadline : IInspectionItem
{
    private static readonly LetterStatus[] Unanswered = [LetterStatus.Received, LetterStatus.Accepted, LetterStatus.Assigned, LetterStatus.Answered];

    public async Task<InspectionLine> EvaluateAsync(InspectionContext context, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(ChinaTime.FromUtc(context.NowUtc));
        var threeMonthsAgo = context.NowUtc.AddMonths(-3);
        var late = await context.Db.Letters.AsNoTracking()
            .Where(l => Unanswered.Contains(l.Status) && l.DueOn < today)
            .OrderBy(l => l.DueOn)
            .Select(l => new { l.Id, l.Subject, l.DueOn, l.ReceivedAt })
            .ToListAsync(cancellationToken);
        var veryLate = late.Count(l => l.ReceivedAt <= threeMonthsAgo);
        var summary = late.Count == 0 ? "没有超过办理期限未答复的来信。"
            : veryLate > 0 ? $"{late.Count} 封来信超过办理期限未答复，其中 {veryLate} 封已超过三个月（单项否决）。"
            : $"{late.Count} 封来信超过办理期限未答复。";
        return new("职工信箱按时答复", veryLate > 0 ? InspectionWeight.Veto : InspectionWeight.Scored, late.Count > 0, summary,
            [.. late.Take(20).Select(l => new InspectionDetail($"{l.Subject}（应于 {l.DueOn:yyyy-MM-dd} 前答复）", $"/admin/letters/{l.Id}"))]);
    }
}
