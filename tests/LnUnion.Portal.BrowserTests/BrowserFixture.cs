using System.Collections.Concurrent;
using System.Net;
using LnUnion.Portal.Tests;
using LnUnion.Portal.Tests.Admin;
using Microsoft.Playwright;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// The site on its real Kestrel server at 127.0.0.1 on a free port, with a SQLite database of its own (the same
/// <see cref="PortalApplication"/> the HTTP tests use, migrated and seeded as <c>dotnet run</c> does), and a headless
/// Debian Chromium driven by Playwright. One for all browser tests: starting both is the slow part.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>A phone of the size many of our readers hold.</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 900 };

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public PortalApplication App { get; } = new();

    /// <summary>Where the site answers, such as <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    private IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        App.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress;

        var executable = Chromium.Locate();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = executable, Headless = true, Args = Chromium.Arguments });
    }

    /// <summary>
    /// A new page in a browser context of its own (its own cookies and storage), opened on the site. Any
    /// <c>alert</c>, <c>confirm</c> or <c>prompt</c> (dismissed at once), any uncaught script error and any error on
    /// the console (such as what the CSP refused) is recorded for <see cref="AssertNothingUnexpected"/>, so script that
    /// an editor smuggles in cannot run unseen and a script or style the site itself needs cannot fail unseen.
    /// <c>site</c> is another host of the app than the shared one, such as one started with settings of its own.
    /// </summary>
    public Task<IPage> NewPageAsync(ViewportSize? viewport = null, bool javaScript = true, Uri? site = null) =>
        NewPageAsync(viewport, javaScript, site, storageState: null);

    private async Task<IPage> NewPageAsync(ViewportSize? viewport, bool javaScript, Uri? site, string? storageState)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = (site ?? BaseUrl).ToString(),
            ViewportSize = viewport ?? Desktop,
            JavaScriptEnabled = javaScript,
            Locale = "zh-CN",
            IsMobile = viewport == Phone,
            HasTouch = viewport == Phone,
            StorageState = storageState,
        });
        var page = await context.NewPageAsync();
        var unexpected = _unexpected.GetOrAdd(page, _ => []);
        page.Dialog += async (_, dialog) =>
        {
            if (_dialogAnswers.TryGetValue(page, out var answer))
            {
                await answer(dialog);
                return;
            }

            unexpected.Add($"{dialog.Type}: {dialog.Message} on {page.Url}");
            await dialog.DismissAsync();
        };
        page.PageError += (_, error) => unexpected.Add($"script error: {error} on {page.Url}");
        // The browser reports what the CSP refuses (a script, a style, an image) only on the console. A failed load
        // also logs there, but tests check the answers they care about themselves, and the 404 page logs its own 404.
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                unexpected.Add($"console error: {message.Text} on {page.Url}");
            }
        };
        return page;
    }

    private readonly ConcurrentDictionary<IPage, List<string>> _unexpected = new();

    private readonly ConcurrentDictionary<IPage, Func<IDialog, Task>> _dialogAnswers = new();

    /// <summary>From now on the page's dialogs are expected: <paramref name="answer"/> accepts or dismisses each.</summary>
    public void AnswerDialogs(IPage page, Func<IDialog, Task> answer) => _dialogAnswers[page] = answer;

    /// <summary>Fails the test if the page has shown a dialog, thrown a script error or logged an error since it opened.</summary>
    public void AssertNothingUnexpected(IPage page)
    {
        var unexpected = _unexpected.GetValueOrDefault(page) ?? [];
        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
    }

    /// <summary>A new account with this role, signed in through the form in a desktop browser context of its own.</summary>
    public async Task<IPage> SignedInPageAsync(string role)
    {
        var page = await NewPageAsync(Desktop);
        await SignInAsync(page, await App.CreateStaffAsync(role));
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "工作台" })).ToBeVisibleAsync();
        return page;
    }

    private readonly ConcurrentDictionary<string, Task<string>> _signedInStates = new(StringComparer.Ordinal);

    /// <summary>
    /// A desktop page signed in as the one shared account of this role, for tests that only need to be someone with
    /// it: the account signs in through the form once, and later pages start from the cookies it was given (Playwright's
    /// storage state). Tests that change their account, or test signing in, use <see cref="SignedInPageAsync"/>.
    /// </summary>
    public async Task<IPage> PageSignedInAsAsync(string role)
    {
        var state = await _signedInStates.GetOrAdd(role, async _ =>
        {
            var page = await SignedInPageAsync(role);
            var saved = await page.Context.StorageStateAsync();
            await page.Context.CloseAsync();
            return saved;
        });
        return await NewPageAsync(Desktop, javaScript: true, site: null, state);
    }

    /// <summary>Signs in through the admin sign-in form (and the code form, for accounts with an authenticator).</summary>
    public static async Task SignInAsync(IPage page, StaffAccount account, string? password = null)
    {
        await SubmitSignInFormAsync(page, account.Email, password ?? account.Password);
        if (account.AuthenticatorKey is { } key && page.Url.Contains("/admin/login/2fa", StringComparison.Ordinal))
        {
            await page.Locator("#Code").FillAsync(StaffBrowser.Totp(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();
        }
    }

    /// <summary>Opens the sign-in page, fills in the password step and waits until the page it leads to has loaded.</summary>
    public static async Task SubmitSignInFormAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/admin/login");
        await page.Locator("#Email").FillAsync(email);
        await page.Locator("#Password").FillAsync(password);
        await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.EndsWith("/admin/login", StringComparison.Ordinal));
        await page.WaitForLoadStateAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await App.DisposeAsync();
    }
}

/// <summary>All browser tests share one site and one browser and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserTests : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
