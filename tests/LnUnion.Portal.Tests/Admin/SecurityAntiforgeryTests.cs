using System.Net;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

/// <summary>Cross-site request forgery: every admin POST, found at run time, needs the token of the poster's own session.</summary>
[Collection(PortalTests.Name)]
public sealed class SecurityAntiforgeryTests(PortalApplication app)
{
    [Fact]
    public async Task EveryAdminPostWithoutAnAntiforgeryTokenIsRefusedWith400AndDoesNothing()
    {
        // An administrator passes every policy, so only the missing token can stop these requests.
        var admin = await app.SignInNewStaffAsync(Roles.Administrator);
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
            using var content = new FormUrlEncodedContent([new("x", "1")]);
            using var response = await admin.Client.PostAsync(new Uri(path, UriKind.Relative), content);
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
        using var dashboard = await admin.Client.GetAsync(new Uri("/admin", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
    }

    [Fact]
    public async Task AnAntiforgeryTokenFromAnotherUsersSessionIsRefused()
    {
        using var alice = await ManualBrowser.SignInAsync(app, Roles.Editor);
        using var bob = await ManualBrowser.SignInAsync(app, Roles.Editor);
        var aliceToken = await alice.TokenAsync("/admin/account/password");
        var bobToken = await bob.TokenAsync("/admin/account/password");

        // Bob's own token works: the preview renders.
        using (var own = await bob.PostAsync("/admin/articles/preview", bobToken, Markdown))
        {
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        // Alice's token in Bob's browser (with Bob's antiforgery cookie) is refused…
        using (var stolenToken = await bob.PostAsync("/admin/articles/preview", aliceToken, Markdown))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stolenToken.StatusCode);
        }

        // …and so is Alice's matching cookie and token pair: the token is bound to Alice's identity, not Bob's.
        bob.Cookies["lnu_csrf"] = alice.Cookies["lnu_csrf"];
        using (var stolenPair = await bob.PostAsync("/admin/articles/preview", aliceToken, Markdown))
        {
            Assert.Equal(HttpStatusCode.BadRequest, stolenPair.StatusCode);
        }
    }

    private static readonly (string Name, string Value) Markdown = ("markdown", "**预览**");

    private Task<int> AuditCountAsync(string userId) => app.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.UserId == userId));

    /// <summary>A browser whose cookies the test holds itself, so one user's cookie can be put in another's jar.</summary>
    private sealed class ManualBrowser(HttpClient client) : IDisposable
    {
        public Dictionary<string, string> Cookies { get; } = new(StringComparer.Ordinal);

        public static async Task<ManualBrowser> SignInAsync(PortalApplication app, string role)
        {
            var email = $"csrf-{Guid.NewGuid():N}@example.cn";
            await app.CreateStaffAsync(email, [role], withAuthenticator: false);
            var browser = new ManualBrowser(app.CreateClient(new WebApplicationFactoryClientOptions
            {
                AllowAutoRedirect = false,
                HandleCookies = false,
                BaseAddress = new Uri("https://localhost"),
            }));
            var token = await browser.TokenAsync("/admin/login");
            using var response = await browser.PostAsync("/admin/login", token, ("Email", email), ("Password", SignedInClients.Password), ("ReturnUrl", ""));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.True(browser.Cookies.ContainsKey("lnu_admin"));
            return browser;
        }

        public async Task<string> TokenAsync(string page)
        {
            using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(page, UriKind.Relative)));
            response.EnsureSuccessStatusCode();
            return SignedInClients.TokenIn(await response.Content.ReadAsStringAsync());
        }

        public Task<HttpResponseMessage> PostAsync(string path, string token, params (string Name, string Value)[] fields) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
            {
                Content = new FormUrlEncodedContent(fields
                    .Select(f => new KeyValuePair<string, string>(f.Name, f.Value))
                    .Append(new("__RequestVerificationToken", token))),
            });

        public void Dispose() => client.Dispose();

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            using (request)
            {
                if (Cookies.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
                }

                var response = await client.SendAsync(request);
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
}
