namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// Finds the Chromium the browser tests drive: Debian's package, as Playwright's own browser download cannot reach its
/// servers from our machines. Where none is installed every browser test fails with one line saying what to do (CI's
/// <c>.ci/run</c> installs it first), so a run without a browser never passes.
/// </summary>
internal static class Chromium
{
    /// <summary>Set to use another Chromium or Chrome build.</summary>
    public const string PathVariable = "CHROMIUM_PATH";

    private const string DebianPath = "/usr/bin/chromium";

    public static readonly string Instruction =
        $"The browser tests need Chromium and the fonts that draw Chinese text: run 'sudo apt-get install -y chromium fonts-noto-cjk' (Debian/Ubuntu), or set {PathVariable} to a Chromium or Chrome executable.";

    /// <summary>
    /// The flags the issue and our machines call for: no sandbox (CI runs as root), no GPU, and no background
    /// traffic, which the closed network of CI machines refuses.
    /// </summary>
    public static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"];

    public static string Locate()
    {
        if (Environment.GetEnvironmentVariable(PathVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : throw new InvalidOperationException($"{PathVariable}={configured} does not exist. {Instruction}");
        }

        return File.Exists(DebianPath) ? DebianPath : throw new InvalidOperationException(Instruction);
    }
}
