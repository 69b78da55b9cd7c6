using System.Globalization;
using System.Net;
using LnUnion.Portal.Data;
using LnUnion.Portal.Site;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>
/// The inspection notice's fields in the article form: the hotline as the settings phone takes it (see
/// <see cref="SettingsAdminTests"/>), and an acceptance period that runs forwards.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class InspectionNoticeFormTests(PortalApplication app)
{
    [Theory]
    [InlineData("（０２４）２２８５６６６６转８００１", "(024)22856666转8001")]
    [InlineData("024-22856666 / 13800000000", "024-22856666 / 13800000000")]
    public async Task TheInspectionHotlineTakesTheSameNumbersAndIsSavedHalfWidth(string typed, string saved)
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"受理电话测试{Guid.NewGuid():N}";

        using var response = await PostInspectionNoticeAsync(editor, title, typed, "2026-12-01", "2026-12-31");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(saved, await app.WithDbAsync(db => db.Articles.Where(a => a.Title == title).Select(a => a.Inspection.Hotline).SingleAsync()));
    }

    [Fact]
    public async Task TheInspectionHotlineRefusesWhatIsNotAPhoneNumber()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"受理电话测试{Guid.NewGuid():N}";

        using var response = await PostInspectionNoticeAsync(editor, title, "请拨打巡视组电话", "2026-12-01", "2026-12-31");

        Assert.Contains(ContactNumbers.PhoneMessage, StaffBrowser.Errors(await response.Content.ReadAsStringAsync()));
        Assert.False(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Title == title)));
    }

    [Fact]
    public async Task AnAcceptancePeriodThatEndsBeforeItBeginsIsRefused()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"受理日期测试{Guid.NewGuid():N}";

        using var reversed = await PostInspectionNoticeAsync(editor, title, "024-22856666", "2026-12-31", "2026-12-01");
        using var oneDay = await PostInspectionNoticeAsync(editor, title, "024-22856666", "2026-12-01", "2026-12-01");

        Assert.Equal(["受理截止日期不能早于受理开始日期。"], StaffBrowser.Errors(await reversed.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.Redirect, oneDay.StatusCode);
        Assert.Equal(1, await app.WithDbAsync(db => db.Articles.CountAsync(a => a.Title == title)));
    }

    private async Task<HttpResponseMessage> PostInspectionNoticeAsync(StaffBrowser editor, string title, string hotline, string acceptFrom, string acceptTo)
    {
        var channelId = await app.WithDbAsync(db => db.Channels.Where(c => c.Slug == ChannelSlugs.Inspection).Select(c => c.Id).SingleAsync());
        return await editor.PostMultipartWithTokenAsync("/admin/articles/new", "/admin/articles/new",
        [
            ("Input.ChannelId", channelId.ToString(CultureInfo.InvariantCulture)),
            ("Input.Title", title),
            ("Input.BodyMarkdown", "巡视组受理信访的时间和方式。"),
            ("Input.InspectionTeam", "省委第一巡视组"),
            ("Input.AcceptFrom", acceptFrom),
            ("Input.AcceptTo", acceptTo),
            ("Input.Hotline", hotline),
        ]);
    }
}
