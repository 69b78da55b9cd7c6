using System.Net;
using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed class PageAdminTests(PortalApplication app) : IAsyncLifetime
{
    private readonly HttpClient _public = app.CreatePublicClient();
    private readonly List<int> _addedPages = [];

    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Other tests count the seeded pages, so the test's own go when it ends.</summary>
    public async Task DisposeAsync()
    {
        await app.WithDbAsync(db => db.Pages.Where(p => _addedPages.Contains(p.Id)).ExecuteDeleteAsync());
        _public.Dispose();
    }

    [Fact]
    public async Task EditingAPageKeepsARevisionAndCanBeRestored()
    {
        var original = await app.WithDbAsync(db => db.Pages.AsNoTracking().SingleAsync(p => p.Slug == PageSlugs.Responsibilities));
        var firstRevision = await LatestRevisionAsync(original.Id);
        var edit = $"/admin/pages/{original.Id}/edit";
        const string Marker = "新增的职责条目：测试修订与恢复。";
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        Assert.DoesNotContain(Marker, await GetPublicAsync("/about/responsibilities"), StringComparison.Ordinal);

        try
        {
            var saved = await editor.SubmitAsync(edit, edit, form =>
            {
                Assert.Equal(original.BodyMarkdown, form["Input.BodyMarkdown"]);
                form["Input.BodyMarkdown"] = original.BodyMarkdown + "\n\n" + Marker;
            });

            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal($"/admin/pages/{original.Id}", saved.Headers.Location?.OriginalString);
            Assert.Contains(Marker, await GetPublicAsync("/about/responsibilities"), StringComparison.Ordinal);
            var edited = await app.WithDbAsync(db => db.PageRevisions.AsNoTracking().Where(r => r.PageId == original.Id).OrderByDescending(r => r.Id).FirstAsync());
            Assert.True(edited.Id > firstRevision);
            Assert.EndsWith(Marker, edited.BodyMarkdown, StringComparison.Ordinal);
            Assert.Equal(editor.UserId, edited.CreatedById);
            var audit = (await app.AuditEntriesAsync(userId: editor.UserId))[^1];
            Assert.Equal(("pages.edit", $"pages:{original.Id}", AuditLog.Success), (audit.Action, audit.Target, audit.Result));

            var detail = await editor.GetPageAsync($"/admin/pages/{original.Id}");
            Assert.Contains($"#{edited.Id}", detail, StringComparison.Ordinal);
            var diff = await editor.GetPageAsync($"/admin/pages/{original.Id}/compare?from={firstRevision}&to={edited.Id}");
            Assert.Contains(PublicHtml.All(diff, "div.diff-line.is-inserted > ins.diff-ins"), ins => ins.TextContent == "新增：" + Marker && ins.QuerySelector("span.visually-hidden")?.TextContent == "新增：");

            var restore = $"/admin/pages/{original.Id}/revisions/{firstRevision}/restore";
            var restored = await editor.PostAsync(restore, StaffBrowser.ReadForm(detail, restore));

            Assert.Equal(HttpStatusCode.Redirect, restored.StatusCode);
            Assert.DoesNotContain(Marker, await GetPublicAsync("/about/responsibilities"), StringComparison.Ordinal);
            var latest = await app.WithDbAsync(db => db.PageRevisions.AsNoTracking().Where(r => r.PageId == original.Id).OrderByDescending(r => r.Id).FirstAsync());
            Assert.True(latest.Id > edited.Id, "Restoring adds a revision rather than deleting one.");
            Assert.Equal($"恢复自修订 #{firstRevision}", latest.Note);
            Assert.Equal(original.BodyMarkdown, latest.BodyMarkdown);
            var page = await app.WithDbAsync(db => db.Pages.AsNoTracking().SingleAsync(p => p.Id == original.Id));
            Assert.Equal((original.Title, original.BodyMarkdown), (page.Title, page.BodyMarkdown));
        }
        finally
        {
            await ResetPageAsync(original);
        }
    }

    [Fact]
    public async Task TwoPeopleSavingTheSamePageGetAConflictNotAnOverwrite()
    {
        var id = await AddPageAsync("最初的内容");
        var edit = $"/admin/pages/{id}/edit";
        using var first = await app.SignInAsNewAsync(Roles.Editor);
        using var second = await app.SignInAsNewAsync(Roles.Editor);
        var firstForm = await first.GetFormAsync(edit, edit);
        var secondForm = await second.GetFormAsync(edit, edit);

        firstForm["Input.BodyMarkdown"] = "第一位编辑保存的内容";
        Assert.Equal(HttpStatusCode.Redirect, (await first.PostAsync(edit, firstForm)).StatusCode);
        secondForm["Input.BodyMarkdown"] = "第二位编辑保存的内容";
        var conflict = await second.PostAsync(edit, secondForm);

        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        var html = await conflict.Content.ReadAsStringAsync();
        Assert.Contains(ContentChanges.ConflictMessage, html, StringComparison.Ordinal);
        PublicHtml.AssertElementHas(html, "*", $"href=/admin/pages/{id}#revisions");
        var kept = StaffBrowser.ReadForm(html, edit);
        Assert.Equal("第二位编辑保存的内容", kept["Input.BodyMarkdown"]);
        Assert.Equal("第一位编辑保存的内容", await BodyAsync(id));

        // Having seen the message, the second editor may still choose to save their text over the first.
        Assert.Equal(HttpStatusCode.Redirect, (await second.PostAsync(edit, kept)).StatusCode);
        Assert.Equal("第二位编辑保存的内容", await BodyAsync(id));
        var revisions = await app.WithDbAsync(db => db.PageRevisions.Where(r => r.PageId == id).OrderBy(r => r.Id).Select(r => r.BodyMarkdown).ToListAsync());
        Assert.Equal(["最初的内容", "第一位编辑保存的内容", "第二位编辑保存的内容"], revisions);
    }

    [Fact]
    public async Task AnEmptyTitleIsRefusedAndTheTextTypedIsKept()
    {
        var id = await AddPageAsync("原来的正文");
        var edit = $"/admin/pages/{id}/edit";
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        var response = await editor.SubmitAsync(edit, edit, form =>
        {
            form["Input.Title"] = " ";
            form["Input.BodyMarkdown"] = "写了一半的新正文";
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("请填写标题。", StaffBrowser.Errors(html));
        Assert.Equal("写了一半的新正文", StaffBrowser.ReadForm(html, edit)["Input.BodyMarkdown"]);
        Assert.Equal("原来的正文", await BodyAsync(id));
    }

    [Fact]
    public async Task APageMayBeSavedWithAnEmptyBodyAsTheContactPageNeedsNone()
    {
        var id = await AddPageAsync("将被清空的正文");
        var edit = $"/admin/pages/{id}/edit";
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        var response = await editor.SubmitAsync(edit, edit, form => form["Input.BodyMarkdown"] = string.Empty);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(string.Empty, await BodyAsync(id));
    }

    [Fact]
    public async Task PagesListShowsTheStandingPagesInTheirUsualOrder()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        var html = await editor.GetPageAsync("/admin/pages");

        var about = html.IndexOf(">机构简介</a>", StringComparison.Ordinal);
        var duties = html.IndexOf(">主要职责</a>", StringComparison.Ordinal);
        var contact = html.IndexOf(">联系我们</a>", StringComparison.Ordinal);
        Assert.True(about >= 0 && about < duties && duties < contact, "机构简介, 主要职责, 联系我们 in that order.");
        PublicHtml.AssertElementHas(html, "*", "href=/about/responsibilities");
    }

    [Fact]
    public async Task StaffCannotEditPagesAndAnonymousVisitorsAreSentToSignIn()
    {
        var id = await AddPageAsync("只有编辑能修改");
        using var staff = await app.SignInAsNewAsync(Roles.Staff);
        using var anonymous = app.OpenBrowser();

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync("/admin/pages")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await staff.GetAsync($"/admin/pages/{id}/edit")).StatusCode);
        var token = await staff.GetAntiforgeryTokenAsync("/admin/settings");
        var post = await staff.PostAsync(
            $"/admin/pages/{id}/edit", (StaffBrowser.AntiforgeryField, token), ("Input.Title", "被职员改掉的标题"), ("Input.BodyMarkdown", "被职员改掉的正文"));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal("只有编辑能修改", await BodyAsync(id));

        var redirect = await anonymous.GetAsync("/admin/pages");
        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Contains("/admin/login", redirect.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARevisionCanOnlyBeRestoredOrComparedOnItsOwnPage()
    {
        var mine = await AddPageAsync("本页内容");
        var other = await AddPageAsync("另一页的内容");
        var otherRevision = await LatestRevisionAsync(other);
        var mineRevision = await LatestRevisionAsync(mine);
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var detail = await editor.GetPageAsync($"/admin/pages/{mine}");
        var token = StaffBrowser.AntiforgeryToken(detail);

        var restore = await editor.PostAsync($"/admin/pages/{mine}/revisions/{otherRevision}/restore", (StaffBrowser.AntiforgeryField, token));
        var compare = await editor.GetAsync($"/admin/pages/{mine}/compare?from={mineRevision}&to={otherRevision}");
        var unknown = await editor.GetAsync("/admin/pages/99999999999/edit");
        var nonsense = await editor.GetAsync($"/admin/pages/{mine}/compare?from=abc&to=%00");

        Assert.Equal(HttpStatusCode.NotFound, restore.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, compare.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, nonsense.StatusCode);
        Assert.Equal("本页内容", await BodyAsync(mine));
    }

    [Fact]
    public async Task SavingAPageWithoutTheAntiforgeryTokenIsRefused()
    {
        var id = await AddPageAsync("不应被改动");
        var edit = $"/admin/pages/{id}/edit";
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var form = await editor.GetFormAsync(edit, edit);
        form.Remove(StaffBrowser.AntiforgeryField);
        form["Input.BodyMarkdown"] = "伪造的请求";

        var response = await editor.PostAsync(edit, form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("不应被改动", await BodyAsync(id));
    }

    private async Task<string> GetPublicAsync(string path) => await _public.GetStringAsync(new Uri(path, UriKind.Relative));

    /// <summary>A page of the test's own (not shown on the public site), so that shared seeded pages stay as they are.</summary>
    private async Task<int> AddPageAsync(string body)
    {
        var id = await app.WithDbAsync(async db =>
        {
            var page = new Page { Slug = $"test-{Guid.NewGuid():N}", Title = "测试页面", BodyMarkdown = body, UpdatedAt = DateTime.UtcNow };
            page.Revisions.Add(new PageRevision { Title = page.Title, BodyMarkdown = body, CreatedAt = DateTime.UtcNow, Note = "测试" });
            db.Pages.Add(page);
            await db.SaveChangesAsync();
            return page.Id;
        });
        _addedPages.Add(id);
        return id;
    }

    private Task<string> BodyAsync(int id) => app.WithDbAsync(db => db.Pages.Where(p => p.Id == id).Select(p => p.BodyMarkdown).SingleAsync());

    private Task<int> LatestRevisionAsync(int pageId) =>
        app.WithDbAsync(db => db.PageRevisions.Where(r => r.PageId == pageId).MaxAsync(r => r.Id));

    private async Task ResetPageAsync(Page original)
    {
        await app.WithDbAsync(async db =>
        {
            var page = await db.Pages.SingleAsync(p => p.Id == original.Id);
            page.Title = original.Title;
            page.BodyMarkdown = original.BodyMarkdown;
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<PublicCache>().PageChangedAsync(original.Slug);
    }
}
