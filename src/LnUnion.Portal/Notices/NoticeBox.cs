using System.Globalization;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Notices;

/// <summary>Where a dated period stands on a Beijing date.</summary>
public enum PeriodState
{
    NotStarted,
    Open,
    Ended,
}

/// <summary>How a row of a notice box is shown: plain, as dialling links, or as a mail link.</summary>
public enum NoticeValue
{
    Text,
    Phone,
    Email,
}

public sealed record NoticeRow(string Label, string Value, NoticeValue Kind = NoticeValue.Text);

/// <summary>
/// The box beside an article with a period the public acts in — an inspection team's 受理时间 or a 公示期 — and the
/// contact for it, marked by where the period stands today. Both kinds are shown by one view (_NoticeBox).
/// </summary>
public sealed record NoticeBox(string Heading, PeriodState? State, string? StateText, IReadOnlyList<NoticeRow> Rows)
{
    /// <summary>Each day, from the first to the last, belongs to the period: it is open on both.</summary>
    public static PeriodState? StateOf(DateOnly? from, DateOnly? to, DateOnly today) => (from, to) switch
    {
        (null, null) => null,
        ({ } start, _) when today < start => PeriodState.NotStarted,
        (_, { } end) when today > end => PeriodState.Ended,
        _ => PeriodState.Open,
    };

    /// <summary>The article's box on <paramref name="today"/>, or null when it has none.</summary>
    public static NoticeBox? Of(ArticleKind kind, InspectionDetails inspection, PublicityDetails publicity, DateOnly today) =>
        kind == ArticleKind.Publicity ? Publicity(publicity, today) : Inspection(inspection, today);

    /// <summary>Whether the box of an article with these details changes with the date (so its cached page must go at midnight).</summary>
    public static bool IsDated(ArticleKind kind, InspectionDetails inspection, PublicityDetails publicity) =>
        kind == ArticleKind.Publicity
            ? publicity.From is not null || publicity.To is not null
            : inspection.AcceptFrom is not null || inspection.AcceptTo is not null;

    private static NoticeBox? Inspection(InspectionDetails details, DateOnly today)
    {
        if (details.IsEmpty)
        {
            return null;
        }

        var state = StateOf(details.AcceptFrom, details.AcceptTo, today);
        return new NoticeBox("巡视信息", state, state switch
        {
            PeriodState.NotStarted => "未开始",
            PeriodState.Open => "受理中",
            PeriodState.Ended => "已结束",
            _ => null,
        }, RowsOf(
            ("巡视组", details.Team, NoticeValue.Text),
            ("受理时间", Period(details.AcceptFrom, details.AcceptTo), NoticeValue.Text),
            ("受理电话", details.Hotline, NoticeValue.Phone),
            ("邮政信箱", details.PostalBox, NoticeValue.Text),
            ("电子邮箱", details.Email, NoticeValue.Email)));
    }

    private static NoticeBox Publicity(PublicityDetails details, DateOnly today)
    {
        var state = StateOf(details.From, details.To, today);
        return new NoticeBox("公示信息", state, state switch
        {
            PeriodState.NotStarted => "未开始",
            PeriodState.Open => "公示中",
            PeriodState.Ended => "公示已结束",
            _ => null,
        }, RowsOf(
            ("公示期", Period(details.From, details.To), NoticeValue.Text),
            ("异议受理地址", details.ObjectionAddress, NoticeValue.Text),
            ("联系人", details.ObjectionPerson, NoticeValue.Text),
            ("联系电话", details.ObjectionPhone, NoticeValue.Phone),
            ("电子邮箱", details.ObjectionEmail, NoticeValue.Email)));
    }

    private static string? Period(DateOnly? from, DateOnly? to) =>
        from is null && to is null ? null : $"{Date(from)} 至 {Date(to)}";

    private static string Date(DateOnly? date) => date?.ToString("yyyy年M月d日", CultureInfo.InvariantCulture) ?? string.Empty;

    private static List<NoticeRow> RowsOf(params (string Label, string? Value, NoticeValue Kind)[] rows) =>
        [.. rows.Where(r => r.Value is not null).Select(r => new NoticeRow(r.Label, r.Value!, r.Kind))];
}
