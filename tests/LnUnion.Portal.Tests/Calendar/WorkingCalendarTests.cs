using System.Net;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests.Calendar;

/// <summary>
/// Deadlines in working days, on the app's own database as it seeded it from official-days.txt. Each expected date
/// was worked out by hand from that file: 2026-02-14 (Sat) and 2026-02-28 (Sat) are 春节调休上班, 2026-02-15 to
/// 2026-02-23 are 春节; 2026-09-20 (Sun) and 2026-10-10 (Sat) are 国庆节调休上班, 2026-09-25 to 27 are 中秋 and
/// 2026-10-01 to 07 are 国庆节. Tests that change the calendar use years far from the seeded ones.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class WorkingCalendarTests(PortalApplication app)
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static Task<T> WithCalendarAsync<T>(WebApplicationFactory<Program> host, Func<WorkingCalendar, Task<T>> action) =>
        WithScopeAsync(host, scope => action(scope.GetRequiredService<WorkingCalendar>()));

    private static async Task<T> WithScopeAsync<T>(WebApplicationFactory<Program> host, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    [Fact]
    public async Task ALetterReceivedOnFridayTheEighteenthOfSeptember2026WithFiveWorkingDaysIsDueOnThursdayTheTwentyFourthBecauseTheSundayIsAMakeUpWorkingDay()
    {
        Assert.Equal(D(2026, 9, 24), await WithCalendarAsync(app, c => c.AddWorkingDaysAsync(D(2026, 9, 18), 5)));
        Assert.True(await WithCalendarAsync(app, c => c.IsWorkingDayAsync(D(2026, 9, 20))));
    }

    [Fact]
    public async Task AComplaintReceivedBeforeMidAutumnAndNationalDay2026SkipsBothHolidaysAndCountsTheMakeUpSaturday()
    {
        // 9-24, 9-28, 9-29, 9-30, 10-8, 10-9, 10-10 (Sat), 10-12 … 10-16, 10-19, 10-20, 10-21.
        Assert.Equal(D(2026, 10, 21), await WithCalendarAsync(app, c => c.AddWorkingDaysAsync(D(2026, 9, 23), 15)));
        // 9-20, 9-21 … 9-24, 9-28, 9-29, 9-30, 10-8, 10-9, 10-10.
        Assert.Equal(11, await WithCalendarAsync(app, c => c.WorkingDaysBetweenAsync(D(2026, 9, 18), D(2026, 10, 10))));
        Assert.False(await WithCalendarAsync(app, c => c.IsWorkingDayAsync(D(2026, 10, 6))));
        Assert.False(await WithCalendarAsync(app, c => c.IsWorkingDayAsync(D(2026, 9, 25))));
    }

    [Fact]
    public async Task TheSpringFestival2026CountsItsTwoMakeUpSaturdaysAndNoneOfItsNineDaysOff()
    {
        // 2-14 (Sat), then 2-24 … 2-27.
        Assert.Equal(D(2026, 2, 27), await WithCalendarAsync(app, c => c.AddWorkingDaysAsync(D(2026, 2, 13), 5)));
        // 2-25, 2-26, 2-27, 2-28 (Sat).
        Assert.Equal(D(2026, 2, 28), await WithCalendarAsync(app, c => c.AddWorkingDaysAsync(D(2026, 2, 24), 4)));
        Assert.Equal(6, await WithCalendarAsync(app, c => c.WorkingDaysBetweenAsync(D(2026, 2, 13), D(2026, 2, 28))));
        Assert.True(await WithCalendarAsync(app, c => c.IsWorkingDayAsync(D(2026, 2, 14))));
        Assert.False(await WithCalendarAsync(app, c => c.IsWorkingDayAsync(D(2026, 2, 16))));
    }

    [Fact]
    public async Task OrdinaryWeekendsAreNotWorkingDaysAndTheStartDayNeverCounts()
    {
        Assert.False(await WithCalendarAsync(app, c => c.IsWorkingDayAsync(D(2026, 3, 7))));
        Assert.True(await WithCalendarAsync(app, c => c.IsWorkingDayAsync(D(2026, 3, 9))));
        Assert.Equal(D(2026, 3, 9), await WithCalendarAsync(app, c => c.AddWorkingDaysAsync(D(2026, 3, 6), 1)));
        // Received on a Saturday: Monday is the first working day after it.
        Assert.Equal(D(2026, 3, 9), await WithCalendarAsync(app, c => c.AddWorkingDaysAsync(D(2026, 3, 7), 1)));
        Assert.Equal(D(2026, 3, 6), await WithCalendarAsync(app, c => c.AddWorkingDaysAsync(D(2026, 3, 6), 0)));
        Assert.Equal(0, await WithCalendarAsync(app, c => c.WorkingDaysBetweenAsync(D(2026, 3, 9), D(2026, 3, 9))));
        Assert.Equal(0, await WithCalendarAsync(app, c => c.WorkingDaysBetweenAsync(D(2026, 3, 9), D(2026, 3, 2))));
        Assert.Equal(5, await WithCalendarAsync(app, c => c.WorkingDaysBetweenAsync(D(2026, 3, 6), D(2026, 3, 13))));
    }

    [Fact]
    public async Task AYearNotEnteredCountsMondayToFridayAndTheCalendarPageAndDashboardSaySo()
    {
        // 2027-01-01 is a Friday; without 2027's arrangement it counts as a working day.
        Assert.Equal(D(2027, 1, 1), await WithCalendarAsync(app, c => c.AddWorkingDaysAsync(D(2026, 12, 31), 1)));
        Assert.Equal(D(2027, 1, 4), await WithCalendarAsync(app, c => c.AddWorkingDaysAsync(D(2026, 12, 31), 2)));

        await using var december2026 = OnDay(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal([2027], await WithCalendarAsync(december2026, c => c.MissingYearsAsync()));
        using var staff = await december2026.SignInAsNewAsync(Roles.Staff);
        Assert.Contains("2027年节假日安排尚未录入", await staff.GetPageAsync("/admin"), StringComparison.Ordinal);
        Assert.Contains("2027年节假日安排尚未录入", await staff.GetPageAsync("/admin/calendar?year=2027"), StringComparison.Ordinal);

        await using var june2025 = OnDay(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.FromHours(8)));
        Assert.Empty(await WithCalendarAsync(june2025, c => c.MissingYearsAsync()));
        using var staffIn2025 = await june2025.SignInAsNewAsync(Roles.Staff);
        Assert.DoesNotContain("尚未录入", await staffIn2025.GetPageAsync("/admin"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ADayStaffAddChangesTheNextDeadlineAtOnceOnEveryNode()
    {
        await using var otherNode = app.WithWebHostBuilder(_ => { });
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        // 2030-03-01 is a Friday.
        const string Trial = "/admin/calendar?year=2030&from=2030-03-01&days=1";
        Assert.Contains("2030-03-04（星期一）", await staff.GetPageAsync(Trial), StringComparison.Ordinal);
        try
        {
            using var added = await staff.SubmitAsync("/admin/calendar?year=2030", "/admin/calendar/days/new",
                ("NewDay.Date", "2030-03-04"), ("NewDay.IsWorkingDay", "false"), ("NewDay.Name", "测试放假"));
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

            Assert.Contains("2030-03-05（星期二）", await staff.GetPageAsync(Trial), StringComparison.Ordinal);
            Assert.Equal(D(2030, 3, 5), await WithCalendarAsync(otherNode, c => c.AddWorkingDaysAsync(D(2030, 3, 1), 1)));

            var edit = await staff.GetFormAsync("/admin/calendar/days/2030-03-04/edit", "/admin/calendar/days/2030-03-04/edit");
            edit["Input.IsWorkingDay"] = "true";
            edit["Input.Name"] = "测试上班";
            using var edited = await staff.PostAsync("/admin/calendar/days/2030-03-04/edit", edit);
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
            Assert.Equal(D(2030, 3, 4), await WithCalendarAsync(otherNode, c => c.AddWorkingDaysAsync(D(2030, 3, 1), 1)));

            var delete = await staff.GetFormAsync("/admin/calendar?year=2030", "/admin/calendar/days/2030-03-04/delete");
            using var deleted = await staff.PostAsync("/admin/calendar/days/2030-03-04/delete", delete);
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            Assert.False(await app.WithDbAsync(db => db.CalendarDays.AnyAsync(d => d.Date == D(2030, 3, 4))));

            foreach (var action in new[] { "calendar.newday", "calendar.editday", "calendar.deleteday" })
            {
                Assert.Single(await app.AuditEntriesAsync(action, userId: staff.UserId));
            }

            Assert.Equal("calendar:2030-03-04", (await app.AuditEntriesAsync("calendar.editday", userId: staff.UserId)).Single().Target, ignoreCase: true);
        }
        finally
        {
            await app.WithDbAsync(db => db.CalendarDays.Where(d => d.Date == D(2030, 3, 4)).ExecuteDeleteAsync());
        }
    }

    [Fact]
    public async Task AnImportWithAnyBadLineSavesNothingAndNamesEachBadLineInChinese()
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        var form = await staff.GetFormAsync("/admin/calendar?year=2031", "/admin/calendar/2031/import");
        form["Text"] = string.Join('\n',
            "# 测试数据",
            "2031-01-01 休 测试一",
            "2031-02-30 休 测试二",
            "2031-03-01 放 测试三",
            "2030-05-01 休 测试四",
            "2031-04-01 休",
            "2031-01-01 班 测试五");
        using var response = await staff.PostAsync("/admin/calendar/2031/import", form);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("第 3 行：“2031-02-30”不是有效的日期", html, StringComparison.Ordinal);
        Assert.Contains("第 4 行：日期后应写“休”（放假）或“班”（调休上班），而不是“放”", html, StringComparison.Ordinal);
        Assert.Contains("第 5 行：2030-05-01 不在 2031 年内", html, StringComparison.Ordinal);
        Assert.Contains("第 6 行“2031-04-01 休”：应写作“日期 休或班 名称”", html, StringComparison.Ordinal);
        Assert.Contains("第 7 行：2031-01-01 在第 2 行已经出现过", html, StringComparison.Ordinal);
        Assert.Contains("什么都没有保存", html, StringComparison.Ordinal);
        Assert.Contains("测试五", html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.CalendarDays.InYear(2031).AnyAsync()));
    }

    [Fact]
    public async Task AGoodImportReplacesTheYearAndExportsTheSameLines()
    {
        using var staff = await app.SignInAsNewAsync(Roles.Administrator);
        try
        {
            var form = await staff.GetFormAsync("/admin/calendar?year=2032", "/admin/calendar/2032/import");
            form["Text"] = "\uFEFF2032-01-01 休 测试放假\r\n\r\n2032-01-03　班　测试上班\r\n";
            using var imported = await staff.PostAsync("/admin/calendar/2032/import", form);
            Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);

            form = await staff.GetFormAsync("/admin/calendar?year=2032", "/admin/calendar/2032/import");
            form["Text"] = "2032-01-02 休 测试放假\n";
            using var replaced = await staff.PostAsync("/admin/calendar/2032/import", form);
            Assert.Equal(HttpStatusCode.Redirect, replaced.StatusCode);

            using var export = await staff.GetAsync("/admin/calendar/2032/export");
            Assert.Equal("text/plain; charset=utf-8", export.Content.Headers.ContentType?.ToString());
            var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#'));
            Assert.Equal(["2032-01-02 休 测试放假"], lines);
            Assert.Equal(2, (await app.AuditEntriesAsync("calendar.import", target: "calendar:2032", userId: staff.UserId)).Count);
        }
        finally
        {
            await app.WithDbAsync(db => db.CalendarDays.InYear(2032).ExecuteDeleteAsync());
        }
    }

    [Theory]
    [InlineData(Roles.Editor, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Reviewer, HttpStatusCode.Forbidden)]
    [InlineData(Roles.Staff, HttpStatusCode.OK)]
    [InlineData(Roles.Administrator, HttpStatusCode.OK)]
    public async Task OnlyOfficeStaffAndAdministratorsReachTheHolidayCalendar(string role, HttpStatusCode expected)
    {
        using var browser = await app.SignInAsNewAsync(role);
        using var response = await browser.GetAsync("/admin/calendar");
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(expected == HttpStatusCode.OK, (await browser.GetPageAsync("/admin")).Contains("href=\"/admin/calendar\"", StringComparison.Ordinal));
    }

    private WebApplicationFactory<Program> OnDay(DateTimeOffset now) =>
        app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new FakeTimeProvider(now))));
}
