using LnUnion.Portal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Commands;

/// <summary>
/// <c>backup --to FILE</c>: a consistent copy of the SQLite database taken while the site keeps running, through
/// SQLite's online backup API (copying the file itself could catch a write half-done, or miss the WAL).
/// </summary>
public static class BackupCommand
{
    public const string Usage = "dotnet run --project src/LnUnion.Portal -- backup --to <备份文件路径>";

    public static bool IsCommand(string[] args) => args is ["backup", ..];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output)
    {
        var index = Array.IndexOf(args, "--to");
        var target = index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
        if (string.IsNullOrWhiteSpace(target))
        {
            await output.WriteLineAsync($"用法：{Usage}");
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        if (!db.Database.IsSqlite())
        {
            await output.WriteLineAsync("当前使用 SQL Server：请用 BACKUP DATABASE 或云服务的自动备份（见 docs/operations.md）。");
            return 2;
        }

        var path = Path.GetFullPath(target);
        if (File.Exists(path))
        {
            await output.WriteLineAsync($"{path} 已存在，为免覆盖，请换一个文件名。");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using var source = new SqliteConnection(db.Database.GetConnectionString());
        await source.OpenAsync();
        await using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await destination.OpenAsync();
        source.BackupDatabase(destination);
        await output.WriteLineAsync($"已备份到 {path}");
        return 0;
    }
}
