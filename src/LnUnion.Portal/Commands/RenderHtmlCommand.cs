using LnUnion.Portal.Rendering;

namespace LnUnion.Portal.Commands;

/// <summary><c>render-html</c>: renders the stored HTML of every text again, after the Markdown pipeline changed.</summary>
public static class RenderHtmlCommand
{
    public const string Usage = "dotnet run --project src/LnUnion.Portal -- render-html";

    public static bool IsCommand(string[] args) => args is ["render-html", ..];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        var renderer = services.GetRequiredService<StoredHtmlRenderer>();
        var count = await renderer.RenderAsync(onlyMissing: false, CancellationToken.None);
        await output.WriteLineAsync($"已重新生成 {count} 篇正文的网页内容。网站在运行时，已缓存的页面最迟 10 分钟后更新，重启网站可立即更新。");
        return 0;
    }
}
