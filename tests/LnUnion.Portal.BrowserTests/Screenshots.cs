using Microsoft.Playwright;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// Saves the screenshots shown in README.md into <c>docs/screenshots/</c>, only when asked with
/// <c>REFRESH_SCREENSHOTS=1</c>: an ordinary test run leaves tracked files alone.
/// </summary>
internal static class Screenshots
{
    public const string RefreshVariable = "REFRESH_SCREENSHOTS";

    private static bool Refresh => Environment.GetEnvironmentVariable(RefreshVariable) == "1";

    public static async Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
        if (!Refresh)
        {
            return;
        }

        var folder = Path.Combine(RepositoryRoot(), "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}.png"), FullPage = fullPage });
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "LnUnion.Portal.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No LnUnion.Portal.sln above {AppContext.BaseDirectory}.");
    }
}
