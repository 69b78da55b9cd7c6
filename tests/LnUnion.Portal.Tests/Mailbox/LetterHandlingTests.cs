using System.Net;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Mailbox;

[Collection(PortalTests.Name)]
public sealed class LetterHandlingTests(PortalApplication app)
{
    private Task<int> AddLetterAsync(LetterStatus status, string? answeredById = null) =>
        app.WithDbAsync(async db =>
        {
            var type = await db.LetterTypes.OrderBy(t => t.SortOrder).FirstAsync();
            var letter = new Letter
            {
                TypeId = type.Id, Subject = "测试来信", Body = "来信内容", QueryCodeHash = Guid.NewGuid().ToString("N"),
                SubmissionKey = Guid.NewGuid(), Status = status, ReceivedAt = app.UtcNow,
                DueOn = app.Today.AddDays(14), Answer = answeredById is null ? null : "答复", AnsweredById = answeredById,
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            return letter.Id;
        });

    [Fact]
    public async Task AHandlerAcceptsAReceivedLetterAndTheStepIsRecorded()
    {
        using var handler = await app.SignInAsNewAsync(Roles.LetterHandler);
        var id = await AddLetterAsync(LetterStatus.Received);
        var form = await handler.GetFormAsync($"/admin/letters/{id}", $"/admin/letters/{id}/accept");
        using var response = await handler.PostAsync($"/admin/letters/{id}/accept", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (status, events) = await app.WithDbAsync(async db =>
            (await db.Letters.Where(l => l.Id == id).Select(l => l.Status).SingleAsync(), await db.Set<LetterEvent>().CountAsync(e => e.LetterId == id)));
        Assert.Equal(LetterStatus.Accepted, status);
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task AnEditorGetsForbiddenOnTheLetterPages()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await AddLetterAsync(LetterStatus.Received);
        using var list = await editor.GetAsync("/admin/letters");
        using var page = await editor.GetAsync($"/admin/letters/{id}");
        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
    }

    [Fact]
    public async Task TheAuthorOfAnAnswerCannotApproveIt()
    {
        using var handler = await app.SignInAsNewAsync(Roles.LetterHandler);
        var id = await AddLetterAsync(LetterStatus.Answered, handler.UserId);
        var form = await handler.GetFormAsync($"/admin/letters/{id}", $"/admin/letters/{id}/approve");
        using var response = await handler.PostAsync($"/admin/letters/{id}/approve", form);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("不能审核自己撰写的答复", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALetterGoesFromReceivedToPublishedWithTheAnswerApprovedBySomeoneElse()
    {
        using var writer = await app.SignInAsNewAsync(Roles.LetterHandler);
        using var reviewer = await app.SignInAsNewAsync(Roles.LetterHandler);
        var department = await app.WithDbAsync(async db =>
        {
            var row = new LetterDepartment { Name = "权益保障部" + Guid.NewGuid().ToString("N")[..6] };
            db.LetterDepartments.Add(row);
            await db.SaveChangesAsync();
            return row.Id;
        });
        var id = await AddLetterAsync(LetterStatus.Received);
        await app.WithDbAsync(db => db.Letters.Where(l => l.Id == id).ExecuteUpdateAsync(u => u.SetProperty(l => l.MayPublish, true)));

        await StepAsync(writer, id, "accept");
        await StepAsync(writer, id, "assign", ("departmentId", department.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("note", "请权益保障部答复"));
        await StepAsync(writer, id, "answer", ("answer", "已联系用人单位，工资将于本月发放。"));
        await StepAsync(reviewer, id, "approve");
        await StepAsync(reviewer, id, "publish");

        var (status, departmentId, events) = await app.WithDbAsync(async db => (
            await db.Letters.Where(l => l.Id == id).Select(l => l.Status).SingleAsync(),
            await db.Letters.Where(l => l.Id == id).Select(l => l.DepartmentId).SingleAsync(),
            await db.Set<LetterEvent>().Where(e => e.LetterId == id).OrderBy(e => e.Id).Select(e => e.ToStatus).ToListAsync()));
        Assert.Equal(LetterStatus.Published, status);
        Assert.Equal(department, departmentId);
        Assert.Equal([LetterStatus.Accepted, LetterStatus.Assigned, LetterStatus.Answered, LetterStatus.AnswerApproved, LetterStatus.Published], events);
    }

    [Fact]
    public async Task AssigningALetterToADepartmentThatDoesNotExistIsRefusedWithAMessage()
    {
        using var handler = await app.SignInAsNewAsync(Roles.LetterHandler);
        var id = await AddLetterAsync(LetterStatus.Accepted);
        var form = await handler.GetFormAsync($"/admin/letters/{id}", $"/admin/letters/{id}/assign");
        form.Remove("departmentId");
        form.Add("departmentId", "999999");
        using var response = await handler.PostAsync($"/admin/letters/{id}/assign", form);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("请选择一个在用的承办部门", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(LetterStatus.Accepted, await app.WithDbAsync(db => db.Letters.Where(l => l.Id == id).Select(l => l.Status).SingleAsync()));
    }

    [Fact]
    public async Task ALetterPastItsDueDateIsListedInTheSelfCheck()
    {
        var subject = "逾期未答复的来信" + Guid.NewGuid().ToString("N")[..6];
        var id = await AddLetterAsync(LetterStatus.Accepted);
        await app.WithDbAsync(db => db.Letters.Where(l => l.Id == id).ExecuteUpdateAsync(u => u
            .SetProperty(l => l.Subject, subject)
            .SetProperty(l => l.DueOn, app.Today.AddDays(-2))));
        using var handler = await app.SignInAsNewAsync(Roles.LetterHandler);

        var html = await handler.GetPageAsync("/admin/inspection");

        Assert.Contains("职工信箱按时答复", html, StringComparison.Ordinal);
        Assert.Contains(subject, html, StringComparison.Ordinal);
    }

    internal static async Task StepAsync(StaffBrowser browser, int id, string step, params (string Name, string Value)[] fields)
    {
        var form = await browser.GetFormAsync($"/admin/letters/{id}", $"/admin/letters/{id}/{step}");
        foreach (var (name, value) in fields)
        {
            form.Remove(name);
            form.Add(name, value);
        }

        using var response = await browser.PostAsync($"/admin/letters/{id}/{step}", form);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
