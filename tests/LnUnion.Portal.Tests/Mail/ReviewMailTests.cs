using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mail;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Mail;

/// <summary>With <c>Mail:Smtp</c> set, the people an article waits for are told by mail, through a real SMTP server started here.</summary>
[Collection(PortalTests.Name)]
public sealed partial class ReviewMailTests(PortalApplication app)
{
    [Fact]
    public async Task SubmittingMailsTheReviewersEachApprovalTheNextOnesAndTheLastOneTheAuthor()
    {
        await using var smtp = new TestSmtpServer();
        await using var mailing = WithMail(smtp.Port);
        var editor = await mailing.SignInAsNewAsync(Roles.Editor);
        var first = await mailing.SignInAsNewAsync(Roles.Reviewer);
        var second = await mailing.SignInAsNewAsync(Roles.Reviewer);
        var channel = await app.AddChannelAsync($"mail-{Guid.NewGuid():N}"[..20]);
        await app.WithDbAsync(db => db.Channels.Where(c => c.Slug == channel).ExecuteUpdateAsync(c => c.SetProperty(x => x.ReviewLevels, 2)));
        var id = await CreateAsync(editor, channel, "邮件通知的文章");
        var link = $"https://www.example.gov.cn/admin/articles/{id}";

        await SubmitAsync(editor, id);
        foreach (var reviewer in new[] { first, second })
        {
            var message = Assert.Single(await smtp.MessagesToAsync(reviewer.Email));
            Assert.Equal("【待审核】邮件通知的文章", message.Subject);
            Assert.Contains("等待您进行第 1 级审核（共 2 级）", message.TextBody, StringComparison.Ordinal);
            Assert.Contains(link, message.TextBody, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await first.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve")).StatusCode);
        var secondLevel = await smtp.MessagesToAsync(second.Email, count: 2);
        Assert.Equal(2, secondLevel.Count);
        Assert.Contains("等待您进行第 2 级审核", secondLevel[1].TextBody, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await second.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/approve", ArticleWorkflowTests.Secrecy)).StatusCode);
        var published = Assert.Single(await smtp.MessagesToAsync(editor.Email));
        Assert.Equal("【已通过审核】邮件通知的文章", published.Subject);
        Assert.Contains("已在网站上发布", published.TextBody, StringComparison.Ordinal);
        Assert.Contains(link, published.TextBody, StringComparison.Ordinal);

        // Whoever approved level 1 is not asked again, and nobody is asked to review their own article.
        Assert.Single(await smtp.MessagesToAsync(first.Email, waitSeconds: 1));
        Assert.DoesNotContain(smtp.Received, m => (m.Subject ?? "").StartsWith("【待审核】", StringComparison.Ordinal) && m.To.Mailboxes.Any(b => b.Address == editor.Email));
    }

    [Fact]
    public async Task RejectionMailsTheAuthorTheReason()
    {
        await using var smtp = new TestSmtpServer();
        await using var mailing = WithMail(smtp.Port);
        var editor = await mailing.SignInAsNewAsync(Roles.Editor);
        var reviewer = await mailing.SignInAsNewAsync(Roles.Reviewer);
        var id = await CreateAsync(editor, "news", "要退回的文章");
        await SubmitAsync(editor, id);

        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/reject", ("Reason", "请核对会议日期"))).StatusCode);

        var message = Assert.Single(await smtp.MessagesToAsync(editor.Email));
        Assert.Equal("【被退回】要退回的文章", message.Subject);
        Assert.Contains("请核对会议日期", message.TextBody, StringComparison.Ordinal);
        Assert.Contains($"https://www.example.gov.cn/admin/articles/{id}", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutMailSettingsNothingIsSentAndWithTheServerDownEveryStepStillSucceeds()
    {
        // Without its sender a host keeps whatever it queues, so the test counts what was queued instead of waiting
        // a while for mail that does not come.
        await using var unset = app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.Remove(services.Single(s => s.ImplementationType == typeof(MailSender)))));
        var editor = await unset.SignInAsNewAsync(Roles.Editor);
        var id = await CreateAsync(editor, "news", "没有邮件设置时的文章");
        await SubmitAsync(editor, id);
        Assert.Equal(0, unset.Services.GetRequiredService<MailOutbox>().Reader.Count);

        await using var down = WithMail(TestSmtpServer.UnusedPort());
        var downEditor = await down.SignInAsNewAsync(Roles.Editor);
        var downReviewer = await down.SignInAsNewAsync(Roles.Reviewer);
        var rejected = await CreateAsync(downEditor, "news", "邮件服务器停机时退回");
        await SubmitAsync(downEditor, rejected);
        Assert.Equal(HttpStatusCode.Redirect, (await downReviewer.SubmitAsync($"/admin/articles/{rejected}", $"/admin/articles/{rejected}/reject", ("Reason", "退回"))).StatusCode);
        var approved = await CreateAsync(downEditor, "news", "邮件服务器停机时发布");
        await SubmitAsync(downEditor, approved);
        Assert.Equal(HttpStatusCode.Redirect, (await downReviewer.SubmitAsync($"/admin/articles/{approved}", $"/admin/articles/{approved}/approve", ArticleWorkflowTests.Secrecy)).StatusCode);
        Assert.Equal(
            [ArticleStatus.Rejected, ArticleStatus.Published],
            await app.WithDbAsync(db => db.Articles.Where(a => a.Id == rejected || a.Id == approved).OrderBy(a => a.Id).Select(a => a.Status).ToListAsync()));
    }

    private WebApplicationFactory<Program> WithMail(int port) => app.WithWebHostBuilder(builder =>
    {
        builder.UseSetting("Mail:Smtp:Host", "127.0.0.1");
        builder.UseSetting("Mail:Smtp:Port", port.ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Mail:Smtp:From", "网站管理后台 <portal@example.gov.cn>");
        builder.UseSetting("Mail:Smtp:TimeoutSeconds", "5");
    });

    private async Task<int> CreateAsync(StaffBrowser editor, string channelSlug, string title)
    {
        var channelId = await app.WithDbAsync(db => db.Channels.Where(c => c.Slug == channelSlug).Select(c => c.Id).SingleAsync());
        var response = await editor.PostMultipartWithTokenAsync("/admin/articles/new", "/admin/articles/new",
            [("Input.ChannelId", channelId.ToString(CultureInfo.InvariantCulture)), ("Input.Title", title), ("Input.BodyMarkdown", "正文")]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(ArticleId().Match(response.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task SubmitAsync(StaffBrowser editor, int id) =>
        Assert.Equal(HttpStatusCode.Redirect, (await editor.SubmitAsync($"/admin/articles/{id}", $"/admin/articles/{id}/submit")).StatusCode);

    [GeneratedRegex("/admin/articles/([0-9]+)")]
    private static partial Regex ArticleId();
}
