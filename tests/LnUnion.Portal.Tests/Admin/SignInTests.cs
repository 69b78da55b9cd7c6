using System.Net;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed class SignInTests(PortalApplication app)
{
    [Fact]
    public async Task EditorSignsInAndSeesTheDashboard()
    {
        var editor = await app.SignInAsNewAsync(Roles.Editor);

        var html = await editor.GetPageAsync("/admin");

        Assert.Contains("工作台", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdministratorSignsInWithTwoFactor()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);

        var response = await admin.GetAsync("/admin/users");

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
    }
}
