using System.Globalization;
using System.Net;
using LnUnion.Portal.Content;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>Phone numbers and postcodes as a Chinese input method types them, in every form that takes them.</summary>
[Collection(PortalTests.Name)]
public sealed class ContactNumberTests(PortalApplication app)
{
    private const string Settings = "/admin/settings";

    [Theory]
    [InlineData("（024）22856666", "(024)22856666")]
    [InlineData("024-22856666转8001", "024-22856666转8001")]
    [InlineData("024-22856666 / 13800000000", "024-22856666 / 13800000000")]
    [InlineData("０２４－２２８５６６６６", "024-22856666")]
    [InlineData("　+86 24 2285 6666　", "+86 24 2285 6666")]
    [InlineData("12351", "12351")]
    public async Task TheSettingsPhoneTakesBracketsExtensionsAndTwoNumbersAndIsSavedHalfWidth(string typed, string saved)
    {
        await WithSettingsRestoredAsync(async () =>
        {
            using var staff = await app.SignInAsNewAsync(Roles.Staff);

            using var response = await staff.SubmitAsync(Settings, Settings, form => form["Input.Phone"] = typed);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(saved, await app.WithDbAsync(db => db.SiteSettings.Select(s => s.Phone).SingleAsync()));
        });
    }

    [Theory]
    [InlineData("电话22581001")]
    [InlineData("2258")]
    [InlineData("024-22856666转")]
    [InlineData("转8001")]
    [InlineData("024-22856666 // 13800000000")]
    [InlineData("((024)22856666")]
    [InlineData("024-22856666 13800000000")]
    public async Task TheSettingsPhoneRefusesWhatIsNotAPhoneNumber(string typed)
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        using var response = await staff.SubmitAsync(Settings, Settings, form => form["Input.Phone"] = typed);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ContactNumbers.PhoneMessage, StaffBrowser.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal("22581001", await app.WithDbAsync(db => db.SiteSettings.Select(s => s.Phone).SingleAsync()));
    }

    [Fact]
    public async Task AFullWidthPostcodeIsSavedAsHalfWidthDigits()
    {
        await WithSettingsRestoredAsync(async () =>
        {
            using var staff = await app.SignInAsNewAsync(Roles.Staff);

            using var response = await staff.SubmitAsync(Settings, Settings, form => form["Input.Postcode"] = "１１０００１");

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("110001", await app.WithDbAsync(db => db.SiteSettings.Select(s => s.Postcode).SingleAsync()));
        });
    }

    [Fact]
    public async Task TwoNumbersWithAnExtensionAreTwoPhoneLinksOnThePublicPages()
    {
        await WithSettingsRestoredAsync(async () =>
        {
            using var staff = await app.SignInAsNewAsync(Roles.Staff);
            using var response = await staff.SubmitAsync(Settings, Settings, form => form["Input.Phone"] = "（024）22856666转8001 / 13800000000");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

            var contact = await app.CreatePublicClient().GetStringAsync(new Uri("/contact", UriKind.Relative));

            Assert.Contains("<a href=\"tel:02422856666,8001\">(024)22856666转8001</a>", contact, StringComparison.Ordinal);
            Assert.Contains("<a href=\"tel:13800000000\">13800000000</a>", contact, StringComparison.Ordinal);
        });
    }

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

    /// <summary>Other tests read the seeded phone and postcode: put them back, and clear the cached public pages.</summary>
    private async Task WithSettingsRestoredAsync(Func<Task> test)
    {
        var original = await app.WithDbAsync(db => db.SiteSettings.AsNoTracking().SingleAsync(s => s.Id == SiteSettings.SingletonId));
        try
        {
            await test();
        }
        finally
        {
            await app.WithDbAsync(async db =>
            {
                var settings = await db.SiteSettings.SingleAsync(s => s.Id == SiteSettings.SingletonId);
                db.Entry(settings).CurrentValues.SetValues(original);
                await db.SaveChangesAsync();
            });
            await app.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
        }
    }
}
