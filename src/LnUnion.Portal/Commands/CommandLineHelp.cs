namespace LnUnion.Portal.Commands;

/// <summary><c>--help</c>: what the program can be asked to do, printed without starting the site or opening the database.</summary>
public static class CommandLineHelp
{
    public static bool IsRequested(string[] args) => args is ["--help" or "-h" or "-?" or "help", ..];

    public static string Text => $"""
        辽宁省总工会网站（LnUnion.Portal）

        启动网站：
          dotnet run --project src/LnUnion.Portal

        命令：
          {CreateAdminCommand.Usage}
              创建第一个管理员；密码从标准输入读取（或不回显地提示输入），至少 12 个字符。
          {BackupCommand.Usage}
              在网站运行时为 SQLite 数据库做一份一致的备份。
          {RenderHtmlCommand.Usage}
              按当前的排版与安全规则重新生成所有文章、页面及其修订的网页内容（升级后正文显示规则有变时运行）。
          {MakeRenditionsCommand.Usage}
              为以前上传的图片去除拍摄信息（EXIF、GPS 等）、记录尺寸并生成各尺寸的缩放副本，补做缺少的副本；
              网站启动时和每天也会自动做一遍，此命令用于立即完成。
          dotnet run --project src/LnUnion.Portal -- --help
              显示本说明。

        设置项见 README.md 的 Configuration 一节。

        """;
}
