using System.Globalization;
using System.Net;
using LnUnion.Portal.Data;
using LnUnion.Portal.Site;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>
/// The 公示 fields of the article form: a period that is given and runs forwards, the 异议 phone as the settings
/// phone takes it, and details kept only while the article is a 公示.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class PublicityNoticeFormTests(PortalApplication app)
{
    [Fact]
    public async Task APublicityNoticeIsSavedWithItsPeriodAndObjectionContactAndShownInItsBox()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"公示测试{Guid.NewGuid():N}";

        using var response = await PostAsync(editor, title, ArticleKind.Publicity, "2026-12-01", "2026-12-07", "（０２４）２２５８１００１");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.WithDbAsync(db => db.Articles.Where(a => a.Title == title).Select(a => new { a.Id, a.Kind, a.Publicity }).SingleAsync());
        Assert.Equal(ArticleKind.Publicity, saved.Kind);
        Assert.Equal(new DateOnly(2026, 12, 7), saved.Publicity.To);
        Assert.Equal("(024)22581001", saved.Publicity.ObjectionPhone);
        Assert.Equal("沈阳市沈河区北站路118号", saved.Publicity.ObjectionAddress);
        var detail = await editor.GetPageAsync($"/admin/articles/{saved.Id}");
        Assert.Contains("公示信息", detail, StringComparison.Ordinal);
        Assert.Contains("2026年12月1日 至 2026年12月7日", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-12-07", "2026-12-01", "公示截止日期不能早于公示开始日期。")]
    [InlineData("", "2026-12-01", "公示请填写公示期的开始和截止日期。")]
    [InlineData("2026-12-01", "", "公示请填写公示期的开始和截止日期。")]
    public async Task APublicityPeriodThatIsMissingOrRunsBackwardsIsRefused(string from, string to, string message)
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"公示日期测试{Guid.NewGuid():N}";

        using var response = await PostAsync(editor, title, ArticleKind.Publicity, from, to, "024-22581001");

        Assert.Equal([message], StaffBrowser.Errors(await response.Content.ReadAsStringAsync()));
        Assert.False(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Title == title)));
    }

    [Fact]
    public async Task AnObjectionPhoneThatIsNotAPhoneNumberIsRefusedAndTheTypedTextKept()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"公示电话测试{Guid.NewGuid():N}";

        using var response = await PostAsync(editor, title, ArticleKind.Publicity, "2026-12-01", "2026-12-07", "请打组织部电话");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains(ContactNumbers.PhoneMessage, StaffBrowser.Errors(html));
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Title == title)));
    }

    [Fact]
    public async Task AnOrdinaryArticleKeepsNoPublicityDetailsAndShowsNoBox()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"普通文章测试{Guid.NewGuid():N}";

        // Dates that would be refused for a 公示 do not matter for an ordinary article.
        using var response = await PostAsync(editor, title, ArticleKind.Standard, "2026-12-07", "2026-12-01", "024-22581001");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var saved = await app.WithDbAsync(db => db.Articles.Where(a => a.Title == title).Select(a => new { a.Id, a.Kind, a.Publicity }).SingleAsync());
        Assert.Equal(ArticleKind.Standard, saved.Kind);
        Assert.Null(saved.Publicity.From);
        Assert.Null(saved.Publicity.ObjectionPhone);
        Assert.DoesNotContain("公示信息", await editor.GetPageAsync($"/admin/articles/{saved.Id}"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKindThatDoesNotExistIsRefused()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"类型测试{Guid.NewGuid():N}";

        using var response = await PostAsync(editor, title, (ArticleKind)7, "2026-12-01", "2026-12-07", "024-22581001");

        Assert.Contains(StaffBrowser.Errors(await response.Content.ReadAsStringAsync()), e => e.Contains("“7”", StringComparison.Ordinal));
        Assert.False(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Title == title)));
    }

    private async Task<HttpResponseMessage> PostAsync(StaffBrowser editor, string title, ArticleKind kind, string from, string to, string phone)
    {
        var channelId = await app.WithDbAsync(db => db.Channels.Where(c => c.Slug == ChannelSlugs.Notices).Select(c => c.Id).SingleAsync());
        return await editor.PostMultipartWithTokenAsync("/admin/articles/new", "/admin/articles/new",
        [
            ("Input.ChannelId", channelId.ToString(CultureInfo.InvariantCulture)),
            ("Input.Title", title),
            ("Input.BodyMarkdown", "经研究，拟推荐以下人选，现予公示。"),
            ("Input.Kind", ((int)kind).ToString(CultureInfo.InvariantCulture)),
            ("Input.PublicityFrom", from),
            ("Input.PublicityTo", to),
            ("Input.ObjectionAddress", "沈阳市沈河区北站路118号"),
            ("Input.ObjectionPerson", "组织部"),
            ("Input.ObjectionPhone", phone),
            ("Input.ObjectionEmail", "gongshi@example.gov.cn"),
        ]);
    }
}
