using System.Diagnostics;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// Finds the Chromium the browser tests drive: Debian's package, as Playwright's own browser download cannot reach its
/// servers from our machines. Where none is installed it installs Debian's when it can (as root), and otherwise fails
/// every browser test with one line saying what to do, so a run without a browser never passes.
/// </summary>
internal static class Chromium
{
    /// <summary>Set to use another Chromium or Chrome build.</summary>
    public const string PathVariable = "CHROMIUM_PATH";

    private const string DebianPath = "/usr/bin/chromium";

    /// <summary>The packages the tests need: the browser and the fonts that draw Chinese text in screenshots.</summary>
    private const string Packages = "chromium fonts-noto-cjk";

    public static readonly string Instruction =
        $"The browser tests need Chromium: run 'sudo apt-get install -y {Packages}' (Debian/Ubuntu), or set {PathVariable} to a Chromium or Chrome executable.";

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

        if (!File.Exists(DebianPath) && CanInstallDebianPackages())
        {
            Install();
        }

        return File.Exists(DebianPath) ? DebianPath : throw new InvalidOperationException(Instruction);
    }

    private static bool CanInstallDebianPackages() =>
        OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/usr/bin/apt-get");

    private static void Install()
    {
        Run("apt-get update -q");
        Run($"apt-get install -y -q {Packages}");
    }

    private static void Run(string command)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{command}'. {Instruction}");
        var error = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"'{command}' failed ({process.ExitCode}): {error.Result.Trim()} {Instruction}");
        }
    }
}
