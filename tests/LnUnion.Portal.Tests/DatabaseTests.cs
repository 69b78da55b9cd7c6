using LnUnion.Portal.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

[Collection(PortalTests.Name)]
public sealed class DatabaseTests(PortalApplication app)
{
    [Fact]
    public void SqlServerMigrationsProduceACompleteScriptWithoutAServer()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        var script = db.GetService<IMigrator>().GenerateScript();

        foreach (var entity in db.Model.GetEntityTypes().Where(e => e.GetTableName() is not null && !e.IsOwned()))
        {
            Assert.Contains($"CREATE TABLE [{entity.GetTableName()}]", script, StringComparison.Ordinal);
            foreach (var index in entity.GetIndexes())
            {
                Assert.Contains($"INDEX [{index.GetDatabaseName()}]", script, StringComparison.Ordinal);
            }
        }

        Assert.Contains("[Title] nvarchar(200) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[BodyMarkdown] nvarchar(max) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[OrganisationName] nvarchar(100) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("[Inspection_Team] nvarchar(100) NULL", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX [IX_Articles_ChannelId_Status_PublishAt]", script, StringComparison.Ordinal);
        Assert.Contains("CREATE UNIQUE INDEX [IX_Channels_Slug]", script, StringComparison.Ordinal);
        Assert.DoesNotContain(" varchar(", script.Replace("[Sha256] char(64)", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void SqlServerMigrationsMatchTheModel()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.False(db.Database.HasPendingModelChanges(), "run: dotnet ef migrations add <Name> --context SqlServerDbContext --output-dir Data/Migrations/SqlServer");
    }

    [Fact]
    public async Task SqliteMigrationsMatchTheModel()
    {
        var pending = await app.WithDbAsync(db => Task.FromResult(db.Database.HasPendingModelChanges()));

        Assert.False(pending, "run: dotnet ef migrations add <Name> --context SqliteDbContext --output-dir Data/Migrations/Sqlite");
    }

    [Fact]
    public async Task AppRunsOnTheSqliteProviderByDefault()
    {
        var (isSqlite, contextType) = await app.WithDbAsync(db => Task.FromResult((db.Database.IsSqlite(), db.GetType())));

        Assert.True(isSqlite);
        Assert.Equal(typeof(SqliteDbContext), contextType);
        Assert.True(File.Exists(app.DatabasePath));
    }

    [Fact]
    public async Task SqliteFileIsInWalModeAndConnectionsWaitWhenBusy()
    {
        var (journalMode, busyTimeout) = await app.WithDbAsync(async db =>
        {
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            return (await ScalarAsync(connection, "PRAGMA journal_mode;"), await ScalarAsync(connection, "PRAGMA busy_timeout;"));
        });

        Assert.Equal("wal", journalMode);
        Assert.Equal(DatabaseSetup.SqliteBusyTimeoutMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture), busyTimeout);
    }

    [Fact]
    public async Task SeedLoadsTheSnapshotsContentInSimplifiedChinese()
    {
        var seeded = await app.WithDbAsync(async db => new
        {
            Channels = await db.Channels.OrderBy(c => c.SortOrder).Select(c => c.Slug + ":" + c.Name).ToListAsync(),
            Articles = await db.Articles.Where(a => a.IsSample).Select(a => a.Title + a.BodyMarkdown).ToListAsync(),
            Pages = await db.Pages.Select(p => p.Slug + p.Title + p.BodyMarkdown).ToListAsync(),
            Settings = await db.SiteSettings.SingleAsync(),
            Accounts = await db.ServiceAccounts.OrderBy(a => a.SortOrder).Select(a => a.Name).ToListAsync(),
            Roles = await db.Roles.Select(r => r.Name).ToListAsync(),
            ArticleRevisions = await db.ArticleRevisions.CountAsync(r => r.Article.IsSample),
        });

        Assert.Equal(["news:工会要闻", "notices:通知公告", "inspection:巡视工作", "campaigns:专项行动"], seeded.Channels.Take(4));
        Assert.Equal(2, seeded.Articles.Count);
        Assert.Equal(2, seeded.ArticleRevisions);
        Assert.Equal(3, seeded.Pages.Count);
        Assert.Equal("沈阳市沈河区北站路118号", seeded.Settings.Address);
        Assert.Equal("110832", seeded.Settings.Postcode);
        Assert.Equal("22581001", seeded.Settings.Phone);
        Assert.Equal(["辽工服务小程序", "工会就业服务号"], seeded.Accounts);
        Assert.Equal(Roles.All.Order(), seeded.Roles.Order());

        var allText = string.Concat(seeded.Articles.Concat(seeded.Pages));
        // The converter's pinyin artefacts such as 領(lǐng)導 are gone, and no Traditional character slipped through.
        Assert.DoesNotContain("(", allText, StringComparison.Ordinal);
        Assert.DoesNotContain("?", allText, StringComparison.Ordinal);
        foreach (var traditional in "遼寧總會領導關紀構織權務經濟發團聯貢興")
        {
            Assert.DoesNotContain(traditional.ToString(), allText, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SeedingAgainAddsNothing()
    {
        var before = await app.WithDbAsync(db => db.Articles.CountAsync(a => a.IsSample));

        await app.WithDbAsync(db => SeedContent.SeedAsync(db, TimeProvider.System));

        Assert.Equal(before, await app.WithDbAsync(db => db.Articles.CountAsync(a => a.IsSample)));
    }

    [Fact]
    public async Task AuditEntriesCannotBeChangedOrDeleted()
    {
        var id = await app.WithDbAsync(async db =>
        {
            var entry = new AuditEntry { AtUtc = DateTime.UtcNow, Action = "test.append", Result = "成功" };
            db.AuditEntries.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });

        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            (await db.AuditEntries.SingleAsync(a => a.Id == id)).Result = "篡改";
            await db.SaveChangesAsync();
        }));
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.WithDbAsync(async db =>
        {
            db.AuditEntries.Remove(await db.AuditEntries.SingleAsync(a => a.Id == id));
            await db.SaveChangesAsync();
        }));
        Assert.Equal("成功", await app.WithDbAsync(db => db.AuditEntries.Where(a => a.Id == id).Select(a => a.Result).SingleAsync()));
    }

    [Fact]
    public async Task TwoEditorsSavingTheSameArticleCannotOverwriteEachOther()
    {
        var id = await app.AddArticleAsync("news", "并发编辑测试");

        await using var first = app.Services.CreateAsyncScope();
        await using var second = app.Services.CreateAsyncScope();
        var firstDb = first.ServiceProvider.GetRequiredService<PortalDbContext>();
        var secondDb = second.ServiceProvider.GetRequiredService<PortalDbContext>();
        var firstCopy = await firstDb.Articles.SingleAsync(a => a.Id == id);
        var secondCopy = await secondDb.Articles.SingleAsync(a => a.Id == id);

        firstCopy.BodyMarkdown = "第一位编辑的修改";
        await firstDb.SaveChangesAsync();
        secondCopy.BodyMarkdown = "第二位编辑的修改";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => secondDb.SaveChangesAsync());
        Assert.Equal("第一位编辑的修改", await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync()));
    }

    [Fact]
    public void RelativeSqlitePathIsKeptUnderTheContentRoot()
    {
        var root = Path.Combine(Path.GetTempPath(), $"content-root-{Guid.NewGuid():N}");

        var resolved = new SqliteConnectionStringBuilder(DatabaseSetup.ResolveSqlitePath("Data Source=App_Data/portal.db", root));

        Assert.Equal(Path.Combine(root, "App_Data", "portal.db"), resolved.DataSource);
        Assert.True(Directory.Exists(Path.Combine(root, "App_Data")));
        Directory.Delete(root, recursive: true);
    }

    private static async Task<string?> ScalarAsync(System.Data.Common.DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
