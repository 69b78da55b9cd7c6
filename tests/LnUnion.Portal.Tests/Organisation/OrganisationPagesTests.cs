using System.Net;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Data;
using LnUnion.Portal.Organisation;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Organisation;

[Collection(PortalTests.Name)]
public sealed class OrganisationPagesTests(PortalApplication app)
{
    private const string NewUnit = "/admin/organisation/units/new";
    private const string NewLeader = "/admin/organisation/leaders/new";

    private static readonly byte[] PngBytes = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly HttpClient _public = app.CreatePublicClient();

    [Fact]
    public async Task AUnitStaffAddShowsOnTheOrganisationPageUnderItsKindInBothScripts()
    {
        var name = UniqueName("测试产业工会");
        await _public.GetStringAsync(PublicAddresses.OrganisationUnits);
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        var response = await staff.SubmitAsync(NewUnit, NewUnit,
            ("Input.Kind", nameof(UnitKind.IndustryUnion)), ("Input.Name", name), ("Input.Duties", "负责本产业职工的维权服务。\n指导基层工会建设。"), ("Input.Phone", "０２４－２２５８１００１"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await ParseAsync(PublicAddresses.OrganisationUnits);
        var unit = page.QuerySelectorAll(".unit").Single(u => u.QuerySelector("h3")?.TextContent == name);
        Assert.Equal("产业工会", unit.ParentElement!.QuerySelector("h2")!.TextContent);
        Assert.Equal(["负责本产业职工的维权服务。", "指导基层工会建设。", "电话：024-22581001"], unit.QuerySelectorAll("p").Select(p => p.TextContent.Trim()));
        Assert.Equal("tel:02422581001", unit.QuerySelector("a[href^='tel:']")!.GetAttribute("href"));

        var traditional = await ParseAsync("/zh-hant" + PublicAddresses.OrganisationUnits);
        Assert.Equal("機構設置", traditional.QuerySelector("h1")!.TextContent);
        Assert.Contains(traditional.QuerySelectorAll(".unit p"), p => p.TextContent == "負責本產業職工的維權服務。");
        Assert.Contains($"{PublicAddresses.OrganisationUnits}</loc>", await _public.GetStringAsync("/sitemap.xml"), StringComparison.Ordinal);
        var audit = Assert.Single(await app.AuditEntriesAsync("organisation.newunit", userId: staff.UserId));
        Assert.Equal(AuditLog.Success, audit.Result);
    }

    [Fact]
    public async Task EverySaveOfAUnitIsARevisionAndRestoringAnOldOneBringsItsTextBack()
    {
        var name = UniqueName("测试部");
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        await staff.SubmitAsync(NewUnit, NewUnit, ("Input.Name", name), ("Input.Duties", "第一版职责"));
        var id = await UnitIdAsync(name);
        var edit = $"/admin/organisation/units/{id}/edit";
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SubmitAsync(edit, edit, ("Input.Duties", "第二版职责"))).StatusCode);
        Assert.Contains("第二版职责", await _public.GetStringAsync(PublicAddresses.OrganisationUnits), StringComparison.Ordinal);

        var revisions = await app.WithDbAsync(db => db.OrganisationRevisions.AsNoTracking()
            .Where(r => r.Subject == OrganisationSubject.Unit && r.SubjectId == id).OrderBy(r => r.Id).ToListAsync());
        Assert.Equal(2, revisions.Count);
        Assert.All(revisions, r => Assert.Equal(staff.UserId, r.CreatedById));
        var first = revisions[0].Id;
        var restore = $"/admin/organisation/units/{id}/revisions/{first}/restore";
        var restored = await staff.SubmitAsync(edit, restore);

        Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
        var page = await _public.GetStringAsync(PublicAddresses.OrganisationUnits);
        Assert.Contains("第一版职责", page, StringComparison.Ordinal);
        Assert.DoesNotContain("第二版职责", page, StringComparison.Ordinal);
        var history = await staff.GetPageAsync(edit);
        Assert.Contains($"恢复自修订 {first}", history, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AUnitFormLoadedBeforeSomeoneElseSavedIsRefusedAndKeepsWhatWasTyped()
    {
        var name = UniqueName("测试办公室");
        using var first = await app.SignInAsNewAsync(Roles.Staff);
        using var second = await app.SignInAsNewAsync(Roles.Administrator);
        await first.SubmitAsync(NewUnit, NewUnit, ("Input.Name", name));
        var edit = $"/admin/organisation/units/{await UnitIdAsync(name)}/edit";
        var stale = await first.GetFormAsync(edit, edit);
        await second.SubmitAsync(edit, edit, ("Input.Duties", "另一位同事写的职责"));

        stale["Input.Duties"] = "我写的职责";
        var response = await first.PostAsync(edit, stale);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal("我写的职责", StaffBrowser.ReadForm(html, edit)["Input.Duties"]);
        Assert.Contains("另一位同事写的职责", html, StringComparison.Ordinal);
        Assert.Equal("另一位同事写的职责", await app.WithDbAsync(db => db.OrganisationUnits.Where(u => u.Name == name).Select(u => u.Duties).SingleAsync()));
    }

    [Theory]
    [InlineData("Input.Name", "", "请填写名称。")]
    [InlineData("Input.Phone", "请打电话", "电话号码格式不正确")]
    [InlineData("Input.SortOrder", "10000", "排序号应在 0 到 9999 之间。")]
    public async Task AUnitWithBadInputGetsAChineseMessageAndNothingIsSaved(string field, string value, string message)
    {
        var name = UniqueName("测试单位");
        using var staff = await app.SignInAsNewAsync(Roles.Staff);

        var response = await staff.SubmitAsync(NewUnit, NewUnit, field == "Input.Name" ? [(field, value)] : [("Input.Name", name), (field, value)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(StaffBrowser.Errors(await response.Content.ReadAsStringAsync()), e => e.Contains(message, StringComparison.Ordinal));
        Assert.False(await app.WithDbAsync(db => db.OrganisationUnits.AnyAsync(u => u.Name == name)));
    }

    [Fact]
    public async Task ALeaderWithAPhotoShowsOnTheLeadersPageAndLeavesItWhenHidden()
    {
        var name = UniqueName("测试");
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        var form = await staff.GetFormAsync(NewLeader, NewLeader);
        form["Input.Name"] = name;
        form["Input.Title"] = "副主席";
        form["Input.Responsibilities"] = "分管宣传教育工作。";
        var added = await staff.PostMultipartAsync(NewLeader, form, ("Input.NewPhoto", "照片.png", PngBytes));

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var leader = await app.WithDbAsync(db => db.Leaders.AsNoTracking().Include(l => l.Photo).SingleAsync(l => l.Name == name));
        Assert.NotNull(leader.Photo);
        var page = await ParseAsync(PublicAddresses.Leaders);
        var entry = page.QuerySelectorAll(".leader").Single(l => l.QuerySelector("h2")?.TextContent == name);
        Assert.Equal("副主席", entry.QuerySelector(".leader-title")!.TextContent);
        Assert.Equal($"/media/{leader.Photo.StoredName}", entry.QuerySelector("img")!.GetAttribute("src"));
        var revision = await app.WithDbAsync(db => db.OrganisationRevisions.AsNoTracking().SingleAsync(r => r.Subject == OrganisationSubject.Leader && r.SubjectId == leader.Id));
        Assert.Contains($"\"PhotoId\":{leader.Photo.Id}", revision.Snapshot, StringComparison.Ordinal);

        var edit = $"/admin/organisation/leaders/{leader.Id}/edit";
        // Unticked, the box posts only the hidden "false" that ASP.NET Core puts beside it.
        var hidden = await staff.SubmitAsync(edit, edit, ("Input.IsShown", "false"));

        Assert.Equal(HttpStatusCode.Redirect, hidden.StatusCode);
        Assert.DoesNotContain(name, await _public.GetStringAsync(PublicAddresses.Leaders), StringComparison.Ordinal);
        Assert.NotNull(await app.WithDbAsync(db => db.Leaders.AsNoTracking().Where(l => l.Id == leader.Id).Select(l => l.PhotoId).SingleAsync()));
    }

    [Fact]
    public async Task DeletingALeaderTakesThemOffThePageButKeepsTheirRevisions()
    {
        var name = UniqueName("测试");
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        await staff.SubmitAsync(NewLeader, NewLeader, ("Input.Name", name), ("Input.Title", "主席"));
        Assert.Contains(name, await _public.GetStringAsync(PublicAddresses.Leaders), StringComparison.Ordinal);
        var id = await app.WithDbAsync(db => db.Leaders.Where(l => l.Name == name).Select(l => l.Id).SingleAsync());

        var deleted = await staff.SubmitAsync("/admin/organisation", $"/admin/organisation/leaders/{id}/delete");

        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain(name, await _public.GetStringAsync(PublicAddresses.Leaders), StringComparison.Ordinal);
        var notes = await app.WithDbAsync(db => db.OrganisationRevisions.Where(r => r.Subject == OrganisationSubject.Leader && r.SubjectId == id).OrderBy(r => r.Id).Select(r => r.Note).ToListAsync());
        Assert.Equal([null, "删除"], notes);
    }

    [Fact]
    public async Task AnEditorMayNotChangeTheOrganisation()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        Assert.Equal(HttpStatusCode.Forbidden, (await editor.GetAsync("/admin/organisation")).StatusCode);
    }

    [Fact]
    public async Task TheAboutPagesLinkToOneAnother()
    {
        foreach (var path in new[] { "/about", "/about/responsibilities", PublicAddresses.OrganisationUnits, PublicAddresses.Leaders })
        {
            var page = await ParseAsync(path);
            var links = page.QuerySelectorAll("nav.about-links a");
            Assert.Equal(["机构简介", "主要职责", "机构设置", "领导之窗"], links.Select(a => a.TextContent));
            Assert.Equal(path, Assert.Single(links, a => a.GetAttribute("aria-current") == "page").GetAttribute("href"));
        }
    }

    private static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..6];

    private Task<int> UnitIdAsync(string name) =>
        app.WithDbAsync(db => db.OrganisationUnits.Where(u => u.Name == name).Select(u => u.Id).SingleAsync());

    private async Task<AngleSharp.Html.Dom.IHtmlDocument> ParseAsync(string path) =>
        new HtmlParser().ParseDocument(await _public.GetStringAsync(path));
}
