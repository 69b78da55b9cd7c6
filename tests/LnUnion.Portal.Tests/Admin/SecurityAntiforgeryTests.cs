using System.Net;
using LnUnion.Portal.Data;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>Cross-site request forgery: every admin POST, found at run time, needs the token of the poster's own session.</summary>
[Collection(PortalTests.Name)]
public sealed class SecurityAntiforgeryTests(PortalApplication app)
{
    [Fact]
    public async Task EveryAdminPostWithoutAnAntiforgeryTokenIsRefusedWith400AndDoesNothing()
    {
        // An administrator passes every policy, so only the missing token can stop these requests.
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var posts = AdminEndpoints.All(app)
            .Where(e => e.AllowsPost)
            // Signing out last: if it were not protected it would end the session the others are tried in.
            .OrderBy(e => e.Path == "/admin/logout")
            .ToList();
        Assert.NotEmpty(posts);

        var failures = new List<string>();
        foreach (var endpoint in posts)
        {
            // Made-up ids: should a token check be missing, the action finds nothing to change.
            var path = await endpoint.UrlAsync(app, existing: false);
            var auditedBefore = await AuditCountAsync(admin.UserId);
            using var response = await admin.PostAsync(path, ("x", "1"));
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                failures.Add($"POST {path}: {(int)response.StatusCode} {response.Headers.Location}");
            }
            else if (await AuditCountAsync(admin.UserId) != auditedBefore)
            {
                // A 400 of the action's own (say, "no file") would mean the action ran: it audits every run.
                failures.Add($"POST {path}: 400, but the action ran (it wrote an audit entry)");
            }
        }

        Assert.True(failures.Count == 0, "Expected 400 for a POST without a token:\n" + string.Join('\n', failures));

        // And the session the posts were made in is still alive: sign-out did not go through either.
        using var dashboard = await admin.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task AnAntiforgeryTokenFromAnotherUsersSessionIsRefused()
    {
        var aliceCookies = new CookieJar();
        var bobCookies = new CookieJar();
        using var alice = await SignInAsync(Roles.Editor, aliceCookies);
        using var bob = await SignInAsync(Roles.Editor, bobCookies);
        var aliceToken = await alice.GetAntiforgeryTokenAsync("/admin/account/password");
        var bobToken = await bob.GetAntiforgeryTokenAsync("/admin/account/password");

        // Bob's own token works: the preview renders.
        using (var own = await bob.PostAsync("/admin/articles/preview", Markdown, (StaffBrowser.AntiforgeryField, bobToken)))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        // Alice's token in Bob's browser (with Bob's antiforgery cookie) is refused…
        using (var stolenToken = await bob.PostAsync("/admin/articles/preview", Markdown, (StaffBrowser.AntiforgeryField, aliceToken)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stolenToken.StatusCode);
        }

        // …and so is Alice's matching cookie and token pair: the token is bound to Alice's identity, not Bob's.
        bobCookies.Cookies["lnu_csrf"] = aliceCookies.Cookies["lnu_csrf"];
        using (var stolenPair = await bob.PostAsync("/admin/articles/preview", Markdown, (StaffBrowser.AntiforgeryField, aliceToken)))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stolenPair.StatusCode);
        }
    }

    private static readonly (string Name, string Value) Markdown = ("markdown", "**预览**");

    private async Task<int> AuditCountAsync(string userId) => (await app.AuditEntriesAsync(userId: userId)).Count;

    /// <summary>A browser whose cookies the test holds itself, so one user's cookie can be put in another's jar.</summary>
    private async Task<StaffBrowser> SignInAsync(string role, CookieJar jar)
    {
        var browser = new StaffBrowser(app.CreateDefaultClient(new Uri("https://localhost"), jar));
        await browser.SignInAsync(await app.CreateStaffAsync(role));
        Assert.True(jar.Cookies.ContainsKey("lnu_admin"));
        return browser;
    }

    /// <summary>Sends the cookies it holds and keeps those the app sets, in a dictionary the test can change.</summary>
    private sealed class CookieJar : DelegatingHandler
    {
        public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            var response = await base.SendAsync(request, cancellationToken);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var pair = header.Split(';')[0];
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (pair[..equals], pair[(equals + 1)..]);
                if (value.Length == 0)
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }

            return response;
        }
    }
}
