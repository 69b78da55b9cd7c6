using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace LnUnion.Portal.Mail;

/// <summary>
/// Tells people by mail about a step in a letter's handling, when <c>Mail:Smtp</c> is configured: the handler a letter
/// is handed to (转办), and the writer, if they gave an address, once there is something for them on /mailbox/query.
/// Called after the step has been saved; it only fills the outbox, and a failure here is logged, never passed on.
/// </summary>
/// <remarks>
/// Neither message carries the writer's name, phone or address beyond the recipient's own, and the writer's message
/// carries neither the query code (only its hash is stored) nor the letter's subject or answer: an address is typed by
/// hand and may be someone else's, so the mail says only that there is news and where to read it with code and phone.
/// </remarks>
public sealed partial class LetterMail(
    PortalDbContext db,
    MailOutbox outbox,
    IOptions<SmtpOptions> smtp,
    IOptions<SiteOptions> site,
    TimeProvider clock,
    ILogger<LetterMail> logger)
{
    private const string Footer = "此邮件由辽宁省总工会网站自动发送，请勿直接回复。";

    /// <summary>
    /// A step was saved. /mailbox/query shows the writer an answer once the letter is published or
    /// closed without publication (an approved answer may still be sent back before that), and the reason once it is
    /// declined: those three steps mail the writer. 转办 to a named handler mails that handler.
    /// </summary>
    public async Task StepTakenAsync(int letterId, LetterEvent step)
    {
        if (!smtp.Value.IsConfigured)
        {
            return;
        }

        try
        {
            // 退回重办 also ends in Assigned, but from an answered state, and goes back to whoever has the letter already.
            if (step is { ToStatus: LetterStatus.Assigned, FromStatus: LetterStatus.Accepted or LetterStatus.Assigned })
            {
                await AssignedAsync(letterId);
            }
            else if (step.ToStatus is LetterStatus.Published or LetterStatus.NotPublished or LetterStatus.Declined)
            {
                await WriterToldAsync(letterId, step.ToStatus);
            }
        }
        catch (Exception exception)
        {
            LogFailed(logger, exception, letterId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not prepare the mail for letter {LetterId}")]
    private static partial void LogFailed(ILogger logger, Exception exception, int letterId);

    private async Task AssignedAsync(int letterId)
    {
        var now = clock.GetUtcNow();
        var letter = await db.Letters.AsNoTracking().Where(l => l.Id == letterId && l.Handler != null && l.Handler.Email != null)
            .Select(l => new
            {
                l.Subject,
                TypeName = l.Type.Name,
                l.DueOn,
                DepartmentName = l.Department == null ? null : l.Department.Name,
                l.AssignmentNote,
                Email = l.Handler!.Email!,
                Name = l.Handler.DisplayName ?? l.Handler.Email!,
                l.Handler.LockoutEnd,
            })
            .SingleOrDefaultAsync();
        if (letter is null || letter.LockoutEnd > now)
        {
            return;
        }

        outbox.Enqueue(smtp.Value.From!, new MailboxAddress(letter.Name, letter.Email), $"【转办信件】{letter.Subject}",
            $"""
            {letter.Name}：

            职工信箱来信《{letter.Subject}》（{letter.TypeName}）已转交{(letter.DepartmentName is { } department ? $"{department}由" : "")}您办理，办理期限 {letter.DueOn:yyyy-MM-dd}。
            {(letter.AssignmentNote is { } note ? $"\n转办说明：{note}\n" : "")}
            请登录管理后台办理：
            {site.Value.Link($"/admin/letters/{letterId}")}

            {Footer}
            """);
    }

    private async Task WriterToldAsync(int letterId, LetterStatus status)
    {
        var letter = await db.Letters.AsNoTracking().Where(l => l.Id == letterId && l.WriterEmail != null)
            .Select(l => new { Email = l.WriterEmail!, l.ReceivedAt, TypeName = l.Type.Name })
            .SingleOrDefaultAsync();
        if (letter is null)
        {
            return;
        }

        var news = status == LetterStatus.Declined ? "已办理完毕（不予受理），可以查看不予受理的理由" : "已有答复";
        outbox.Enqueue(smtp.Value.From!, new MailboxAddress(string.Empty, letter.Email), "【职工信箱】您的来信已有办理结果",
            $"""
            您好：

            您于 {ChinaTime.Date(letter.ReceivedAt)} 写给辽宁省总工会职工信箱的来信（{letter.TypeName}）{news}。

            请凭写信时得到的查询码和您填写的联系电话查看：
            {site.Value.Link(PublicAddresses.MailboxQuery)}

            {Footer}
            """);
    }
}
