using System.Net;
using System.Text;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Tests.Admin;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Mailbox;

/// <summary>
/// The monthly summary: counted by the month a letter came in, answers counted once the writer can read them, working
/// days across 春节 and 国庆 with their 调休 days. Each test counts letters of a type of its own, so other tests'
/// letters never change its numbers.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class MailboxStatisticsTests(PortalApplication app)
{
    private const string WriterName = "统计测试写信人";
    private const string WriterPhone = "13987654321";
    private const string WriterEmail = "statistics-writer@example.com";
    private const string WriterIp = "198.51.100.23";

    private static readonly DateOnly February = new(2026, 2, 1);
    private static readonly DateOnly September = new(2026, 9, 1);

    [Fact]
    public async Task AMonthCountsItsLettersAnswersOnTimeAndAverageWorkingDaysAcrossNationalDayAndTheSpringFestival()
    {
        var type = await AddLettersAsync();

        var report = await ComputeAsync(February, September);

        Assert.Equal(8, report.Months.Count);
        Assert.Equal(September, report.Months[0].Month);
        // 9-18 → 9-24 is five working days (the make-up Sunday 9-20 counts), due that day; 9-30 → 10-9 is two
        // (10-1 to 10-7 are off), a day late; the draft answer and the declined letter are not answered.
        Assert.Equal(new LetterCounts(4, 2, 1, 1, 3.5), Counts(report.Months[0], type));
        // 2-13 → 2-24: the make-up Saturday 2-14, then 春节 2-15 to 2-23 off, then Tuesday: two working days.
        Assert.Equal(new LetterCounts(1, 1, 1, 0, 2), Counts(report.Months[^1], type));
        Assert.DoesNotContain(report.Months[3].ByType, t => t.TypeName == type);
    }

    [Fact]
    public async Task TheCsvExportHasTheCountsAndNoPersonalDataAtAll()
    {
        var type = await AddLettersAsync();
        using var handler = await app.SignInAsNewAsync(Roles.LetterHandler);

        using var response = await handler.GetAsync("/admin/letters/statistics/csv?from=2026-09&to=2026-09");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains($"2026-09,{type},4,2,1,1,3.5\r\n", csv, StringComparison.Ordinal);
        var hashes = await app.WithDbAsync(db => Task.FromResult(db.Letters.Where(l => l.Type.Name == type).Select(l => l.QueryCodeHash).ToList()));
        foreach (var personal in new[] { WriterName, WriterPhone, WriterEmail, WriterIp, "测试来信" }.Concat(hashes))
        {
            Assert.False(csv.Contains(personal, StringComparison.Ordinal), $"The CSV carries {personal}");
        }
    }

    [Fact]
    public async Task TheAdminPageShowsEachTypeAndRefusesAMonthThatIsNoMonthInChinese()
    {
        var type = await AddLettersAsync();
        using var handler = await app.SignInAsNewAsync(Roles.LetterHandler);

        var page = await handler.GetPageAsync("/admin/letters/statistics?from=2026-02&to=2026-09");
        using var badMonth = await handler.GetAsync("/admin/letters/statistics?from=2026-13&to=2026-09");
        using var backwards = await handler.GetAsync("/admin/letters/statistics?from=2026-09&to=2026-02");
        using var badCsv = await handler.GetAsync("/admin/letters/statistics/csv?from=abc");

        Assert.Contains(type, page, StringComparison.Ordinal);
        Assert.Contains("2026年9月", page, StringComparison.Ordinal);
        Assert.DoesNotContain(WriterName, page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badMonth.StatusCode);
        Assert.Contains("月份格式不正确", await badMonth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, backwards.StatusCode);
        Assert.Contains("起始月份不能晚于截止月份", await backwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badCsv.StatusCode);
    }

    [Fact]
    public async Task OnlyLetterHandlersAndAdministratorsReachTheAdminStatisticsButEveryStaffDashboardShowsTheSummary()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        using var page = await editor.GetAsync("/admin/letters/statistics");
        using var csv = await editor.GetAsync("/admin/letters/statistics/csv");
        var dashboard = await editor.GetPageAsync("/admin");

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, csv.StatusCode);
        Assert.Contains("职工信箱办理情况", dashboard, StringComparison.Ordinal);
        Assert.Contains("/mailbox/statistics", dashboard, StringComparison.Ordinal);
        Assert.DoesNotContain("/admin/letters/statistics", dashboard, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePublicSummaryIsLinkedFromTheRepliesAndHasItsTraditionalTwin()
    {
        using var client = app.CreatePublicClient();
        var replies = await client.GetStringAsync(new Uri("/mailbox/replies", UriKind.Relative));
        var page = await client.GetStringAsync(new Uri("/mailbox/statistics", UriKind.Relative));
        using var twin = await client.GetAsync(new Uri("/zh-hant/mailbox/statistics", UriKind.Relative));

        PublicHtml.AssertElementHas(replies, "*", "href=/mailbox/statistics");
        Assert.Contains("职工信箱办理情况统计", page, StringComparison.Ordinal);
        Assert.Contains(MailboxStatistics.MonthName(new DateOnly(app.Today.Year, app.Today.Month, 1)), page, StringComparison.Ordinal);
        Assert.Contains("按时答复", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, twin.StatusCode);
        Assert.Contains("職工信箱", await twin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task<MailboxStatisticsReport> ComputeAsync(DateOnly first, DateOnly last)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<MailboxStatistics>().ComputeAsync(first, last, CancellationToken.None);
    }

    private static LetterCounts Counts(MonthCounts month, string type) => Assert.Single(month.ByType, t => t.TypeName == type).Counts;

    /// <summary>Five letters of a new type in September 2026 and one in February, with the writer's data filled in.</summary>
    private Task<string> AddLettersAsync() => app.WithDbAsync(async db =>
    {
        var type = new LetterType { Name = "统计" + Guid.NewGuid().ToString("N")[..8], DeadlineWorkingDays = 5 };
        db.LetterTypes.Add(type);
        Letter At(int month, int day, LetterStatus status, DateOnly dueOn, (int Month, int Day)? closed = null) => new()
        {
            Type = type, Subject = "测试来信", Body = "来信内容", QueryCodeHash = Guid.NewGuid().ToString("N"), SubmissionKey = Guid.NewGuid(),
            WriterName = WriterName, WriterPhone = WriterPhone, WriterEmail = WriterEmail, WriterIp = WriterIp,
            Status = status, ReceivedAt = Beijing(month, day), DueOn = dueOn,
            ClosedAt = closed is { } c ? Beijing(c.Month, c.Day) : null,
        };
        db.Letters.AddRange(
            At(9, 18, LetterStatus.Published, new DateOnly(2026, 9, 24), (9, 24)),
            At(9, 30, LetterStatus.NotPublished, new DateOnly(2026, 10, 8), (10, 9)),
            At(9, 28, LetterStatus.Answered, new DateOnly(2026, 10, 12)),
            At(9, 29, LetterStatus.Declined, new DateOnly(2026, 10, 13), (9, 29)),
            At(2, 13, LetterStatus.NotPublished, new DateOnly(2026, 2, 27), (2, 24)));
        await db.SaveChangesAsync();
        return type.Name;
    });

    /// <summary>Late on a Beijing day, so that a slip between UTC and Beijing dates would show.</summary>
    private static DateTime Beijing(int month, int day) => ChinaTime.ToUtc(new DateTime(2026, month, day, 23, 30, 0, DateTimeKind.Unspecified));
}
