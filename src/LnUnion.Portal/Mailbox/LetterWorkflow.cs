using LnUnion.Portal.Data;
using LnUnion.Portal.Mail;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Text;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Mailbox;

/// <summary>
/// Every step of a letter's handling: 受理, 转办, 答复, 审核通过, 公开 / 不公开, 不予受理 and 退回重办. Each step checks
/// the letter's state, records a <see cref="LetterEvent"/>, and saves only if the letter still has the version the
/// form was loaded with. Nothing here deletes a letter.
/// </summary>
public sealed class LetterWorkflow(ContentChanges changes, PortalDbContext db, MailboxPublication publication, LetterMail mail, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public Task<StepResult> AcceptAsync(string actorId, int id, Guid version, CancellationToken ct) =>
        StepAsync(actorId, id, version, "受理", null, [LetterStatus.Received], LetterStatus.Accepted, letter =>
        {
            letter.AcceptedAt = Now;
            return null;
        }, "信件已受理。", ct);

    public async Task<StepResult> AssignAsync(string actorId, int id, Guid version, int departmentId, string? handlerId, string? note, CancellationToken ct)
    {
        // A department or handler picked from a form that has gone stale (retired, or a forged id) is a refusal, not a failed save.
        var department = await db.LetterDepartments.Where(d => d.Id == departmentId && d.IsActive).Select(d => d.Name).SingleOrDefaultAsync(ct);
        if (department is null)
        {
            return StepResult.Refused("请选择一个在用的承办部门。");
        }

        var handler = string.IsNullOrWhiteSpace(handlerId) ? null : handlerId;
        var handlerName = handler is null ? "未指定" : await LetterHandlers.NameAsync(db, handler, ct);
        if (handlerName is null)
        {
            return StepResult.Refused("所选的办理人不是在用的信件办理员，请重新选择。");
        }

        return await StepAsync(actorId, id, version, "转办", note, [LetterStatus.Accepted, LetterStatus.Assigned], LetterStatus.Assigned, letter =>
        {
            letter.DepartmentId = departmentId;
            letter.HandlerId = handler;
            letter.AssignmentNote = TextInput.Clean(note);
            return null;
        }, "信件已转办。", ct, detail: $"承办部门：{department}；办理人：{handlerName}");
    }

    public Task<StepResult> AnswerAsync(string actorId, int id, Guid version, string? answer, CancellationToken ct) =>
        StepAsync(actorId, id, version, "答复", null, [LetterStatus.Assigned], LetterStatus.Answered, letter =>
        {
            if (TextInput.Clean(answer) is not { } text)
            {
                return "请填写答复内容。";
            }

            letter.Answer = text;
            letter.AnsweredById = actorId;
            letter.AnsweredAt = Now;
            return null;
        }, "答复已保存，等待他人审核。", ct, detail: TextInput.Clean(answer));

    public Task<StepResult> ApproveAsync(string actorId, int id, Guid version, CancellationToken ct) =>
        StepAsync(actorId, id, version, "审核通过", null, [LetterStatus.Answered], LetterStatus.AnswerApproved, letter =>
        {
            if (letter.AnsweredById == actorId)
            {
                return "不能审核自己撰写的答复，请由其他信件办理员审核。";
            }

            letter.AnswerReviewedById = actorId;
            letter.AnswerReviewedAt = Now;
            return null;
        }, "答复已审核通过。", ct);

    public Task<StepResult> PublishAsync(string actorId, int id, Guid version, CancellationToken ct) =>
        StepAsync(actorId, id, version, "公开", null, [LetterStatus.AnswerApproved], LetterStatus.Published, letter =>
        {
            if (!letter.MayPublish)
            {
                return "来信人未同意公开，此信件只能选择“不公开”。";
            }

            letter.PublishedAt = Now;
            letter.ClosedAt = Now;
            return null;
        }, "信件已公开。", ct);

    public Task<StepResult> KeepPrivateAsync(string actorId, int id, Guid version, CancellationToken ct) =>
        StepAsync(actorId, id, version, "不公开", null, [LetterStatus.AnswerApproved], LetterStatus.NotPublished, letter =>
        {
            letter.ClosedAt = Now;
            return null;
        }, "信件已办结，不公开。", ct);

    public Task<StepResult> DeclineAsync(string actorId, int id, Guid version, string? reason, CancellationToken ct) =>
        StepAsync(actorId, id, version, "不予受理", reason, [LetterStatus.Received, LetterStatus.Accepted], LetterStatus.Declined, letter =>
        {
            if (TextInput.Clean(reason) is not { } text)
            {
                return "请填写不予受理的理由，来信人会看到它。";
            }

            letter.DeclineReason = text;
            letter.ClosedAt = Now;
            return null;
        }, "信件已不予受理。", ct);

    public Task<StepResult> SendBackAsync(string actorId, int id, Guid version, string? note, CancellationToken ct) =>
        StepAsync(actorId, id, version, "退回重办", note, [LetterStatus.Answered, LetterStatus.AnswerApproved], LetterStatus.Assigned, _ =>
            TextInput.Clean(note) is null ? "请填写退回重办的说明。" : null, "信件已退回重办。", ct);

    private async Task<StepResult> StepAsync(
        string actorId, int id, Guid version, string action, string? note, LetterStatus[] from, LetterStatus to,
        Func<Letter, string?> change, string doneMessage, CancellationToken ct, string? detail = null)
    {
        var letter = await db.Letters.SingleOrDefaultAsync(l => l.Id == id, ct);
        if (letter is null)
        {
            return StepResult.NotFound;
        }

        if (letter.Version != version)
        {
            return StepResult.Conflict;
        }

        if (!from.Contains(letter.Status))
        {
            return StepResult.Refused($"信件当前状态为“{LetterStatusNames.Of(letter.Status)}”，不能{action}。");
        }

        if (change(letter) is { } refusal)
        {
            return StepResult.Refused(refusal);
        }

        letter.Events.Add(new LetterEvent { At = Now, ActorId = actorId, Action = action, FromStatus = letter.Status, ToStatus = to, Note = TextInput.Clean(note), Detail = detail });
        letter.Status = to;
        letter.Version = Guid.NewGuid();
        if (!await changes.SaveAsync(letter, version, ct))
        {
            return StepResult.Conflict;
        }

        if (to == LetterStatus.Published)
        {
            await publication.ChangedAsync(id, CancellationToken.None);
        }

        await mail.StepTakenAsync(id, letter.Events[^1]);

        return StepResult.Done(doneMessage);
    }
}
