using System.Net;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed class SignInTests(PortalApplication app)
{
    [Fact]
    public async Task EditorSignsInAndSeesTheDashboard()
    {
        var editor = await app.SignInNewStaffAsync(Roles.Editor);

        var html = await editor.Client.GetStringAsync(new Uri("/admin", UriKind.Relative));

        Assert.Contains("工作台", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdministratorSignsInWithTwoFactor()
    {
        var admin = await app.SignInNewStaffAsync(Roles.Administrator);

        var response = await admin.Client.GetAsync(new Uri("/admin/users", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
    }
}
