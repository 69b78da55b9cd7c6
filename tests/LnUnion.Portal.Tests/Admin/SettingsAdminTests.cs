using System.Net;
using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Site;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed class SettingsAdminTests(PortalApplication app)
{
    private const string Settings = "/admin/settings";
    private const string NewAccount = "/admin/settings/accounts/new";
    private const string NewLink = "/admin/settings/links/new";
    private const string LinkError = "网址必须是以 http:// 或 https:// 开头的完整网址。";

    private static readonly byte[] PngBytes = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly HttpClient _public = app.CreatePublicClient();

    [Fact]
    public async Task StaffChangeToThePhoneNumberShowsInThePublicFooterAtOnce()
    {
        var original = await SavedSettingsAsync();
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        foreach (var path in new[] { "/", "/about", "/contact" })
        {
            Assert.Contains("22581001", await GetPublicAsync(path), StringComparison.Ordinal);
        }

        try
        {
            var response = await staff.SubmitAsync(Settings, Settings, form =>
            {
                Assert.Equal("22581001", form["Input.Phone"]);
                form["Input.Phone"] = "024-22581999";
            });

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            foreach (var path in new[] { "/", "/about", "/contact" })
            {
                var html = await GetPublicAsync(path);
                Assert.Contains("024-22581999", html, StringComparison.Ordinal);
                Assert.DoesNotContain(">22581001<", html, StringComparison.Ordinal);
            }

            var saved = await SavedSettingsAsync();
            Assert.Equal(staff.UserId, saved.UpdatedById);
            Assert.NotEqual(original.Version, saved.Version);
            var audit = await LastAuditEntryAsync(staff.UserId);
            Assert.Equal(("settings.save", AuditLog.Success, staff.Email), (audit.Action, audit.Result, audit.UserName));
        }
        finally
        {
            await RestoreSettingsAsync(original);
        }

        Assert.Contains(">22581001<", await GetPublicAsync("/"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Input.IcpNumber", "ICP12345678", "ICP 备案号格式应为“辽ICP备12345678号”或“辽ICP备12345678号-1”。")]
    [InlineData("Input.PublicSecurityNumber", "辽公网安备2101030200012号", "公安备案号格式应为“辽公网安备21010302000123号”（省份简称、“公网安备”和 14 位数字）。")]
    [InlineData("Input.SiteCode", "21000000", "网站标识码应为 10 位数字（如 2100000001）或 bm 加 8 位数字。")]
    [InlineData("Input.GovSiteMarkUrl", "https://conac.cn.example.com/mark", "党政机关网站标识的验证地址应以 https:// 开头，位于 conac.cn（如 https://bszs.conac.cn/sitename?method=show&id=……）。")]
    [InlineData("Input.GovSiteMarkUrl", "http://bszs.conac.cn/sitename", "党政机关网站标识的验证地址应以 https:// 开头，位于 conac.cn（如 https://bszs.conac.cn/sitename?method=show&id=……）。")]
    public async Task FilingNumbersAndTheGovernmentSiteMarkMustBeInTheirIssuedForm(string field, string value, string message)
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        var response = await staff.SubmitAsync(Settings, Settings, form => form[field] = value);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, StaffBrowser.Errors(html));
        Assert.Equal(value, StaffBrowser.ReadForm(html, Settings)[field]);
    }

    [Fact]
    public async Task StaffSetTheFilingsAndTheSiteMarkWithItsOwnImageAndTheFooterLinksThem()
    {
        var original = await SavedSettingsAsync();
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        try
        {
            var fields = await staff.GetFormAsync(Settings, Settings);
            fields["Input.IcpNumber"] = "辽ICP备１２３４５６７８号";
            fields["Input.PublicSecurityNumber"] = "辽公网安备21010302000123号";
            fields["Input.GovSiteMarkUrl"] = "https://bszs.conac.cn/sitename?method=show&id=TEST";
            var response = await staff.PostMultipartAsync(Settings, fields, ("Input.NewGovSiteMarkImage", "mark.png", PngBytes));

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var saved = await app.WithDbAsync(db => db.SiteSettings.AsNoTracking().Include(s => s.GovSiteMarkImage).SingleAsync());
            Assert.Equal("辽ICP备12345678号", saved.IcpNumber);
            var footer = await GetPublicAsync("/about");
            PublicHtml.AssertElement(footer, "a", null, "class=gov-mark", "href=https://bszs.conac.cn/sitename?method=show&id=TEST", "rel=noopener noreferrer");
            PublicHtml.AssertElementHas(footer, "img", $"src=/media/{saved.GovSiteMarkImage!.StoredName}", "alt=党政机关网站标识");
            PublicHtml.AssertLink(footer, "辽ICP备12345678号", "href=https://beian.miit.gov.cn/", "rel=noopener noreferrer");
            Assert.Contains("recordcode=21010302000123", footer, StringComparison.Ordinal);
            Assert.Contains("已上传的党政机关网站标识", await staff.GetPageAsync(Settings), StringComparison.Ordinal);
        }
        finally
        {
            await RestoreSettingsAsync(original);
        }

        Assert.DoesNotContain("gov-mark", await GetPublicAsync("/about"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("11083")]
    [InlineData("1108320")]
    [InlineData("11083a")]
    public async Task PostcodeMustBeSixDigits(string postcode)
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        var response = await staff.SubmitAsync(Settings, Settings, form => form["Input.Postcode"] = postcode);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("邮政编码必须是 6 位数字。", StaffBrowser.Errors(html));
        Assert.Equal(AuditLog.Failure + "：输入有误", (await LastAuditEntryAsync(staff.UserId)).Result);
        Assert.Equal(postcode, StaffBrowser.ReadForm(html, Settings)["Input.Postcode"]);
        Assert.Equal("110832", (await SavedSettingsAsync()).Postcode);
    }

    [Fact]
    public async Task AFullWidthPostcodeIsSavedAsHalfWidthDigits()
    {
        var original = await SavedSettingsAsync();
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        try
        {
            using var response = await staff.SubmitAsync(Settings, Settings, form => form["Input.Postcode"] = "１１０００１");

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("110001", (await SavedSettingsAsync()).Postcode);
        }
        finally
        {
            await RestoreSettingsAsync(original);
        }
    }

    [Theory]
    [InlineData("（024）22856666", "(024)22856666")]
    [InlineData("024-22856666转8001", "024-22856666转8001")]
    [InlineData("024-22856666 / 13800000000", "024-22856666 / 13800000000")]
    [InlineData("０２４－２２８５６６６６", "024-22856666")]
    [InlineData("　+86 24 2285 6666　", "+86 24 2285 6666")]
    [InlineData("12351", "12351")]
    public async Task ThePhoneTakesBracketsExtensionsAndTwoNumbersAndIsSavedHalfWidth(string typed, string saved)
    {
        var original = await SavedSettingsAsync();
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        try
        {
            using var response = await staff.SubmitAsync(Settings, Settings, form => form["Input.Phone"] = typed);

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal(saved, (await SavedSettingsAsync()).Phone);
        }
        finally
        {
            await RestoreSettingsAsync(original);
        }
    }

    [Fact]
    public async Task TwoNumbersWithAnExtensionAreTwoPhoneLinksOnThePublicPages()
    {
        var original = await SavedSettingsAsync();
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        try
        {
            using var response = await staff.SubmitAsync(Settings, Settings, form => form["Input.Phone"] = "（024）22856666转8001 / 13800000000");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

            var contact = await GetPublicAsync("/contact");

            PublicHtml.AssertElement(contact, "a", "(024)22856666转8001", "href=tel:02422856666,8001");
            PublicHtml.AssertElement(contact, "a", "13800000000", "href=tel:13800000000");
        }
        finally
        {
            await RestoreSettingsAsync(original);
        }
    }

    [Theory]
    [InlineData("电话22581001")]
    [InlineData("2258")]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("0123456789012345678901234567890")]
    [InlineData("024-22856666转")]
    [InlineData("转8001")]
    [InlineData("024-22856666 // 13800000000")]
    [InlineData("((024)22856666")]
    [InlineData("024-22856666 13800000000")]
    public async Task ThePhoneRefusesWhatIsNotOneToThreeTelephoneNumbers(string phone)
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        var response = await staff.SubmitAsync(Settings, Settings, form => form["Input.Phone"] = phone);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ContactNumbers.PhoneMessage, StaffBrowser.Errors(await response.Content.ReadAsStringAsync()));
        Assert.Equal("22581001", (await SavedSettingsAsync()).Phone);
    }

    [Fact]
    public async Task OrganisationNameIsRequiredAndTheEmailMustBeValid()
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        var response = await staff.SubmitAsync(Settings, Settings, form =>
        {
            form["Input.OrganisationName"] = string.Empty;
            form["Input.Email"] = "不是邮箱";
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var errors = StaffBrowser.Errors(await response.Content.ReadAsStringAsync());
        Assert.Contains("请填写单位名称。", errors);
        Assert.Contains("电子邮箱格式不正确。", errors);
        Assert.Equal(SeedContent.OrganisationName, (await SavedSettingsAsync()).OrganisationName);
    }

    [Fact]
    public async Task EditorCannotChangeSiteSettings()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var token = await editor.GetAntiforgeryTokenAsync("/admin/pages");

        var page = await editor.GetAsync(Settings);
        var post = await editor.PostAsync(
            Settings, (StaffBrowser.AntiforgeryField, token), ("Input.OrganisationName", SeedContent.OrganisationName), ("Input.Phone", "024-00000000"));
        var account = await editor.PostAsync(NewAccount, (StaffBrowser.AntiforgeryField, token), ("Input.Name", "编辑偷偷加的服务号"));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, account.StatusCode);
        Assert.Equal("22581001", (await SavedSettingsAsync()).Phone);
        Assert.False(await app.WithDbAsync(db => db.ServiceAccounts.AnyAsync(a => a.Name == "编辑偷偷加的服务号")));
    }

    [Fact]
    public async Task AnonymousVisitorsAreSentToSignInAndPostsWithoutATokenAreRefused()
    {
        using var anonymous = app.OpenBrowser();
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        var form = await staff.GetFormAsync(Settings, Settings);
        form.Remove(StaffBrowser.AntiforgeryField);
        form["Input.Phone"] = "024-11111111";

        var redirect = await anonymous.GetAsync(Settings);
        var forged = await staff.PostAsync(Settings, form);

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/admin/login", redirect.Headers.Location?.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("22581001", (await SavedSettingsAsync()).Phone);
    }

    [Fact]
    public async Task TwoPeopleSavingTheSettingsGetAConflictNotAnOverwrite()
    {
        var original = await SavedSettingsAsync();
        using var first = await app.SignInAsNewAsync(Roles.Staff);
        using var second = await app.SignInAsNewAsync(Roles.Staff);
        var firstForm = await first.GetFormAsync(Settings, Settings);
        var secondForm = await second.GetFormAsync(Settings, Settings);

        try
        {
            firstForm["Input.OfficeHours"] = "周一至周五 8:30—17:00";
            Assert.Equal(HttpStatusCode.Redirect, (await first.PostAsync(Settings, firstForm)).StatusCode);
            secondForm["Input.OfficeHours"] = "工作日 9:00—17:30";
            var conflict = await second.PostAsync(Settings, secondForm);

            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            var html = await conflict.Content.ReadAsStringAsync();
            Assert.Contains(StaffBrowser.Errors(html), e => e.Contains(ContentChanges.ConflictMessage, StringComparison.Ordinal));
            Assert.Contains("周一至周五 8:30—17:00", html, StringComparison.Ordinal);
            var kept = StaffBrowser.ReadForm(html, Settings);
            Assert.Equal("工作日 9:00—17:30", kept["Input.OfficeHours"]);
            Assert.Equal("周一至周五 8:30—17:00", (await SavedSettingsAsync()).OfficeHours);

            // Having compared the two, the second person may still save theirs.
            Assert.Equal(HttpStatusCode.Redirect, (await second.PostAsync(Settings, kept)).StatusCode);
            Assert.Equal("工作日 9:00—17:30", (await SavedSettingsAsync()).OfficeHours);
        }
        finally
        {
            await RestoreSettingsAsync(original);
        }
    }

    [Fact]
    public async Task SettingsFormIgnoresFieldsItDoesNotOffer()
    {
        var original = await SavedSettingsAsync();
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        try
        {
            var response = await staff.SubmitAsync(Settings, Settings, form =>
            {
                form["Input.SiteCode"] = "2100000001";
                form["Input.Id"] = "2";
                form["Input.UpdatedById"] = "someone-else";
                form["Input.UpdatedAt"] = "2001-01-01";
                form["Id"] = "2";
            });

            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            var rows = await app.WithDbAsync(db => db.SiteSettings.AsNoTracking().ToListAsync());
            var saved = Assert.Single(rows);
            Assert.Equal((SiteSettings.SingletonId, "2100000001", staff.UserId), (saved.Id, saved.SiteCode, saved.UpdatedById));
            Assert.True(saved.UpdatedAt > DateTime.UtcNow.AddMinutes(-5));
            Assert.Contains("网站标识码：2100000001", await GetPublicAsync("/"), StringComparison.Ordinal);
        }
        finally
        {
            await RestoreSettingsAsync(original);
        }
    }

    [Fact]
    public async Task ServiceAccountWithAnUploadedQrImageShowsItAndFallsBackToTheLinkWhenTheImageIsRemoved()
    {
        var name = $"测试服务号{Guid.NewGuid().ToString("N")[..6]}";
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        Assert.DoesNotContain(name, await GetPublicAsync("/"), StringComparison.Ordinal);

        try
        {
            var form = await staff.GetFormAsync(NewAccount, NewAccount);
            form["Input.Name"] = name;
            form["Input.Description"] = "微信服务号";
            form["Input.Link"] = "https://example.cn/service";
            var added = await staff.PostMultipartAsync(NewAccount, form, ("Input.NewQrImage", "二维码.png", PngBytes));

            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            Assert.Equal("/admin/settings#accounts", added.Headers.Location?.OriginalString);
            var account = await AccountAsync(name);
            Assert.NotNull(account.QrImage);
            Assert.Equal(("image/png", staff.UserId), (account.QrImage.ContentType, account.QrImage.UploadedById));
            Assert.True(File.Exists(Path.Combine(app.MediaPath, account.QrImage.StoredName)));
            var home = await GetPublicAsync("/");
            PublicHtml.AssertElementHas(home, "img", "class=qr", $"src=/media/{account.QrImage.StoredName}", $"alt={name}二维码");

            var edit = $"/admin/settings/accounts/{account.Id}/edit";
            var editForm = await staff.GetFormAsync(edit, edit);
            Assert.Equal("https://example.cn/service", editForm["Input.Link"]);
            editForm["Input.RemoveQrImage"] = "true";
            Assert.Equal(HttpStatusCode.Redirect, (await staff.PostMultipartAsync(edit, editForm)).StatusCode);

            Assert.Null((await AccountAsync(name)).QrImageId);
            home = await GetPublicAsync("/");
            Assert.DoesNotContain(account.QrImage.StoredName, home, StringComparison.Ordinal);
            PublicHtml.AssertElementHas(home, "*", $"aria-label={name}二维码");

            var delete = $"/admin/settings/accounts/{account.Id}/delete";
            var deleted = await staff.PostAsync(delete, StaffBrowser.ReadForm(await staff.GetPageAsync(Settings), delete));
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            Assert.DoesNotContain(name, await GetPublicAsync("/"), StringComparison.Ordinal);
        }
        finally
        {
            await RemoveTestRowsAsync(name);
        }
    }

    [Fact]
    public async Task ServiceAccountsCanBeReorderedAndTheFooterFollowsAtOnce()
    {
        var name = $"排序测试号{Guid.NewGuid().ToString("N")[..6]}";
        var originalOrder = await AccountNamesAsync();
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        try
        {
            var added = await staff.SubmitAsync(NewAccount, NewAccount, form => form["Input.Name"] = name);
            Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            Assert.Equal([.. originalOrder, name], await AccountNamesAsync());
            var before = originalOrder[^1];
            Assert.True(IndexIn(await GetPublicAsync("/"), before) < IndexIn(await GetPublicAsync("/"), name));

            var id = (await AccountAsync(name)).Id;
            var up = $"/admin/settings/accounts/{id}/up";
            Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync(up, StaffBrowser.ReadForm(await staff.GetPageAsync(Settings), up))).StatusCode);

            Assert.Equal([.. originalOrder[..^1], name, before], await AccountNamesAsync());
            var home = await GetPublicAsync("/");
            Assert.True(IndexIn(home, name) < IndexIn(home, before));

            var down = $"/admin/settings/accounts/{id}/down";
            Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync(down, StaffBrowser.ReadForm(await staff.GetPageAsync(Settings), down))).StatusCode);
            Assert.Equal([.. originalOrder, name], await AccountNamesAsync());
        }
        finally
        {
            await RemoveTestRowsAsync(name);
        }
    }

    [Theory]
    [InlineData("javascript:alert(1)")]
    [InlineData("data:text/html,<script>alert(1)</script>")]
    [InlineData("/relative/path")]
    [InlineData("www.example.cn")]
    [InlineData("ftp://example.cn/file")]
    [InlineData("https://exa mple.cn/")]
    public async Task ServiceAccountLinkMustBeAnAbsoluteWebAddress(string link)
    {
        var name = $"链接测试号{Guid.NewGuid().ToString("N")[..6]}";
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        var response = await staff.SubmitAsync(NewAccount, NewAccount, form =>
        {
            form["Input.Name"] = name;
            form["Input.Link"] = link;
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(LinkError, StaffBrowser.Errors(await response.Content.ReadAsStringAsync()));
        Assert.False(await app.WithDbAsync(db => db.ServiceAccounts.AnyAsync(a => a.Name == name)));
    }

    [Theory]
    [InlineData("二维码.pdf", "%PDF-1.4\n%%EOF", "不支持")]
    [InlineData("二维码.png", "这其实是一段文字", "内容与扩展名不符")]
    [InlineData("二维码.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>", "不支持")]
    public async Task QrImageMustBeARealPicture(string fileName, string content, string reason)
    {
        var name = $"图片测试号{Guid.NewGuid().ToString("N")[..6]}";
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        var form = await staff.GetFormAsync(NewAccount, NewAccount);
        form["Input.Name"] = name;

        var response = await staff.PostMultipartAsync(NewAccount, form, ("Input.NewQrImage", fileName, System.Text.Encoding.UTF8.GetBytes(content)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(StaffBrowser.Errors(await response.Content.ReadAsStringAsync()), e => e.Contains(reason, StringComparison.Ordinal));
        Assert.False(await app.WithDbAsync(db => db.ServiceAccounts.AnyAsync(a => a.Name == name)));
    }

    [Fact]
    public async Task FriendlyLinksCanBeAddedEditedReorderedAndDeletedAndTheFooterFollowsAtOnce()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        string first = $"甲网站{suffix}", second = $"乙网站{suffix}", renamed = $"丙网站{suffix}";
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        Assert.DoesNotContain(first, await GetPublicAsync("/"), StringComparison.Ordinal);

        try
        {
            Assert.Equal(HttpStatusCode.Redirect, (await AddLinkAsync(staff, first, "https://a.example.cn/")).StatusCode);
            Assert.Equal(HttpStatusCode.Redirect, (await AddLinkAsync(staff, second, "http://b.example.cn/path?x=1")).StatusCode);
            var home = await GetPublicAsync("/");
            PublicHtml.AssertElement(home, "a", first, "href=https://a.example.cn/", "rel=noopener noreferrer");
            Assert.True(IndexIn(home, first) < IndexIn(home, second));

            var secondId = await LinkIdAsync(second);
            var up = $"/admin/settings/links/{secondId}/up";
            Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync(up, StaffBrowser.ReadForm(await staff.GetPageAsync(Settings), up))).StatusCode);
            home = await GetPublicAsync("/");
            Assert.True(IndexIn(home, second) < IndexIn(home, first));

            var edit = $"/admin/settings/links/{await LinkIdAsync(first)}/edit";
            var edited = await staff.SubmitAsync(edit, edit, form =>
            {
                Assert.Equal(first, form["Input.Name"]);
                form["Input.Name"] = renamed;
                form["Input.Url"] = "https://c.example.cn/";
            });
            Assert.Equal(HttpStatusCode.Redirect, edited.StatusCode);
            home = await GetPublicAsync("/");
            PublicHtml.AssertElement(home, "a", renamed, "href=https://c.example.cn/", "rel=noopener noreferrer");
            Assert.DoesNotContain(first, home, StringComparison.Ordinal);

            foreach (var id in new[] { secondId, await LinkIdAsync(renamed) })
            {
                var delete = $"/admin/settings/links/{id}/delete";
                Assert.Equal(HttpStatusCode.Redirect, (await staff.PostAsync(delete, StaffBrowser.ReadForm(await staff.GetPageAsync(Settings), delete))).StatusCode);
            }

            home = await GetPublicAsync("/");
            Assert.DoesNotContain(second, home, StringComparison.Ordinal);
            Assert.DoesNotContain(renamed, home, StringComparison.Ordinal);
        }
        finally
        {
            await RemoveTestRowsAsync(first, second, renamed);
        }
    }

    [Fact]
    public async Task FriendlyLinkNeedsANameAndAWebAddress()
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        var empty = await AddLinkAsync(staff, string.Empty, string.Empty);
        var script = await AddLinkAsync(staff, "恶意链接", "javascript:alert(document.cookie)");

        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        var errors = StaffBrowser.Errors(await empty.Content.ReadAsStringAsync());
        Assert.Contains("请填写网站名称。", errors);
        Assert.Contains("请填写网址。", errors);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains(LinkError, StaffBrowser.Errors(await script.Content.ReadAsStringAsync()));
        Assert.False(await app.WithDbAsync(db => db.FriendlyLinks.AnyAsync(l => l.Name == "恶意链接")));
    }

    [Fact]
    public async Task ChangingOrDeletingAnAccountOrLinkThatDoesNotExistIsNotFound()
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        var token = await staff.GetAntiforgeryTokenAsync(Settings);
        (string, string)[] fields = [(StaffBrowser.AntiforgeryField, token), ("Input.Name", "不存在"), ("Input.Url", "https://example.cn/")];

        foreach (var action in new[]
        {
            "/admin/settings/accounts/987654/edit", "/admin/settings/accounts/987654/delete", "/admin/settings/accounts/987654/up",
            "/admin/settings/links/987654/edit", "/admin/settings/links/987654/delete", "/admin/settings/links/987654/down",
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await staff.PostAsync(action, fields)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await staff.GetAsync("/admin/settings/links/99999999999/edit")).StatusCode);
    }

    private async Task<string> GetPublicAsync(string path) => await _public.GetStringAsync(new Uri(path, UriKind.Relative));

    /// <summary>Where the text is in the page's footer: the home page's 职工服务 block names the service accounts too.</summary>
    private static int IndexIn(string html, string text)
    {
        var index = html.IndexOf(text, html.IndexOf("<footer", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.True(index >= 0, $"“{text}” is not on the page.");
        return index;
    }

    private static async Task<HttpResponseMessage> AddLinkAsync(StaffBrowser staff, string name, string url) =>
        await staff.SubmitAsync(NewLink, NewLink, form =>
        {
            form["Input.Name"] = name;
            form["Input.Url"] = url;
        });

    private async Task<AuditEntry> LastAuditEntryAsync(string userId) => (await app.AuditEntriesAsync(userId: userId))[^1];

    private Task<SiteSettings> SavedSettingsAsync() =>
        app.WithDbAsync(db => db.SiteSettings.AsNoTracking().SingleAsync(s => s.Id == SiteSettings.SingletonId));

    private Task<ServiceAccount> AccountAsync(string name) =>
        app.WithDbAsync(db => db.ServiceAccounts.AsNoTracking().Include(a => a.QrImage).SingleAsync(a => a.Name == name));

    private Task<List<string>> AccountNamesAsync() =>
        app.WithDbAsync(db => db.ServiceAccounts.OrderBy(a => a.SortOrder).ThenBy(a => a.Id).Select(a => a.Name).ToListAsync());

    private Task<int> LinkIdAsync(string name) => app.WithDbAsync(db => db.FriendlyLinks.Where(l => l.Name == name).Select(l => l.Id).SingleAsync());

    /// <summary>Puts back the seeded settings other tests read, such as the phone number.</summary>
    private async Task RestoreSettingsAsync(SiteSettings original)
    {
        await app.WithDbAsync(async db =>
        {
            var settings = await db.SiteSettings.SingleAsync(s => s.Id == SiteSettings.SingletonId);
            db.Entry(settings).CurrentValues.SetValues(original);
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
    }

    private async Task RemoveTestRowsAsync(params string[] names)
    {
        await app.WithDbAsync(async db =>
        {
            await db.ServiceAccounts.Where(a => names.Contains(a.Name)).ExecuteDeleteAsync();
            await db.FriendlyLinks.Where(l => names.Contains(l.Name)).ExecuteDeleteAsync();
        });
        await app.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
    }
}
