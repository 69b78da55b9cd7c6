using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Site;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests.Mailbox;

/// <summary>The public letter form at /mailbox: what it saves, what it refuses and how, and its abuse limits.</summary>
[Collection(PortalTests.Name)]
public sealed partial class LetterWritingTests(PortalApplication app)
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4];

    [Fact]
    public async Task AWrittenLetterShowsAReadableQueryCodeOnceAndStoresOnlyAKeyedHashOfIt()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();

        using var response = await browser.WriteAsync(phone);
        var html = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.OK, MailboxHosts.Problem(html) ?? html);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        var code = MailboxHosts.QueryCode(html);
        Assert.Matches(CodePattern(), code);
        var letter = Assert.Single(await app.LettersByPhoneAsync(phone));
        var plain = code.Replace("-", "", StringComparison.Ordinal);
        Assert.DoesNotContain(plain, letter.QueryCodeHash, StringComparison.Ordinal);
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(plain))), letter.QueryCodeHash);
        Assert.Equal(host.Services.GetRequiredService<QueryCodes>().Hash(plain), letter.QueryCodeHash);
        Assert.Equal(("测试写信人", "writer@example.com", LetterStatus.Received), (letter.WriterName, letter.WriterEmail, letter.Status));
        Assert.False(letter.MayPublish);
        Assert.True(letter.DueOn > app.Today);
        Assert.Equal(LetterWriting.ReceivedAction, Assert.Single(letter.Events).Action);
    }

    [Theory]
    [InlineData("Subject", "", "请填写标题。")]
    [InlineData("Body", "", "请填写信件内容。")]
    [InlineData("Name", "", "请填写您的姓名。")]
    [InlineData("Phone", "", "请填写联系电话。")]
    [InlineData("Phone", "12345", ContactNumbers.MainlandPhoneMessage)]
    [InlineData("Phone", "2285666", ContactNumbers.MainlandPhoneMessage)]
    [InlineData("Email", "not-an-address", "电子邮箱格式不正确")]
    [InlineData("TypeId", "", "请选择信件类型。")]
    [InlineData("TypeId", "999999", "请选择信件类型。")]
    [InlineData("Subject", "long:101", "标题不能超过 100 个字。")]
    [InlineData("Body", "long:5001", "信件内容不能超过 5000 个字。")]
    public async Task EachWrongFieldIsRefusedWithItsMessageAndEverythingTypedKept(string field, string value, string message)
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();
        value = value.StartsWith("long:", StringComparison.Ordinal) ? new string('字', int.Parse(value[5..], System.Globalization.CultureInfo.InvariantCulture)) : value;

        using var response = await browser.WriteAsync(phone, form => form[field] = value);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, MailboxHosts.Problem(html), StringComparison.Ordinal);
        var form = StaffBrowser.ReadForm(html, "/mailbox");
        foreach (var kept in new[] { "Subject", "Body", "Name", "Phone", "Email" }.Where(f => f != field))
        {
            Assert.NotEqual(string.Empty, form[kept]);
        }

        Assert.Empty(await app.LettersByPhoneAsync(phone));
    }

    [Fact]
    public async Task APhoneTypedInFullWidthWithAreaCodeBracketsIsSavedAsItsDigits()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var local = Random.Shared.Next(20_000_000, 29_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var typed = string.Concat($"(024) {local}".Select(c => char.IsAsciiDigit(c) ? (char)(c + 0xFEE0) : c));

        using var response = await browser.WriteAsync(typed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await app.LettersByPhoneAsync("024" + local));
    }

    [Fact]
    public async Task PostingTheSameFormTwiceMakesOneLetterAndShowsTheSameCodeBothTimes()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();
        var page = await browser.GetPageAsync("/mailbox");
        var form = StaffBrowser.ReadForm(page, "/mailbox");
        form["TypeId"] = MailboxHosts.FirstTypeId(page);
        MailboxHosts.Fill(form, phone);

        var responses = await Task.WhenAll(browser.PostFormAsync(form), browser.PostFormAsync(form));
        using var third = await browser.PostFormAsync(form);

        var codes = new List<string>();
        foreach (var response in responses.Append(third))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            codes.Add(MailboxHosts.QueryCode(await response.Content.ReadAsStringAsync()));
            response.Dispose();
        }

        Assert.Single(codes.Distinct());
        Assert.Single(await app.LettersByPhoneAsync(phone));
    }

    [Fact]
    public async Task ALetterWithAWordFromTheSensitiveWordListIsRefusedWithTheWordNamedAndTheTextKept()
    {
        var word = "违禁测试词" + Guid.NewGuid().ToString("N")[..6];
        await app.WithDbAsync(async db =>
        {
            db.Add(new LnUnion.Portal.Checks.CheckTerm { Kind = LnUnion.Portal.Checks.CheckTermKind.Sensitive, Text = word, CreatedAt = app.UtcNow });
            await LnUnion.Portal.Checks.CheckLists.ChangedAsync(db, default);
            await db.SaveChangesAsync();
        });
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();

        using var response = await browser.WriteAsync(phone, form => form["Body"] = $"我要反映{word}的问题。");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"信件中有不宜使用的词语“{word}”", html, StringComparison.Ordinal);
        Assert.Contains($"我要反映{word}的问题。", html, StringComparison.Ordinal);
        Assert.Empty(await app.LettersByPhoneAsync(phone));
    }

    [Fact]
    public async Task AFilledHoneypotIsRefusedWithTheTextKeptAndNothingSaved()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();

        using var response = await browser.WriteAsync(phone, form => form["Website"] = "http://spam.example");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(LetterWriting.Refused, MailboxHosts.Problem(html), StringComparison.Ordinal);
        Assert.Contains("我在沈阳一家公司工作", html, StringComparison.Ordinal);
        Assert.Empty(await app.LettersByPhoneAsync(phone));
    }

    [Fact]
    public async Task ALetterPostedTooSoonAfterTheFormOpenedIsRefusedUntilTheFillTimeHasPassed()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = MailboxHosts.Start(app, ("Mailbox:MinimumFillTime", "00:00:02"))
            .WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock)));
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();

        using var tooSoon = await browser.WriteAsync(phone);
        var html = await tooSoon.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, tooSoon.StatusCode);
        Assert.Contains(LetterWriting.TooFast, MailboxHosts.Problem(html), StringComparison.Ordinal);
        Assert.Empty(await app.LettersByPhoneAsync(phone));

        // The form comes back with its own ticket, so posting it again once the time has passed sends the letter.
        clock.Advance(TimeSpan.FromSeconds(2));
        using var later = await browser.PostFormAsync(StaffBrowser.ReadForm(html, "/mailbox"));
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Single(await app.LettersByPhoneAsync(phone));
    }

    [Fact]
    public async Task AFormWithoutItsTicketOrWithAForgedOneIsRefusedAndHandedBackWithANewTicket()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();

        using var forged = await browser.WriteAsync(phone, form => form["Ticket"] = "forged");
        var html = await forged.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains(LetterWriting.ExpiredForm, MailboxHosts.Problem(html), StringComparison.Ordinal);
        using var again = await browser.PostFormAsync(StaffBrowser.ReadForm(html, "/mailbox"));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Single(await app.LettersByPhoneAsync(phone));
    }

    [Fact]
    public async Task LettersFromOneAddressAreLimitedWithTheTextKeptAndAnIpv6ClientCountsByItsSlash64()
    {
        await using var host = MailboxHosts.Start(app, ("Mailbox:LettersPerAddress", "2"));
        using var browser = host.OpenBrowser();

        foreach (var address in new[] { "2001:db8:1:2::1", "2001:db8:1:2:ffff::9" })
        {
            using var allowed = await browser.WriteAsync(MailboxHosts.NewPhone(), address: address);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        var phone = MailboxHosts.NewPhone();
        using var refused = await browser.WriteAsync(phone, address: "2001:db8:1:2:abcd::7");
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains(MailboxLimits.WritingRefused, MailboxHosts.Problem(html), StringComparison.Ordinal);
        Assert.Contains("我在沈阳一家公司工作", html, StringComparison.Ordinal);
        Assert.Empty(await app.LettersByPhoneAsync(phone));

        using var otherNetwork = await browser.WriteAsync(MailboxHosts.NewPhone(), address: "2001:db8:1:3::1");
        Assert.Equal(HttpStatusCode.OK, otherNetwork.StatusCode);
        using var ipv4 = await browser.WriteAsync(MailboxHosts.NewPhone(), address: "203.0.113.5");
        Assert.Equal(HttpStatusCode.OK, ipv4.StatusCode);
    }

    [Fact]
    public async Task LettersWithOnePhoneAreLimitedFromEveryAddressHoweverTheNumberIsTyped()
    {
        await using var host = MailboxHosts.Start(app, ("Mailbox:LettersPerPhone", "2"));
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();

        using var first = await browser.WriteAsync(phone, address: "198.51.100.1");
        using var second = await browser.WriteAsync("+86 " + phone[..3] + "-" + phone[3..7] + "-" + phone[7..], address: "198.51.100.2");
        using var third = await browser.WriteAsync(phone, address: "198.51.100.3");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode, third.StatusCode));
        Assert.Equal(2, (await app.LettersByPhoneAsync(phone)).Count);
    }

    [Fact]
    public async Task AttachmentsAreKeptWithTheLetterButNeverServedAtThePublicMediaAddress()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();

        using var response = await browser.WriteAsync(phone, files: ("Attachments", "身份证.png", Png));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var letter = Assert.Single(await app.LettersByPhoneAsync(phone));
        var file = Assert.Single(letter.Attachments).MediaFile;
        Assert.True(File.Exists(Path.Combine(app.MediaPath, file.StoredName)));
        using var client = app.CreatePublicClient();
        using (var media = await client.GetAsync(new Uri("/media/" + file.StoredName, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, media.StatusCode);
        }

        // Not even once the exchange is published.
        await app.WithDbAsync(db => db.Letters.Where(l => l.Id == letter.Id).ExecuteUpdateAsync(set => set
            .SetProperty(l => l.Status, LetterStatus.Published).SetProperty(l => l.MayPublish, true)
            .SetProperty(l => l.Answer, "答复").SetProperty(l => l.AnsweredAt, app.UtcNow).SetProperty(l => l.PublishedAt, app.UtcNow)));
        using (var media = await client.GetAsync(new Uri("/media/" + file.StoredName, UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NotFound, media.StatusCode);
        }

        using var editor = await app.SignInAsNewAsync(Data.Roles.Editor);
        using var library = await editor.GetAsync("/admin/media/files/" + file.StoredName);
        Assert.NotEqual(HttpStatusCode.OK, library.StatusCode);
    }

    [Fact]
    public async Task ARefusedLetterWithAttachmentsSaysTheyMustBeChosenAgainAndKeepsNoFile()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();
        var phone = MailboxHosts.NewPhone();
        var before = Directory.Exists(app.MediaPath) ? Directory.GetFiles(app.MediaPath, "*", SearchOption.AllDirectories).Length : 0;

        using var response = await browser.WriteAsync(phone, form => form["Subject"] = "", files: ("Attachments", "合同.png", Png));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("请重新选择附件", MailboxHosts.Problem(html), StringComparison.Ordinal);
        using var wrongKind = await browser.WriteAsync(phone, files: ("Attachments", "病毒.exe", Png));
        Assert.Equal(HttpStatusCode.BadRequest, wrongKind.StatusCode);
        Assert.Contains("不支持", MailboxHosts.Problem(await wrongKind.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await app.LettersByPhoneAsync(phone));
    }

    [Fact]
    public async Task TheFormIsInTheNavigationAndUnderZhHant()
    {
        await using var host = MailboxHosts.Start(app);
        using var browser = host.OpenBrowser();

        var home = await browser.GetPageAsync("/");
        var traditional = await browser.GetPageAsync("/zh-hant/mailbox");

        PublicHtml.AssertElementHas(home, "*", "href=/mailbox");
        Assert.Contains("職工信箱", traditional, StringComparison.Ordinal);
        PublicHtml.AssertElementHas(traditional, "*", "action=/zh-hant/mailbox");
    }

    [GeneratedRegex("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$")]
    private static partial Regex CodePattern();
}
