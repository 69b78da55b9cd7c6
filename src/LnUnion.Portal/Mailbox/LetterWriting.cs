using System.Net;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Models;
using LnUnion.Portal.Site;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Mailbox;

/// <summary>How a letter's post ended: received (with the code to show), or refused with a status and a reason.</summary>
public sealed record LetterWriteResult(int Status, string? Refusal, LetterWrittenModel? Written, IReadOnlyDictionary<string, string>? FieldErrors = null)
{
    public static LetterWriteResult Refused(int status, string refusal) => new(status, refusal, null);
}

/// <summary>
/// Receives a letter from the public form: the abuse checks, the attachments, the due date and the one row per form.
/// Field rules are the form model's annotations and <see cref="ContactNumbers.MainlandPhone"/>; what is checked here
/// is everything a person filling the form honestly never meets.
/// </summary>
public sealed class LetterWriting(
    PortalDbContext db,
    WorkingCalendar calendar,
    Uploads uploads,
    MediaStorage storage,
    QueryCodes codes,
    MailboxLimits limits,
    CheckLists checkLists,
    IDataProtectionProvider protection,
    IOptions<MailboxOptions> options,
    TimeProvider clock)
{
    public const string ExpiredForm = "这张表单已失效（打开太久或页面不完整）。内容已保留，请再点一次“提交”。";
    public const string TooFast = "提交得太快了，请核对内容后再点一次“提交”。";
    public const string Refused = "提交未成功，请刷新页面后重新填写。";

    public const string ReceivedAction = "received";

    /// <summary>A fresh ticket for a form being opened (or handed back after an expired one).</summary>
    public string NewTicket() => LetterFormTicket.New(clock.GetUtcNow().UtcDateTime).Seal(protection);

    public Task<List<LetterTypeOption>> ActiveTypesAsync(CancellationToken cancellationToken) =>
        db.LetterTypes.AsNoTracking()
            .Where(t => t.IsActive)
            .OrderBy(t => t.SortOrder).ThenBy(t => t.Id)
            .Select(t => new LetterTypeOption(t.Id, t.Name, t.Description))
            .ToListAsync(cancellationToken);

    public async Task<LetterWriteResult> WriteAsync(LetterFormInput input, IPAddress? address, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var ticket = LetterFormTicket.Open(protection, input.Ticket);
        if (ticket is null || now - ticket.OpenedAtUtc > options.Value.FormLifetime)
        {
            return LetterWriteResult.Refused(StatusCodes.Status400BadRequest, ExpiredForm);
        }

        if (!string.IsNullOrEmpty(input.Website))
        {
            return LetterWriteResult.Refused(StatusCodes.Status400BadRequest, Refused);
        }

        // A second post of the same form (two clicks, or the back button) is answered with the first letter's code.
        if (await WrittenAsync(ticket, cancellationToken) is { } earlier)
        {
            return earlier;
        }

        if (now - ticket.OpenedAtUtc < options.Value.MinimumFillTime)
        {
            return LetterWriteResult.Refused(StatusCodes.Status400BadRequest, TooFast);
        }

        var type = await db.LetterTypes.AsNoTracking()
            .Where(t => t.Id == input.TypeId && t.IsActive)
            .Select(t => new { t.Id, t.DeadlineWorkingDays })
            .SingleOrDefaultAsync(cancellationToken);
        var phone = ContactNumbers.MainlandPhone(input.Phone);
        var fieldErrors = new Dictionary<string, string>();
        if (type is null)
        {
            fieldErrors[nameof(input.TypeId)] = "请选择信件类型。";
        }

        if (phone is null)
        {
            fieldErrors[nameof(input.Phone)] = ContactNumbers.MainlandPhoneMessage;
        }

        var files = input.Attachments.Where(f => f.Length > 0 || !string.IsNullOrEmpty(f.FileName)).ToList();
        if (files.Count > options.Value.MaxAttachments)
        {
            fieldErrors[nameof(input.Attachments)] = $"最多上传 {options.Value.MaxAttachments} 个附件。";
        }

        if (await SensitiveWordAsync(input, cancellationToken) is { } word)
        {
            fieldErrors[nameof(input.Body)] = $"信件中有不宜使用的词语“{word}”，请修改后再提交。";
        }

        if (fieldErrors.Count > 0)
        {
            return new LetterWriteResult(StatusCodes.Status400BadRequest, null, null, fieldErrors);
        }

        if (!limits.TryWrite(address, phone!))
        {
            return LetterWriteResult.Refused(StatusCodes.Status429TooManyRequests, MailboxLimits.WritingRefused);
        }

        var letter = new Letter
        {
            TypeId = type!.Id,
            Subject = input.Subject!.Trim(),
            Body = input.Body!.Trim(),
            WriterName = input.Name!.Trim(),
            WriterPhone = phone,
            WriterEmail = input.Email,
            WriterIp = address?.ToString(),
            MayPublish = input.MayPublish,
            QueryCodeHash = codes.Hash(ticket.QueryCode),
            SubmissionKey = ticket.SubmissionKey,
            Status = LetterStatus.Received,
            ReceivedAt = now,
            DueOn = await calendar.AddWorkingDaysAsync(ChinaTime.Today(clock), type.DeadlineWorkingDays, cancellationToken),
        };
        letter.Events.Add(new LetterEvent { At = now, Action = ReceivedAction, ToStatus = LetterStatus.Received });

        for (var i = 0; i < files.Count; i++)
        {
            var upload = await uploads.SaveAsync(files[i], uploaderId: null, cancellationToken, isPublic: false);
            if (!upload.Succeeded)
            {
                ForgetUploads(letter);
                return LetterWriteResult.Refused(upload.StorageFull ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest, upload.Error!);
            }

            letter.Attachments.Add(new LetterAttachment { MediaFile = upload.File!, SortOrder = i });
        }

        db.Letters.Add(letter);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            ForgetUploads(letter);
            // The other post of the same form saved first; its letter is this one. Anything else is a real failure.
            if (await WrittenAsync(ticket, cancellationToken) is { } concurrent)
            {
                return concurrent;
            }

            throw;
        }

        return Written(ticket.QueryCode, letter.Subject, letter.ReceivedAt, letter.DueOn);
    }

    /// <summary>The first word of the sensitive-word list staff keep (内容检查) in the subject or text; null when none.</summary>
    private async Task<string?> SensitiveWordAsync(LetterFormInput input, CancellationToken cancellationToken)
    {
        var sensitive = (await checkLists.CurrentAsync(db, cancellationToken)).Sensitive;
        return sensitive.Matches($"{input.Subject}\n{input.Body}").Select(match => sensitive.Patterns[match.Pattern]).FirstOrDefault();
    }

    private async Task<LetterWriteResult?> WrittenAsync(LetterFormTicket ticket, CancellationToken cancellationToken)
    {
        var letter = await db.Letters.AsNoTracking()
            .Where(l => l.SubmissionKey == ticket.SubmissionKey)
            .Select(l => new { l.Subject, l.ReceivedAt, l.DueOn })
            .SingleOrDefaultAsync(cancellationToken);
        return letter is null ? null : Written(ticket.QueryCode, letter.Subject, letter.ReceivedAt, letter.DueOn);
    }

    private static LetterWriteResult Written(string code, string subject, DateTime receivedAt, DateOnly dueOn) =>
        new(StatusCodes.Status200OK, null, new LetterWrittenModel(QueryCodes.Grouped(code), subject, receivedAt, dueOn));

    /// <summary>Files written for a letter that is not saved: nothing commits them, so they go now rather than wait for the reconciler.</summary>
    private void ForgetUploads(Letter letter)
    {
        foreach (var attachment in letter.Attachments)
        {
            storage.Delete(attachment.MediaFile.StoredName);
        }

        db.ChangeTracker.Clear();
    }
}
