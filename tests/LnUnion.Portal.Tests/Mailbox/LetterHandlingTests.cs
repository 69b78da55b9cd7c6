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
                SubmissionKey = Guid.NewGuid(), Status = status, ReceivedAt = DateTime.UtcNow,
                DueOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(14), Answer = answeredById is null ? null : "答复", AnsweredById = answeredById,
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
}
