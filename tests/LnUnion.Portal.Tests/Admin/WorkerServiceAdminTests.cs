using System.Net;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Services;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed class WorkerServiceAdminTests(PortalApplication app)
{
    private const string List = "/admin/services";
    private const string New = "/admin/services/new";

    private readonly HttpClient _public = app.CreatePublicClient();

    [Fact]
    public async Task StaffAddAServiceThatOpensTheMailboxWithItsLetterTypeChosen()
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        var name = Unique("劳动维权");
        var complaint = await app.WithDbAsync(db => db.LetterTypes.Where(t => t.Name == "投诉/维权").Select(t => t.Id).SingleAsync());
        try
        {
            var response = await staff.SubmitAsync(New, New, form =>
            {
                form["Input.Name"] = name;
                form["Input.Description"] = "欠薪、工伤等权益受损时写信求助";
                form["Input.LinkKind"] = nameof(ServiceLinkKind.Mailbox);
                form["Input.LetterTypeId"] = complaint.ToString(System.Globalization.CultureInfo.InvariantCulture);
                form["Input.Icon"] = "shield-check";
            });

            Assert.Equal((HttpStatusCode.Redirect, List), (response.StatusCode, response.Headers.Location?.OriginalString));
            var audit = (await app.AuditEntriesAsync(userId: staff.UserId))[^1];
            Assert.Equal(("services.new", AuditLog.Success), (audit.Action, audit.Result));
            var saved = await app.WithDbAsync(db => db.WorkerServices.AsNoTracking().SingleAsync(s => s.Name == name));
            Assert.Equal((staff.UserId, (string?)null), (saved.UpdatedById, saved.LinkTarget));

            foreach (var path in new[] { "/", "/services" })
            {
                var link = Parse(await _public.GetStringAsync(new Uri(path, UriKind.Relative))).QuerySelectorAll(".service-list a").Single(a => a.TextContent == name);
                Assert.Equal($"/mailbox?type={complaint}", link.GetAttribute("href"));
            }

            var mailbox = Parse(await _public.GetStringAsync(new Uri($"/mailbox?type={complaint}", UriKind.Relative)));
            Assert.Equal(complaint.ToString(System.Globalization.CultureInfo.InvariantCulture), mailbox.QuerySelector("#letter-typeid option[selected]")?.GetAttribute("value"));
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [Theory]
    [InlineData(nameof(ServiceLinkKind.External), "http://service.example.cn/", "外部服务请填写以 https:// 开头的完整网址。")]
    [InlineData(nameof(ServiceLinkKind.External), "javascript:alert(1)", "外部服务请填写以 https:// 开头的完整网址。")]
    [InlineData(nameof(ServiceLinkKind.Internal), "https://service.example.cn/", "本站页面请填写以“/”开头的站内地址，如 /contact。")]
    [InlineData(nameof(ServiceLinkKind.Internal), "//evil.example.com/", "本站页面请填写以“/”开头的站内地址，如 /contact。")]
    [InlineData(nameof(ServiceLinkKind.Phone), "12351; drop", "热线电话只能包含数字和“-”，如 12351 或 024-22581001。")]
    [InlineData(nameof(ServiceLinkKind.Mailbox), "", "请选择职工信箱的信件类型。")]
    public async Task ALinkThatDoesNotFitItsKindIsRefusedWithAChineseMessage(string kind, string target, string message)
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        var name = Unique("无效链接");

        var response = await staff.SubmitAsync(New, New, form =>
        {
            form["Input.Name"] = name;
            form["Input.LinkKind"] = kind;
            form["Input.LinkTarget"] = target;
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, StaffBrowser.Errors(html));
        Assert.Equal(target, StaffBrowser.ReadForm(html, New)["Input.LinkTarget"]);
        Assert.Equal(AuditLog.Failure + "：输入有误", (await app.AuditEntriesAsync(userId: staff.UserId))[^1].Result);
        Assert.False(await app.WithDbAsync(db => db.WorkerServices.AnyAsync(s => s.Name == name)));
    }

    [Fact]
    public async Task AnIconOutsideTheVendoredSetIsRefused()
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        var response = await staff.SubmitAsync(New, New, ("Input.Name", Unique("图标")), ("Input.Icon", "../../appsettings"));

        Assert.Contains("请从列表中选择图标。", StaffBrowser.Errors(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task AHiddenServiceLeavesThePublicPagesAndTwoEditorsCannotOverwriteEachOther()
    {
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        var name = Unique("外部服务");
        try
        {
            await staff.SubmitAsync(New, New, ("Input.Name", name), ("Input.LinkKind", nameof(ServiceLinkKind.External)), ("Input.LinkTarget", "https://service.example.cn/"), ("Input.Icon", "briefcase"));
            var id = await app.WithDbAsync(db => db.WorkerServices.Where(s => s.Name == name).Select(s => s.Id).SingleAsync());
            var edit = $"/admin/services/{id}/edit";
            var link = Parse(await _public.GetStringAsync(new Uri("/services", UriKind.Relative))).QuerySelectorAll(".service-list a").Single(a => a.TextContent == name);
            Assert.Equal(("https://service.example.cn/", "noopener noreferrer"), (link.GetAttribute("href"), link.GetAttribute("rel")));

            var stale = await staff.GetFormAsync(edit, edit);
            var hidden = await staff.SubmitAsync(edit, edit, form => form["Input.IsShown"] = "false");
            Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
            Assert.DoesNotContain(name, await _public.GetStringAsync(new Uri("/services", UriKind.Relative)), StringComparison.Ordinal);
            Assert.DoesNotContain(name, await _public.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
            Assert.Contains("已隐藏", await staff.GetPageAsync(List), StringComparison.Ordinal);

            stale["Input.Name"] = name + "（旧表单）";
            var conflict = await staff.PostAsync(edit, stale);
            Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
            Assert.Contains(ContentChanges.ConflictMessage, StaffBrowser.Errors(await conflict.Content.ReadAsStringAsync()));
            Assert.False(await app.WithDbAsync(db => db.WorkerServices.Where(s => s.Id == id).Select(s => s.IsShown).SingleAsync()));
        }
        finally
        {
            await RemoveAsync(name);
        }
    }

    [Fact]
    public async Task OnlyOfficeStaffAndAdministratorsKeepTheServices()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync(List)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostWithTokenAsync("/admin", New, ("Input.Name", Unique("越权")))).StatusCode);
    }

    private static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    private static string Unique(string name) => name + Guid.NewGuid().ToString("N")[..6];

    private async Task RemoveAsync(string name)
    {
        await app.WithDbAsync(db => db.WorkerServices.Where(s => s.Name.StartsWith(name)).ExecuteDeleteAsync());
        await app.Services.GetRequiredService<PublicCache>().EverythingChangedAsync();
    }
}
