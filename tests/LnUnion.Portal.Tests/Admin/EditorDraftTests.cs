using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using LnUnion.Portal.Editing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>
/// The edit pages' background requests: the editor's private autosaved copy of a form, the session they keep alive,
/// and the new-article form that makes one article however often it is posted.
/// </summary>
[Collection(PortalTests.Name)]
public sealed partial class EditorDraftTests(PortalApplication app)
{
    private const string Drafts = "/admin/editor/drafts";

    [Fact]
    public async Task AnAutosavedCopyComesBackToItsAuthorMakesNoRevisionAndGoesWhenTheArticleIsSaved()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await CreateAsync(editor, "自动保存测试", "最初的正文。");
        var edit = $"/admin/articles/{id}/edit";
        var formKey = EditorDrafts.KeyOfArticle(id);
        var revisionsBefore = await app.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id));

        using var saved = await SaveDraftAsync(editor, edit, formKey, new() { ["Input.Title"] = "自动保存测试", ["Input.BodyMarkdown"] = "写到一半的正文，还没有点保存。" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var savedAt = JsonDocument.Parse(await saved.Content.ReadAsStringAsync()).RootElement.GetProperty("savedAt").GetString();
        Assert.Matches(ClockTime(), savedAt);

        using var draft = await GetDraftAsync(editor, formKey);
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        var fields = JsonDocument.Parse(await draft.Content.ReadAsStringAsync()).RootElement.GetProperty("fields");
        Assert.Equal("写到一半的正文，还没有点保存。", fields.GetProperty("Input.BodyMarkdown").GetString());

        // A private recovery copy: the article, its revisions and the edit form are as they were.
        Assert.Equal(revisionsBefore, await app.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id)));
        Assert.Equal("最初的正文。", await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync()));

        var form = await editor.GetFormAsync(edit, edit);
        form["Input.BodyMarkdown"] = "写完的正文。";
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostMultipartAsync(edit, form)).StatusCode);
        using var afterSave = await GetDraftAsync(editor, formKey);
        Assert.Equal(HttpStatusCode.NotFound, afterSave.StatusCode);
    }

    [Fact]
    public async Task NobodyElseCanReadAnEditorsAutosavedCopy()
    {
        using var author = await app.SignInAsNewAsync(Roles.Editor);
        using var colleague = await app.SignInAsNewAsync(Roles.Editor);
        using var administrator = await app.SignInAsNewAsync(Roles.Administrator);
        var formKey = EditorDrafts.KeyOfPage(1);
        using var saved = await SaveDraftAsync(author, "/admin/pages", formKey, new() { ["Input.BodyMarkdown"] = "只给自己看的草稿" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        foreach (var other in new[] { colleague, administrator })
        {
            using var response = await GetDraftAsync(other, formKey);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.DoesNotContain("只给自己看的草稿", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using var own = await GetDraftAsync(author, formKey);
        var fields = JsonDocument.Parse(await own.Content.ReadAsStringAsync()).RootElement.GetProperty("fields");
        Assert.Equal("只给自己看的草稿", fields.GetProperty("Input.BodyMarkdown").GetString());
    }

    [Fact]
    public async Task SignedOutTheEditorsBackgroundRequestsAnswer401RatherThanTheSignInPage()
    {
        using var nobody = app.OpenBrowser();
        foreach (var request in new[]
        {
            Script(HttpMethod.Get, "/admin/editor/session"),
            Script(HttpMethod.Get, $"{Drafts}?formKey=page:1"),
            Script(HttpMethod.Post, Drafts, new FormUrlEncodedContent([new("formKey", "page:1"), new("fields", "{}")])),
        })
        {
            using var response = await nobody.Client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{request.Method} {request.RequestUri} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task TheSessionRenewsTheSignInAndGivesATokenThatTheNextAutosaveCarries()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        using var response = await editor.Client.SendAsync(Script(HttpMethod.Get, "/admin/editor/session"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The sign-in cookie is issued again, with a full idle timeout from now.
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("lnu_admin=", StringComparison.Ordinal));
        var session = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(30 * 60, session.GetProperty("expiresInSeconds").GetInt32());
        Assert.Equal(2 * 60, session.GetProperty("warnBeforeSeconds").GetInt32());

        var save = Script(HttpMethod.Post, Drafts, new FormUrlEncodedContent([new("formKey", "page:2"), new("fields", """{"Input.Title":"标题"}""")]));
        save.Headers.Add("RequestVerificationToken", session.GetProperty("token").GetString());
        using var saved = await editor.Client.SendAsync(save);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
    }

    [Fact]
    public async Task AnAutosaveThatIsNotAFormsFieldsIsRefusedWithAReason()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        foreach (var (formKey, fields) in new[] { ("articles:1", "{}"), ("article:1", "不是 JSON"), ("article:1", """{"a":1}""") })
        {
            using var response = await editor.PostWithTokenAsync("/admin/pages", Drafts, ("formKey", formKey), ("fields", fields));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("无法识别", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheSameNewArticleFormPostedTwiceMakesOneArticleAndBackFindsIt()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"只应保存一次的文章 {Guid.NewGuid():N}";
        var form = await editor.GetFormAsync("/admin/articles/new", "/admin/articles/new");
        var key = Guid.Parse(form["Input.CreationKey"]);
        form["Input.ChannelId"] = await ChannelIdAsync();
        form["Input.Title"] = title;
        form["Input.BodyMarkdown"] = "正文。";
        using var autosaved = await SaveDraftAsync(editor, "/admin/articles/new", EditorDrafts.KeyOfNewArticle(key), new() { ["Input.Title"] = title });
        Assert.Equal(HttpStatusCode.OK, autosaved.StatusCode);

        using var first = await editor.PostMultipartAsync("/admin/articles/new", form);
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var id = await app.WithDbAsync(db => db.Articles.Where(a => a.Title == title).Select(a => a.Id).SingleAsync());

        using var second = await editor.PostMultipartAsync("/admin/articles/new", form);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.Equal($"/admin/articles/{id}/edit", second.Headers.Location!.OriginalString);
        Assert.Equal(1, await app.WithDbAsync(db => db.Articles.CountAsync(a => a.Title == title)));

        // Back comes to the form's own address, which now leads to the saved article.
        using var back = await editor.GetAsync($"/admin/articles/new?key={key}");
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal($"/admin/articles/{id}/edit", back.Headers.Location!.OriginalString);

        // Saving the article was the autosaved copy's job done.
        using var draft = await GetDraftAsync(editor, EditorDrafts.KeyOfNewArticle(key));
        Assert.Equal(HttpStatusCode.NotFound, draft.StatusCode);

        // Another editor's form key never leads to this article.
        using var colleague = await app.SignInAsNewAsync(Roles.Editor);
        var theirs = await colleague.GetPageAsync($"/admin/articles/new?key={key}");
        Assert.DoesNotContain(title, theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpeningANewArticleFormAfreshLeadsBackToTheOneThatWasAutosavedButNeverSaved()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var form = await editor.GetFormAsync("/admin/articles/new", "/admin/articles/new");
        var key = Guid.Parse(form["Input.CreationKey"]);
        using var autosaved = await SaveDraftAsync(editor, "/admin/articles/new", EditorDrafts.KeyOfNewArticle(key), new() { ["Input.Title"] = "浏览器关掉前写的" });
        Assert.Equal(HttpStatusCode.OK, autosaved.StatusCode);

        var fresh = await editor.GetPageAsync("/admin/articles/new");
        PublicHtml.AssertElement(fresh, "a", "继续写那一篇", $"href=/admin/articles/new?key={key}");
        Assert.DoesNotContain("继续写那一篇", await editor.GetPageAsync($"/admin/articles/new?key={key}"), StringComparison.Ordinal);

        form["Input.ChannelId"] = await ChannelIdAsync();
        form["Input.Title"] = "浏览器关掉前写的";
        form["Input.BodyMarkdown"] = "正文。";
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostMultipartAsync("/admin/articles/new", form)).StatusCode);
        Assert.DoesNotContain("继续写那一篇", await editor.GetPageAsync("/admin/articles/new"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachNewArticleFormHasItsOwnKey()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var keys = new[]
        {
            (await editor.GetFormAsync("/admin/articles/new", "/admin/articles/new"))["Input.CreationKey"],
            (await editor.GetFormAsync("/admin/articles/new", "/admin/articles/new"))["Input.CreationKey"],
        };
        Assert.All(keys, k => Assert.NotEqual(Guid.Empty, Guid.Parse(k)));
        Assert.NotEqual(keys[0], keys[1]);
    }

    private static HttpRequestMessage Script(HttpMethod method, string url, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative)) { Content = content };
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return request;
    }

    private static async Task<HttpResponseMessage> SaveDraftAsync(StaffBrowser editor, string page, string formKey, Dictionary<string, string> fields) =>
        await editor.PostWithTokenAsync(page, Drafts, ("formKey", formKey), ("fields", JsonSerializer.Serialize(fields)));

    private static Task<HttpResponseMessage> GetDraftAsync(StaffBrowser editor, string formKey) =>
        editor.Client.SendAsync(Script(HttpMethod.Get, $"{Drafts}?formKey={Uri.EscapeDataString(formKey)}"));

    private async Task<int> CreateAsync(StaffBrowser editor, string title, string body)
    {
        using var response = await editor.PostMultipartWithTokenAsync("/admin/articles/new", "/admin/articles/new",
            [("Input.ChannelId", await ChannelIdAsync()), ("Input.Title", title), ("Input.BodyMarkdown", body)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(ArticleIdInLocation().Match(response.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private Task<string> ChannelIdAsync() =>
        app.WithDbAsync(async db => (await db.Channels.SingleAsync(c => c.Slug == "news")).Id.ToString(CultureInfo.InvariantCulture));

    [GeneratedRegex("/admin/articles/([0-9]+)")]
    private static partial Regex ArticleIdInLocation();

    [GeneratedRegex("^[0-2][0-9]:[0-5][0-9]$")]
    private static partial Regex ClockTime();
}
