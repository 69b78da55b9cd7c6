using System.Net;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>A refusal or a missing page in the admin area stays in the admin area, with the way back to the dashboard.</summary>
[Collection(PortalTests.Name)]
public sealed class AdminErrorPageTests(PortalApplication app)
{
    private const string AdminTitleSuffix = " - 辽宁省总工会网站管理";
    private const string WayBack = "<a class=\"btn btn-primary\" href=\"/admin\">返回工作台</a>";

    [Fact]
    public async Task AnAdministratorsPageOpenedByAnEditorAnswers403InsideTheAdminLayoutWithTheWayBack()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        using var response = await editor.GetAsync("/admin/users");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        PublicHtml.AssertElement(html, "title", "无权访问" + AdminTitleSuffix);
        Assert.Contains(WayBack, html, StringComparison.Ordinal);
        PublicHtml.AssertElementHas(html, "*", "aria-label=管理导航");
        Assert.DoesNotContain("返回首页", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/articles/999999")]
    [InlineData("/admin/channels/999999/edit")]
    [InlineData("/admin/no-such-page")]
    public async Task AMissingAdminPageAnswers404InsideTheAdminLayoutWithTheWayBack(string path)
    {
        using var admin = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await admin.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        PublicHtml.AssertElement(html, "title", "页面不存在" + AdminTitleSuffix);
        Assert.Contains(WayBack, html, StringComparison.Ordinal);
        Assert.DoesNotContain("22581001", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APublicMissingPageKeepsThePublicLayout()
    {
        using var response = await app.CreatePublicClient().GetAsync(new Uri("/no-such-channel", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        PublicHtml.AssertElement(html, "a", "返回首页", "href=/");
        Assert.DoesNotContain("网站管理", html, StringComparison.Ordinal);
        Assert.DoesNotContain("返回工作台", html, StringComparison.Ordinal);
    }
}
