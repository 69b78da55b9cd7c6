using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Areas.Admin;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed partial class AuditViewerTests(PortalApplication app)
{
    private const string OverlongUser = "user=" + Overlong + Overlong + Overlong;
    private const string Overlong = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz";

    [Fact]
    public async Task EntriesAreShownNewestFirstInBeijingTime()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var prefix = NewPrefix();
        await AddEntriesAsync(
            Entry(prefix + ".older", new DateTime(2019, 6, 30, 15, 30, 0, DateTimeKind.Utc), "older@test.example.cn", "成功", target: "Articles:1"),
            Entry(prefix + ".newer", new DateTime(2019, 6, 30, 16, 30, 0, DateTimeKind.Utc), "newer@test.example.cn", "失败：输入有误", ip: "203.0.113.9"));

        var html = await admin.GetPageAsync($"/admin/audit?action={prefix}");

        Assert.Equal([prefix + ".newer", prefix + ".older"], ActionsIn(html, prefix));
        Assert.Contains("2019-07-01 00:30:00", html, StringComparison.Ordinal);
        Assert.Contains("2019-06-30 23:30:00", html, StringComparison.Ordinal);
        Assert.Contains("203.0.113.9", html, StringComparison.Ordinal);
        Assert.Contains("Articles:1", html, StringComparison.Ordinal);
        Assert.Contains("newer@test.example.cn", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiltersByUserResultAndBeijingDate()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var prefix = NewPrefix();
        await AddEntriesAsync(
            Entry(prefix + ".a", new DateTime(2019, 6, 30, 15, 59, 59, DateTimeKind.Utc), "Alice@Test.example.cn", "成功"),
            Entry(prefix + ".b", new DateTime(2019, 6, 30, 16, 0, 0, DateTimeKind.Utc), "bob@test.example.cn", "失败：403"),
            Entry(prefix + ".c", new DateTime(2019, 7, 1, 15, 59, 59, DateTimeKind.Utc), "alice@test.example.cn", "失败：输入有误"),
            Entry(prefix + ".d", new DateTime(2019, 7, 1, 16, 0, 0, DateTimeKind.Utc), "carol@test.example.cn", "成功（两步验证）"));

        Assert.Equal([prefix + ".c", prefix + ".a"], await ActionsAsync(admin, $"action={prefix}&user=alice"));
        Assert.Equal([prefix + ".d", prefix + ".a"], await ActionsAsync(admin, $"action={prefix}&result=Success"));
        Assert.Equal([prefix + ".c", prefix + ".b"], await ActionsAsync(admin, $"action={prefix}&result=Failure"));
        // 2019-06-30 16:00 UTC is midnight in Beijing: the start of 1 July there.
        Assert.Equal([prefix + ".c", prefix + ".b"], await ActionsAsync(admin, $"action={prefix}&from=2019-07-01&to=2019-07-01"));
        Assert.Equal([prefix + ".a"], await ActionsAsync(admin, $"action={prefix}&to=2019-06-30"));
        Assert.Equal([prefix + ".d"], await ActionsAsync(admin, $"action={prefix}&from=2019-07-02"));
        Assert.Equal([prefix + ".c"], await ActionsAsync(admin, $"action={prefix}&user=alice&result=Failure&from=2019-07-01"));
        Assert.Equal([prefix + ".b"], await ActionsAsync(admin, $"action={prefix}.b"));
        // Typed text is matched literally: % is not a wildcard.
        Assert.Empty(await ActionsAsync(admin, $"action={prefix}&user=%25"));
    }

    [Fact]
    public async Task ShowsFiftyEntriesAPage()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var prefix = NewPrefix();
        var start = new DateTime(2018, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await AddEntriesAsync([.. Enumerable.Range(0, 60).Select(i => Entry($"{prefix}.{i:D2}", start.AddMinutes(i), "pager@test.example.cn", "成功"))]);

        var first = await ActionsAsync(admin, $"action={prefix}");
        var secondHtml = await admin.GetPageAsync($"/admin/audit?action={prefix}&page=2");
        var second = ActionsIn(secondHtml, prefix);

        Assert.Equal(50, first.Count);
        Assert.Equal($"{prefix}.59", first[0]);
        Assert.Equal(10, second.Count);
        Assert.Equal($"{prefix}.00", second[^1]);
        Assert.Contains("第 2 / 2 页", secondHtml, StringComparison.Ordinal);
        Assert.Empty(await ActionsAsync(admin, $"action={prefix}&page=3"));
    }

    [Theory]
    [InlineData("from=not-a-date")]
    [InlineData("to=2019-02-30")]
    [InlineData("from=0001-01-01")]
    [InlineData("to=9999-12-31")]
    [InlineData("page=0")]
    [InlineData("page=-1")]
    [InlineData("page=99999999999999")]
    [InlineData("result=maybe")]
    [InlineData("result=7")]
    [InlineData(OverlongUser)]
    public async Task BadFilterValuesGiveTheUnfilteredPage(string query)
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var prefix = NewPrefix();
        await AddEntriesAsync(Entry(prefix + ".x", DateTime.UtcNow.AddDays(1), "bad-filter@test.example.cn", "成功"));

        var html = await admin.GetPageAsync($"/admin/audit?action={prefix}&{query}");

        // The action filter was dropped along with the bad value: the form is empty and the newest entry shows.
        Assert.Empty(PublicHtml.All(html, $"[value='{prefix}']"));
        Assert.Contains(prefix + ".x", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("user=%FF%FE%00")]
    [InlineData("action=%25%5F%5C")]
    [InlineData("user=%E5%B7%A5%E4%BC%9A")]
    [InlineData("action=x&action=y&action[]=z")]
    public async Task OddFilterTextAnswersWithoutError(string query)
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await admin.GetAsync($"/admin/audit?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AdminChangesAppearInTheViewerWithWhoAndWhat()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.SubmitAsync($"/admin/users/{editor.Id}", $"/admin/users/{editor.Id}/lock")).StatusCode);

        var html = await admin.GetPageAsync($"/admin/audit?user={Uri.EscapeDataString(admin.Email)}&action=锁定账号");

        var row = Assert.Single(Rows(html));
        Assert.Equal(("测试Administrator" + admin.Email, "锁定账号", "测试Editor", "成功"), (row[1], row[3], row[4], row[5]));
        Assert.DoesNotContain("users.lock", html, StringComparison.Ordinal);
        Assert.DoesNotContain("users:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task EveryActionTheAuditFilterRecordsHasAChineseName()
    {
        var recorded = app.Services.GetRequiredService<IActionDescriptorCollectionProvider>().ActionDescriptors.Items
            .OfType<ControllerActionDescriptor>()
            .Where(a => a.RouteValues.TryGetValue("area", out var area) && area == "Admin")
            .Where(a => a.EndpointMetadata.OfType<HttpMethodMetadata>().Any(m => m.HttpMethods.Any(method => !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))))
            .Where(a => !a.EndpointMetadata.OfType<SkipAuditAttribute>().Any())
            .Select(a => $"{a.ControllerName}.{a.ActionName}".ToLowerInvariant())
            .Distinct()
            .ToList();

        Assert.True(recorded.Count > 20, $"Only {recorded.Count} audited actions found.");
        var unnamed = recorded.Where(key => !AuditActions.All.ContainsKey(key)).ToList();
        Assert.True(unnamed.Count == 0, "No Chinese name in AuditActions for: " + string.Join(", ", unnamed));
    }

    [Fact]
    public async Task EveryAccountActionTheSignInPagesRecordHasAChineseName()
    {
        var editor = await app.CreateStaffAsync(Roles.Editor);
        using (var browser = app.OpenBrowser())
        {
            using var wrong = await browser.TrySignInAsync(editor, "不对的密码-但足够长的一句话");
            await browser.SignInAsync(editor);
            using var changed = await browser.SubmitAsync("/admin/account/password", "/admin/account/password", form =>
            {
                form["CurrentPassword"] = editor.Password;
                form["NewPassword"] = "审计测试用的另一句新密码-2027";
                form["ConfirmPassword"] = "审计测试用的另一句新密码-2027";
            });
            using var loggedOut = await browser.SubmitAsync("/admin", "/admin/logout");
        }

        var keys = (await app.AuditEntriesAsync(userId: editor.Id)).Select(e => e.Action)
            .Concat((await app.AuditEntriesAsync(target: editor.Email)).Select(e => e.Action))
            .Distinct()
            .ToList();

        Assert.Equal(["account.change-password", "account.login", "account.logout"], keys.Order());
        Assert.All(keys, key => Assert.True(AuditActions.All.ContainsKey(key), $"{key} has no Chinese name."));
    }

    [Fact]
    public async Task TargetsAreShownByTitleAndOneThatIsGoneSaysSo()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var user = NewPrefix() + "@test.example.cn";
        var (articleId, articleTitle) = await app.WithDbAsync(db => db.Articles.OrderBy(a => a.Id).Select(a => new ValueTuple<int, string>(a.Id, a.Title)).FirstAsync());
        var channelId = await app.WithDbAsync(db => db.Channels.Where(c => c.Slug == ChannelSlugs.Notices).Select(c => c.Id).SingleAsync());
        await AddEntriesAsync(
            Entry("articles.edit", new DateTime(2017, 3, 1, 1, 0, 0, DateTimeKind.Utc), user, "成功", target: $"articles:{articleId}"),
            Entry("channels.edit", new DateTime(2017, 3, 1, 2, 0, 0, DateTimeKind.Utc), user, "成功", target: $"Channels:{channelId}"),
            Entry("channels.delete", new DateTime(2017, 3, 1, 3, 0, 0, DateTimeKind.Utc), user, "成功", target: "channels:987654"),
            Entry("users.lock", new DateTime(2017, 3, 1, 4, 0, 0, DateTimeKind.Utc), user, "成功", target: $"users:{admin.UserId}"));

        var rows = Rows(await admin.GetPageAsync($"/admin/audit?user={Uri.EscapeDataString(user)}"));

        Assert.Equal(
            [("锁定账号", "测试Administrator"), ("删除栏目", "（已删除，编号987654）"), ("修改栏目", "通知公告"), ("修改文章", articleTitle)],
            rows.Select(r => (r[3], r[4])));
    }

    [Fact]
    public async Task FiltersByTheChineseNameOfTheAction()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var user = NewPrefix() + "@test.example.cn";
        await AddEntriesAsync(
            Entry("users.lock", new DateTime(2017, 4, 1, 1, 0, 0, DateTimeKind.Utc), user, "成功"),
            Entry("channels.delete", new DateTime(2017, 4, 1, 2, 0, 0, DateTimeKind.Utc), user, "成功"),
            Entry("settings.deletelink", new DateTime(2017, 4, 1, 3, 0, 0, DateTimeKind.Utc), user, "成功"));

        async Task<List<string>> NamesAsync(string action) =>
            [.. Rows(await admin.GetPageAsync($"/admin/audit?user={Uri.EscapeDataString(user)}&action={Uri.EscapeDataString(action)}")).Select(r => r[3])];

        Assert.Equal(["锁定账号"], await NamesAsync("锁定账号"));
        Assert.Equal(["删除友情链接", "删除栏目"], await NamesAsync("删除"));
        Assert.Equal(["删除栏目"], await NamesAsync("栏目"));
        Assert.Empty(await NamesAsync("发布"));
        PublicHtml.AssertElement(await admin.GetPageAsync("/admin/audit"), "option", null, "value=新建用户");
    }

    [Fact]
    public async Task FiltersByThePersonsName()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        await app.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.Id == editor.Id);
            user.DisplayName = "审计姓名" + editor.Id[..8];
            db.AuditEntries.Add(new AuditEntry { Action = "articles.create", AtUtc = new DateTime(2017, 5, 1, 0, 0, 0, DateTimeKind.Utc), UserId = editor.Id, UserName = editor.Email, Result = "成功" });
            return await db.SaveChangesAsync();
        });

        var row = Assert.Single(Rows(await admin.GetPageAsync($"/admin/audit?user={Uri.EscapeDataString("审计姓名" + editor.Id[..8])}")));

        Assert.Equal(("审计姓名" + editor.Id[..8] + editor.Email, "新建文章"), (row[1], row[3]));
    }

    [Fact]
    public async Task TheViewerIsReadOnly()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await admin.PostWithTokenAsync("/admin/audit", "/admin/audit", ("Action", "x"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Theory]
    [InlineData(Roles.Editor)]
    [InlineData(Roles.Reviewer)]
    [InlineData(Roles.Staff)]
    public async Task NonAdministratorGets403(string role)
    {
        var client = await app.SignInAsNewAsync(role);

        using var response = await client.GetAsync("/admin/audit");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnonymousVisitorIsSentToSignIn()
    {
        using var response = await app.OpenBrowser().GetAsync("/admin/audit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/admin/login", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    private static string NewPrefix() => $"audittest{Guid.NewGuid():N}"[..20];

    private static AuditEntry Entry(string action, DateTime atUtc, string userName, string result, string? target = null, string? ip = "198.51.100.1") =>
        new() { Action = action, AtUtc = atUtc, UserName = userName, Result = result, Target = target, IpAddress = ip };

    private Task AddEntriesAsync(params AuditEntry[] entries) => app.WithDbAsync(async db =>
    {
        db.AuditEntries.AddRange(entries);
        await db.SaveChangesAsync();
    });

    private static async Task<List<string>> ActionsAsync(StaffBrowser client, string query)
    {
        var html = await client.GetPageAsync($"/admin/audit?{query}");
        var prefix = Regex.Match(query, "action=([a-z0-9]+)").Groups[1].Value;
        return ActionsIn(html, prefix);
    }

    /// <summary>The action column of the table, top to bottom, for this test's entries.</summary>
    private static List<string> ActionsIn(string html, string prefix) =>
        [.. Rows(html).Select(r => r[3]).Where(a => a.StartsWith(prefix, StringComparison.Ordinal))];

    /// <summary>The table's rows, top to bottom, each as the text of its cells without white space.</summary>
    private static List<string[]> Rows(string html) =>
        [.. new HtmlParser().ParseDocument(html).QuerySelectorAll("tbody tr")
            .Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent.Trim().Replace("\n", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal)).ToArray())];
}
