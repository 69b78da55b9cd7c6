using LnUnion.Portal.Media;

namespace LnUnion.Portal.Commands;

/// <summary><c>make-renditions</c>: runs the image backfill at once instead of waiting for the reconciler's next pass.</summary>
public static class MakeRenditionsCommand
{
    public const string Usage = "dotnet run --project src/LnUnion.Portal -- make-renditions";

    public static bool IsCommand(string[] args) => args is ["make-renditions", ..];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output)
    {
        var result = await services.GetRequiredService<ImageBackfill>().RunAsync(CancellationToken.None);
        await output.WriteLineAsync($"已处理 {result.Processed} 张以前上传的图片，补做了 {result.Repaired} 张图片缺少的缩放副本，{result.Unreadable} 张无法读取（详见日志）。");
        return result.Unreadable == 0 ? 0 : 1;
    }
}
