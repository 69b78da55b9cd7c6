using System.Diagnostics;
using System.Net;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests.Mailbox;

/// <summary>The writer's query, the published exchanges, what the public never sees of a letter, and retention.</summary>
[Collection(PortalTests.Name)]
public sealed class LetterQueryAndRepliesTests(PortalApplication app)
{
    private const string WriterName = "隐私测试写信人";
    private const string WriterEmail = "privacy-writer@example.com";

    [Fact]
    public async Task TheRightCodeAndPhoneShowTheStatusAndOnlyAPublishedAnswer()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var (id, code, phone) = await WriteAsync(browser);

        var received = await QueryAsync(browser, code.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal), phone);
        Assert.Equal(HttpStatusCode.OK, received.Status);
        Assert.Contains("待受理", received.Html, StringComparison.Ordinal);

        await SetAsync(id, LetterStatus.Answered, "草拟的答复，尚未审核");
        var answered = await QueryAsync(browser, code, phone);
        Assert.Contains("已答复（待审核）", answered.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("草拟的答复", answered.Html, StringComparison.Ordinal);

        await SetAsync(id, LetterStatus.NotPublished, "审核通过的答复");
        var closed = await QueryAsync(browser, code, phone);
        Assert.Contains("审核通过的答复", closed.Html, StringComparison.Ordinal);

        await app.WithDbAsync(db => db.Letters.Where(l => l.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(l => l.Status, LetterStatus.Declined).SetProperty(l => l.DeclineReason, "不属于工会受理范围")));
        var declined = await QueryAsync(browser, code, phone);
        Assert.Contains("不予受理", declined.Html, StringComparison.Ordinal);
        Assert.Contains("不属于工会受理范围", declined.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongCodeAWrongPhoneAndNonsenseGetTheSameMessageNoSoonerThanTheFloor()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var (_, code, phone) = await WriteAsync(browser);

        var wrongPhone = await QueryAsync(browser, code, MailboxHosts.NewPhone());
        var wrongCode = await QueryAsync(browser, "ABCD-EFGH-JKLM", phone);
        var nonsense = await QueryAsync(browser, "??", "x");
        var right = await QueryAsync(browser, code, phone);

        foreach (var refused in new[] { wrongPhone, wrongCode, nonsense })
        {
            Assert.Equal(HttpStatusCode.NotFound, refused.Status);
            Assert.Contains(LetterQuery.NotFound, refused.Html, StringComparison.Ordinal);
            Assert.DoesNotContain("关于拖欠工资的咨询", refused.Html, StringComparison.Ordinal);
            Assert.True(refused.Took >= LetterQuery.AnswerTime, $"answered after {refused.Took}");
        }

        Assert.True(right.Took >= LetterQuery.AnswerTime, $"answered after {right.Took}");
    }

    [Fact]
    public async Task QueriesFromOneAddressAreLimited()
    {
        await using var host = MailboxHosts.Start(app, ("Mailbox:QueriesPerAddress", "2"));
        using var browser = host.OpenBrowser();

        var first = await QueryAsync(browser, "ABCD-EFGH-JKLM", "13900000000");
        var second = await QueryAsync(browser, "ABCD-EFGH-JKLM", "13900000000");
        var third = await QueryAsync(browser, "ABCD-EFGH-JKLM", "13900000000");

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests), (first.Status, second.Status, third.Status));
        Assert.Contains(MailboxLimits.QueryRefused, third.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublishedExchangeShowsOnTheListAndItsPageWithNumbersMaskedAndNoWriterData()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var (id, _, phone) = await WriteAsync(browser, form =>
        {
            form["Subject"] = "公开测试来信" + Guid.NewGuid().ToString("N")[..6];
            form["Body"] = "我的手机 13912345678，身份证 21010219800101123X，请回电。";
            form["MayPublish"] = "true";
        });
        var (hidden, _, _) = await WriteAsync(browser);
        using var client = app.CreatePublicClient();
        var listBefore = await client.GetStringAsync(new Uri("/mailbox/replies", UriKind.Relative));

        await SetAsync(id, LetterStatus.Published, "请拨打 024-22856666 咨询。", published: true);
        await SetAsync(hidden, LetterStatus.Published, "不公开的来信也有答复", published: true, mayPublish: false);

        var list = await client.GetStringAsync(new Uri("/mailbox/replies", UriKind.Relative));
        var page = await client.GetStringAsync(new Uri($"/mailbox/replies/{id}", UriKind.Relative));
        Assert.DoesNotContain($"/mailbox/replies/{id}\"", listBefore, StringComparison.Ordinal);
        Assert.Contains($"/mailbox/replies/{id}\"", list, StringComparison.Ordinal);
        foreach (var html in new[] { list, page })
        {
            Assert.Contains("受理日期", html, StringComparison.Ordinal);
            Assert.Contains("答复日期", html, StringComparison.Ordinal);
            Assert.Contains("024-****6666", html, StringComparison.Ordinal);
            Assert.DoesNotContain("22856666", html, StringComparison.Ordinal);
            Assert.DoesNotContain(WriterName, html, StringComparison.Ordinal);
            Assert.DoesNotContain(phone, html, StringComparison.Ordinal);
            Assert.DoesNotContain("不公开的来信也有答复", html, StringComparison.Ordinal);
        }

        Assert.Contains("139****5678", page, StringComparison.Ordinal);
        Assert.Contains("2101**********123X", page, StringComparison.Ordinal);
        Assert.DoesNotContain("13912345678", page, StringComparison.Ordinal);
        using var notShown = await client.GetAsync(new Uri($"/mailbox/replies/{hidden}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, notShown.StatusCode);
    }

    [Fact]
    public async Task NoPublicResponseEverCarriesAWritersNamePhoneEmailOrAddress()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var (id, _, phone) = await WriteAsync(browser, form => form["MayPublish"] = "true", address: "203.0.113.77");
        await SetAsync(id, LetterStatus.Published, "隐私测试的答复", published: true);

        using var client = app.CreatePublicClient();
        foreach (var path in new[] { "/", "/mailbox/replies", $"/mailbox/replies/{id}", "/zh-hant/mailbox/replies", "/sitemap.xml", "/feed.xml", "/search?q=隐私测试的答复" })
        {
            var body = await client.GetStringAsync(new Uri(path, UriKind.Relative));
            foreach (var personal in new[] { WriterName, phone, WriterEmail, "203.0.113.77" })
            {
                Assert.False(body.Contains(personal, StringComparison.Ordinal), $"{path} shows {personal}");
            }
        }
    }

    [Fact]
    public async Task TheRetentionSweepErasesPersonalDataAndAttachmentsOnceAndKeepsTheLetterAndAnswer()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var (id, code, phone) = await WriteAsync(browser, files: ("Attachments", "工资条.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 9]));
        await SetAsync(id, LetterStatus.NotPublished, "保存期测试的答复");
        Assert.Equal(HttpStatusCode.OK, (await QueryAsync(browser, code, phone)).Status);
        var storedName = await app.WithDbAsync(db => db.LetterAttachments.Where(a => a.LetterId == id).Select(a => a.MediaFile.StoredName).SingleAsync());
        var retention = new MailboxOptions().PersonalDataRetention;
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow + retention - TimeSpan.FromDays(1));
        var scopes = app.Services.GetRequiredService<IServiceScopeFactory>();
        var sweep = new PersonalDataSweep(scopes, Options.Create(new MailboxOptions()), clock, NullLogger<PersonalDataSweep>.Instance);

        await sweep.SweepAsync(CancellationToken.None);
        Assert.Single(await app.LettersByPhoneAsync(phone));

        clock.Advance(TimeSpan.FromDays(2));
        await Task.WhenAll(sweep.SweepAsync(CancellationToken.None), sweep.SweepAsync(CancellationToken.None));

        var letter = await app.WithDbAsync(db => db.Letters.AsNoTracking().Include(l => l.Events).Include(l => l.Attachments).SingleAsync(l => l.Id == id));
        Assert.Equal((null, null, null, null), (letter.WriterName, letter.WriterPhone, letter.WriterEmail, letter.WriterIp));
        Assert.Equal(clock.GetUtcNow().UtcDateTime, letter.PersonalDataErasedAt);
        Assert.Equal("保存期测试的答复", letter.Answer);
        Assert.Single(letter.Events, e => e.Action == PersonalDataSweep.ErasedAction);
        Assert.Empty(letter.Attachments);
        Assert.False(await app.WithDbAsync(db => db.MediaFiles.AnyAsync(m => m.StoredName == storedName)));
        Assert.False(File.Exists(Path.Combine(app.MediaPath, storedName)));

        // The phone is gone, so the code has expired: the writer gets the same answer as for a wrong pair.
        var expired = await QueryAsync(browser, code, phone);
        Assert.Equal(HttpStatusCode.NotFound, expired.Status);
        Assert.Contains(LetterQuery.NotFound, expired.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("保存期测试的答复", expired.Html, StringComparison.Ordinal);
    }

    private async Task<(int Id, string Code, string Phone)> WriteAsync(
        StaffBrowser browser, Action<FormFields>? change = null, string? address = null, params (string Field, string FileName, byte[] Content)[] files)
    {
        var phone = MailboxHosts.NewPhone();
        using var response = await browser.WriteAsync(phone, form =>
        {
            form["Name"] = WriterName;
            form["Email"] = WriterEmail;
            change?.Invoke(form);
        }, address, files);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var code = MailboxHosts.QueryCode(await response.Content.ReadAsStringAsync());
        var id = await app.WithDbAsync(db => db.Letters.Where(l => l.WriterPhone == phone).Select(l => l.Id).SingleAsync());
        return (id, code, phone);
    }

    private async Task SetAsync(int id, LetterStatus status, string answer, bool published = false, bool mayPublish = true)
    {
        var now = DateTime.UtcNow;
        await app.WithDbAsync(db => db.Letters.Where(l => l.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(l => l.Status, status).SetProperty(l => l.Answer, answer).SetProperty(l => l.AnsweredAt, now)
            .SetProperty(l => l.MayPublish, l => mayPublish && l.MayPublish)
            .SetProperty(l => l.PublishedAt, published ? now : null)));
        await app.Services.GetRequiredService<MailboxPublication>().ChangedAsync(id);
    }

    private static async Task<(HttpStatusCode Status, string Html, TimeSpan Took)> QueryAsync(StaffBrowser browser, string code, string phone)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await browser.PostAsync("/mailbox/query", ("code", code), ("phone", phone));
        var took = Stopwatch.GetElapsedTime(started);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), took);
    }
}
