using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Mailbox;

/// <summary>What the workflow keeps of a letter whatever steps it goes through, and the dashboard's letters.</summary>
[Collection(PortalTests.Name)]
public sealed class LetterReliabilityTests(PortalApplication app)
{
    private static readonly JsonSerializerOptions Readable = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Unique(string text) => text + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task NoStepDeletesAnythingAboutALetterNotEvenAnAnswerSentBackAndRewritten()
    {
        using var first = await app.SignInAsNewAsync(Roles.LetterHandler);
        using var second = await app.SignInAsNewAsync(Roles.LetterHandler);
        var (legal, rights) = (await AddDepartmentAsync("法律工作部"), await AddDepartmentAsync("权益保障部"));
        var id = (await AddLetterAsync(LetterStatus.Received, "工资拖欠问题")).Id;
        var kept = await LetterAsync(id);
        var events = new List<string>();

        var steps = new (StaffBrowser By, string Step, (string, string)[] Fields)[]
        {
            (first, "accept", []),
            (first, "assign", [("departmentId", legal.Id), ("note", "请法律工作部办理")]),
            (first, "assign", [("departmentId", rights.Id), ("handlerId", second.UserId), ("note", "改由权益保障部办理")]),
            (second, "answer", [("answer", "第一稿答复")]),
            (first, "sendback", [("note", "请补充办理时限")]),
            (second, "answer", [("answer", "第二稿答复：本月底前发放")]),
            (first, "approve", []),
            (first, "publish", []),
        };
        foreach (var (by, step, fields) in steps)
        {
            using var response = await by.SubmitAsync($"/admin/letters/{id}", $"/admin/letters/{id}/{step}", fields);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{step}: {(int)response.StatusCode}");

            var now = await EventsAsync(id);
            Assert.Equal(events, now.Take(events.Count));
            Assert.Equal(events.Count + 1, now.Count);
            events = now;
            var letter = await LetterAsync(id);
            Assert.Equal((kept.Subject, kept.Body, kept.WriterName, kept.WriterPhone, kept.WriterEmail, kept.WriterIp, kept.ReceivedAt, kept.DueOn),
                (letter.Subject, letter.Body, letter.WriterName, letter.WriterPhone, letter.WriterEmail, letter.WriterIp, letter.ReceivedAt, letter.DueOn));
        }

        var history = string.Join('\n', events);
        foreach (var text in new[] { legal.Name, rights.Name, "第一稿答复", "第二稿答复：本月底前发放", "请补充办理时限" })
        {
            Assert.Contains(text, history, StringComparison.Ordinal);
        }

        var page = await first.GetPageAsync($"/admin/letters/{id}");
        Assert.Contains("第一稿答复", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheDashboardListsTheLettersWaitingForEachHandlerAndThoseNearOrPastTheirDeadline()
    {
        using var writer = await app.SignInAsNewAsync(Roles.LetterHandler);
        using var other = await app.SignInAsNewAsync(Roles.LetterHandler);
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var toMe = await AddLetterAsync(LetterStatus.Assigned, Unique("转办给我的信"), handlerId: writer.UserId);
        var myAnswer = await AddLetterAsync(LetterStatus.Answered, Unique("我写的答复"), answeredById: writer.UserId);
        var late = await AddLetterAsync(LetterStatus.Assigned, Unique("超期的信"), handlerId: other.UserId, dueOn: app.Today.AddDays(-10));

        var mine = await DashboardAsync(writer);
        Assert.Contains(toMe.Subject, mine.Waiting, StringComparison.Ordinal);
        Assert.DoesNotContain(myAnswer.Subject, mine.Waiting, StringComparison.Ordinal);
        Assert.DoesNotContain(late.Subject, mine.Waiting, StringComparison.Ordinal);
        Assert.Contains(late.Subject, mine.Due, StringComparison.Ordinal);
        Assert.Contains("已超期", mine.LateRows, StringComparison.Ordinal);
        Assert.Contains(late.Subject, mine.LateRows, StringComparison.Ordinal);
        Assert.DoesNotContain(toMe.Subject, mine.Due, StringComparison.Ordinal);

        var theirs = await DashboardAsync(other);
        Assert.Contains(myAnswer.Subject, theirs.Waiting, StringComparison.Ordinal);
        Assert.Contains(late.Subject, theirs.Waiting, StringComparison.Ordinal);
        Assert.DoesNotContain(toMe.Subject, theirs.Waiting, StringComparison.Ordinal);

        var editors = await editor.GetPageAsync("/admin");
        Assert.DoesNotContain(late.Subject, editors, StringComparison.Ordinal);
    }

    private static async Task<(string Waiting, string Due, string LateRows)> DashboardAsync(StaffBrowser browser)
    {
        var document = new HtmlParser().ParseDocument(await browser.GetPageAsync("/admin"));
        var waiting = document.QuerySelector("section[aria-labelledby=letters-mine-title]")?.TextContent ?? string.Empty;
        var due = document.QuerySelector("section[aria-labelledby=letters-due-title]");
        var late = string.Join('\n', due?.QuerySelectorAll("tr.table-danger").Select(r => r.TextContent) ?? []);
        return (waiting, due?.TextContent ?? string.Empty, late);
    }

    private Task<(string Id, string Name)> AddDepartmentAsync(string name) => app.WithDbAsync(async db =>
    {
        var department = new LetterDepartment { Name = Unique(name) };
        db.LetterDepartments.Add(department);
        await db.SaveChangesAsync();
        return (department.Id.ToString(CultureInfo.InvariantCulture), department.Name);
    });

    private Task<Letter> AddLetterAsync(LetterStatus status, string subject, string? handlerId = null, string? answeredById = null, DateOnly? dueOn = null) =>
        app.WithDbAsync(async db =>
        {
            var letter = new Letter
            {
                TypeId = await db.LetterTypes.OrderBy(t => t.SortOrder).Select(t => t.Id).FirstAsync(),
                Subject = subject, Body = "单位已拖欠三个月工资。", WriterName = "王师傅", WriterPhone = "13800000000", WriterEmail = "wang@example.cn",
                WriterIp = "192.0.2.1", MayPublish = true, QueryCodeHash = Guid.NewGuid().ToString("N"), SubmissionKey = Guid.NewGuid(),
                Status = status, ReceivedAt = app.UtcNow, DueOn = dueOn ?? app.Today.AddDays(30), HandlerId = handlerId,
                Answer = answeredById is null ? null : "答复", AnsweredById = answeredById,
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            return letter;
        });

    private Task<Letter> LetterAsync(int id) => app.WithDbAsync(db => db.Letters.AsNoTracking().SingleAsync(l => l.Id == id));

    private Task<List<string>> EventsAsync(int id) => app.WithDbAsync(async db =>
        (await db.Set<LetterEvent>().AsNoTracking().Where(e => e.LetterId == id).OrderBy(e => e.Id).ToListAsync())
            .Select(e => JsonSerializer.Serialize(new { e.Id, e.At, e.ActorId, e.Action, e.FromStatus, e.ToStatus, e.Note, e.Detail }, Readable))
            .ToList());
}
