using System.Net;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed class ChannelAdminTests(PortalApplication app)
{
    [Fact]
    public async Task AdministratorCreatesAChannelThatAppearsInTheNavigationAndTheAuditLog()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);
        var home = app.CreatePublicClient();
        Assert.DoesNotContain("职工之家", await home.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);

        using var response = await CreateAsync(client, "workers-home", "职工之家", showInNavigation: true, reviewLevels: "2", kind: "Notices");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var channel = await app.WithDbAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Slug == "workers-home"));
        Assert.Equal(("职工之家", 2, ChannelKind.Notices, true), (channel.Name, channel.ReviewLevels, channel.Kind, channel.ShowInNavigation));
        Assert.Contains("职工之家", await home.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await home.GetAsync(new Uri("/workers-home", UriKind.Relative))).StatusCode);

        var list = await client.GetPageAsync("/admin/channels");
        Assert.Contains("/workers-home", list, StringComparison.Ordinal);

        var entry = Assert.Single(await app.AuditEntriesAsync("channels.create", $"channels:{channel.Id}"));
        Assert.Equal((client.Email, "成功"), (entry.UserName, entry.Result));
    }

    [Fact]
    public async Task EditingAChannelShowsOnThePublicSiteAtOnce()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);
        var slug = await app.AddChannelAsync("admin-edit-before", showInNavigation: true);
        var id = await IdOfAsync(slug);
        var home = app.CreatePublicClient();
        Assert.Contains("测试栏目admin-edit-before", await home.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);

        using var response = await client.SubmitAsync(
            $"/admin/channels/{id}/edit",
            $"/admin/channels/{id}/edit",
            ChannelFields("admin-edit-after", "改名后的栏目", showInNavigation: true, reviewLevels: "3", kind: "Static"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await home.GetStringAsync(new Uri("/", UriKind.Relative));
        Assert.Contains("改名后的栏目", html, StringComparison.Ordinal);
        Assert.DoesNotContain("测试栏目admin-edit-before", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await home.GetAsync(new Uri("/admin-edit-before", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await home.GetAsync(new Uri("/admin-edit-after", UriKind.Relative))).StatusCode);
        var saved = await app.WithDbAsync(db => db.Channels.AsNoTracking().SingleAsync(c => c.Id == id));
        Assert.Equal((3, ChannelKind.Static), (saved.ReviewLevels, saved.Kind));
    }

    [Theory]
    [InlineData("News")]
    [InlineData("1news")]
    [InlineData("n")]
    [InlineData("has space")]
    [InlineData("under_score")]
    [InlineData("")]
    [InlineData("a-slug-that-is-far-too-long-to-be-a-channel-address-x")]
    public async Task MalformedSlugIsRefused(string slug)
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await CreateAsync(client, slug, "格式错误的栏目");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(slug.Length == 0 ? "请填写网址名" : "网址名须以小写字母开头", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Name == "格式错误的栏目")));
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("zh-hant")]
    [InlineData("search")]
    [InlineData("healthz")]
    public async Task ReservedSlugIsRefused(string slug)
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await CreateAsync(client, slug, "占用保留网址的栏目");

        Assert.Contains("是网站保留的网址", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Slug == slug)));
    }

    [Fact]
    public async Task DuplicateSlugIsRefused()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await CreateAsync(client, "news", "第二个要闻栏目");

        Assert.Contains("网址名“news”已被其他栏目使用", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.Channels.CountAsync(c => c.Slug == "news")));
    }

    [Fact]
    public async Task ANewChannelWithTheNameOfAnotherIsRefused()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await CreateAsync(client, "news-again", " 工会要闻 ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("栏目名称“工会要闻”已被其他栏目使用", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Slug == "news-again")));
    }

    [Fact]
    public async Task RenamingAChannelToTheNameOfAnotherIsRefusedButKeepingItsOwnNameIsNot()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);
        var id = await IdOfAsync("campaigns");

        using var duplicate = await client.SubmitAsync($"/admin/channels/{id}/edit", $"/admin/channels/{id}/edit", ("Input.Name", "通知公告"));
        using var ownName = await client.SubmitAsync($"/admin/channels/{id}/edit", $"/admin/channels/{id}/edit", ("Input.Name", "专项行动"));

        Assert.Contains("栏目名称“通知公告”已被其他栏目使用", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, ownName.StatusCode);
        Assert.Equal("专项行动", await app.WithDbAsync(db => db.Channels.Where(c => c.Id == id).Select(c => c.Name).SingleAsync()));
    }

    [Theory]
    [InlineData("0", "News", "审核级数须是 1、2 或 3")]
    [InlineData("4", "News", "审核级数须是 1、2 或 3")]
    [InlineData("1", "7", "“7”无效")]
    [InlineData("1", "Weekly", "“Weekly”不是有效的栏目类型")]
    public async Task ReviewLevelsOutOfRangeAndUnknownChannelKindsAreRefused(string reviewLevels, string kind, string message)
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await CreateAsync(client, "out-of-range", "超出范围的栏目", reviewLevels: reviewLevels, kind: kind);

        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Slug == "out-of-range")));
    }

    [Fact]
    public async Task ChannelTheHomePageUsesKeepsItsSlug()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);
        var id = await IdOfAsync("notices");

        using var response = await client.SubmitAsync($"/admin/channels/{id}/edit", $"/admin/channels/{id}/edit", ChannelFields("announcements", "通知公告"));

        Assert.Contains("这个栏目的网址名不能修改", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Id == id && c.Slug == "notices")));
    }

    [Fact]
    public async Task ChannelWithArticlesCannotBeDeleted()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);
        var slug = await app.AddChannelAsync("admin-delete-full");
        await app.AddArticleAsync(slug, "不让栏目被删除的文章");
        var id = await IdOfAsync(slug);

        using var response = await client.PostWithTokenAsync($"/admin/channels/{id}/edit", $"/admin/channels/{id}/delete");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("还有 1 篇文章", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Id == id)));
        Assert.StartsWith("失败", Assert.Single(await app.AuditEntriesAsync("channels.delete", $"channels:{id}")).Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyChannelCanBeDeleted()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);
        var slug = await app.AddChannelAsync("admin-delete-empty", showInNavigation: true);
        var id = await IdOfAsync(slug);
        var home = app.CreatePublicClient();
        Assert.Equal(HttpStatusCode.OK, (await home.GetAsync(new Uri($"/{slug}", UriKind.Relative))).StatusCode);

        using var response = await client.SubmitAsync($"/admin/channels/{id}/edit", $"/admin/channels/{id}/delete");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Id == id)));
        Assert.Equal(HttpStatusCode.NotFound, (await home.GetAsync(new Uri($"/{slug}", UriKind.Relative))).StatusCode);
        Assert.DoesNotContain("测试栏目admin-delete-empty", await home.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownChannelIsNotFound()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);

        using var edit = await client.GetAsync("/admin/channels/999999/edit");
        using var delete = await client.PostWithTokenAsync("/admin/channels", "/admin/channels/999999/delete");

        Assert.Equal(HttpStatusCode.NotFound, edit.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Staff)]
    public async Task NonAdministratorGets403(string role)
    {
        var client = await app.SignInAsNewAsync(role);
        var token = await client.GetAntiforgeryTokenAsync("/admin/account/password");
        var id = await IdOfAsync("news");

        using var list = await client.GetAsync("/admin/channels");
        using var create = await client.PostAsync("/admin/channels/new", [(StaffBrowser.AntiforgeryField, token), .. ChannelFields("forbidden-channel", "无权创建的栏目")]);
        using var delete = await client.PostAsync($"/admin/channels/{id}/delete", (StaffBrowser.AntiforgeryField, token));

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Slug == "forbidden-channel")));
    }

    [Fact]
    public async Task AnonymousVisitorIsSentToSignIn()
    {
        using var response = await app.OpenBrowser().GetAsync("/admin/channels");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostWithoutAnAntiforgeryTokenIsRejected()
    {
        var client = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await client.PostAsync("/admin/channels/new", ChannelFields("no-token-channel", "没有令牌的栏目"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(await app.WithDbAsync(db => db.Channels.AnyAsync(c => c.Slug == "no-token-channel")));
    }

    private static Task<HttpResponseMessage> CreateAsync(
        StaffBrowser client, string slug, string name, bool showInNavigation = false, string reviewLevels = "1", string kind = "News") =>
        client.PostWithTokenAsync("/admin/channels/new", "/admin/channels/new", ChannelFields(slug, name, showInNavigation, reviewLevels, kind));

    private static (string, string)[] ChannelFields(string slug, string name, bool showInNavigation = false, string reviewLevels = "1", string kind = "News") =>
    [
        ("Input.Slug", slug),
        ("Input.Name", name),
        ("Input.SortOrder", "50"),
        ("Input.ShowInNavigation", showInNavigation ? "true" : "false"),
        ("Input.ReviewLevels", reviewLevels),
        ("Input.Kind", kind),
    ];

    private Task<int> IdOfAsync(string slug) => app.WithDbAsync(db => db.Channels.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync());
}
