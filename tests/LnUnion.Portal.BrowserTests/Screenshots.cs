using Microsoft.Playwright;

namespace LnUnion.Portal.BrowserTests;

/// <summary>Saves the screenshots shown in README.md into <c>docs/screenshots/</c>, so every test run refreshes them.</summary>
internal static class Screenshots
{
    public static async Task SaveAsync(IPage page, string name, bool fullPage = false)
    {
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
