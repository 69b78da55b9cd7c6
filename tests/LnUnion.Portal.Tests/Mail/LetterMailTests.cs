using System.Globalization;
using System.Net;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Tests.Admin;
using LnUnion.Portal.Tests.Mailbox;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace LnUnion.Portal.Tests.Mail;

/// <summary>
/// With <c>Mail:Smtp</c> set, the handler hears of a letter handed to them and the writer of an answer they can read,
/// through a real SMTP server started here; neither mail carries the query code or the writer's data.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class LetterMailTests(PortalApplication app)
{
    private const string WriterName = "邮件测试写信人";

    [Fact]
    public async Task TheHandlerIsMailedOnAssignmentAndTheWriterWhenTheAnswerIsPublishedWithoutTheCodeOrPersonalData()
    {
        await using var smtp = new TestSmtpServer();
        await using var host = WithMail(smtp.Port);
        var (id, code, phone, email) = await WriteAsync(host, mayPublish: true);
        using var handler = await host.SignInAsNewAsync(Roles.LetterHandler);
        using var reviewer = await host.SignInAsNewAsync(Roles.LetterHandler);
        var department = await AddDepartmentAsync();

        await LetterHandlingTests.StepAsync(handler, id, "accept");
        await LetterHandlingTests.StepAsync(handler, id, "assign", ("departmentId", department.ToString(CultureInfo.InvariantCulture)), ("handlerId", handler.UserId), ("note", "请核实后答复"));

        var assigned = Assert.Single(await smtp.MessagesToAsync(handler.Email));
        Assert.StartsWith("【转办信件】", assigned.Subject, StringComparison.Ordinal);
        Assert.Contains("请核实后答复", assigned.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://www.example.gov.cn/admin/letters/{id}", assigned.TextBody, StringComparison.Ordinal);
        NoWriterData(assigned, code, phone, email);
        Assert.Empty(await smtp.MessagesToAsync(email, waitSeconds: 0));

        await LetterHandlingTests.StepAsync(handler, id, "answer", ("answer", "已联系用人单位。"));
        await LetterHandlingTests.StepAsync(reviewer, id, "approve");
        Assert.Empty(await smtp.MessagesToAsync(email, waitSeconds: 1));
        await LetterHandlingTests.StepAsync(reviewer, id, "publish");

        var told = Assert.Single(await smtp.MessagesToAsync(email));
        Assert.Contains("已有答复", told.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://www.example.gov.cn/mailbox/query", told.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("已联系用人单位", told.TextBody, StringComparison.Ordinal);
        NoWriterData(told, code, phone, email);
        Assert.DoesNotContain(smtp.Received, m => m.To.Mailboxes.Any(b => b.Address == reviewer.Email));
    }

    [Fact]
    public async Task AWriterWhoGaveNoAddressGetsNoMailAndAnAnswerClosedWithoutPublicationIsMailedToo()
    {
        await using var smtp = new TestSmtpServer();
        await using var host = WithMail(smtp.Port);
        var (silent, _, _, _) = await WriteAsync(host, mayPublish: false, withEmail: false);
        var (told, code, phone, email) = await WriteAsync(host, mayPublish: false);
        using var handler = await host.SignInAsNewAsync(Roles.LetterHandler);
        using var reviewer = await host.SignInAsNewAsync(Roles.LetterHandler);
        var department = await AddDepartmentAsync();

        foreach (var id in new[] { silent, told })
        {
            await LetterHandlingTests.StepAsync(handler, id, "accept");
            await LetterHandlingTests.StepAsync(handler, id, "assign", ("departmentId", department.ToString(CultureInfo.InvariantCulture)));
            await LetterHandlingTests.StepAsync(handler, id, "answer", ("answer", "答复内容"));
            await LetterHandlingTests.StepAsync(reviewer, id, "approve");
            await LetterHandlingTests.StepAsync(reviewer, id, "keepprivate");
        }

        var message = Assert.Single(await smtp.MessagesToAsync(email));
        NoWriterData(message, code, phone, email);
        // Assigned to a department with nobody named: no handler mail. The one writer with an address: one mail.
        Assert.Single(await smtp.AllQueuedAsync(host));
    }

    private WebApplicationFactory<Program> WithMail(int port) => MailboxHosts.Start(app,
        ("Mail:Smtp:Host", "127.0.0.1"),
        ("Mail:Smtp:Port", port.ToString(CultureInfo.InvariantCulture)),
        ("Mail:Smtp:From", "网站管理后台 <portal@example.gov.cn>"),
        ("Mail:Smtp:TimeoutSeconds", "5"));

    private static void NoWriterData(MimeMessage message, string code, string phone, string? email)
    {
        var text = message.Subject + "\n" + message.TextBody;
        var bareCode = code.Replace("-", string.Empty, StringComparison.Ordinal);
        foreach (var personal in new[] { code, bareCode, phone, WriterName, email }.OfType<string>())
        {
            Assert.False(text.Contains(personal, StringComparison.OrdinalIgnoreCase), $"The mail \"{message.Subject}\" carries {personal}");
        }
    }

    private async Task<(int Id, string Code, string Phone, string Email)> WriteAsync(WebApplicationFactory<Program> host, bool mayPublish, bool withEmail = true)
    {
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();
        var email = $"writer-{Guid.NewGuid():N}@example.com";
        using var response = await browser.WriteAsync(phone, form =>
        {
            form["Name"] = WriterName;
            form["Email"] = withEmail ? email : string.Empty;
            if (mayPublish)
            {
                form["MayPublish"] = "true";
            }
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var code = MailboxHosts.QueryCode(await response.Content.ReadAsStringAsync());
        var id = await app.WithDbAsync(db => db.Letters.Where(l => l.WriterPhone == phone).Select(l => l.Id).SingleAsync());
        return (id, code, phone, email);
    }

    private Task<int> AddDepartmentAsync() => app.WithDbAsync(async db =>
    {
        var department = new LetterDepartment { Name = "邮件测试部门" + Guid.NewGuid().ToString("N")[..6] };
        db.LetterDepartments.Add(department);
        await db.SaveChangesAsync();
        return department.Id;
    });
}
