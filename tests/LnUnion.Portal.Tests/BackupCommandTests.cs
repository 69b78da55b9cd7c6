using LnUnion.Portal.Commands;
using Microsoft.Data.Sqlite;

namespace LnUnion.Portal.Tests;

[Collection(PortalTests.Name)]
public sealed class BackupCommandTests(PortalApplication app)
{
    [Fact]
    public async Task BackupIsAConsistentCopyTakenWhileTheSiteRuns()
    {
        await app.AddArticleAsync("news", "备份前最后一篇文章");
        var target = Path.Combine(Path.GetTempPath(), $"portal-backup-{Guid.NewGuid():N}.db");
        using var output = new StringWriter();

        var exitCode = await BackupCommand.RunAsync(app.Services, ["backup", "--to", target], output);

        Assert.Equal(0, exitCode);
        await using (var copy = new SqliteConnection($"Data Source={target};Mode=ReadOnly;Pooling=False"))
        {
            await copy.OpenAsync();
            await using var command = copy.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM Articles WHERE Title = '备份前最后一篇文章'; ";
            Assert.Equal(1L, await command.ExecuteScalarAsync());
            command.CommandText = "PRAGMA integrity_check;";
            Assert.Equal("ok", await command.ExecuteScalarAsync());
        }

        File.Delete(target);
    }

    [Fact]
    public async Task BackupRefusesToOverwriteAnExistingFile()
    {
        var target = Path.GetTempFileName();
        using var output = new StringWriter();

        Assert.Equal(1, await BackupCommand.RunAsync(app.Services, ["backup", "--to", target], output));
        Assert.Equal(0, new FileInfo(target).Length);
        File.Delete(target);
    }

    [Fact]
    public async Task BackupWithoutATargetPrintsItsUsage()
    {
        using var output = new StringWriter();

        Assert.Equal(2, await BackupCommand.RunAsync(app.Services, ["backup"], output));
        Assert.Contains("backup --to", output.ToString(), StringComparison.Ordinal);
    }
}
