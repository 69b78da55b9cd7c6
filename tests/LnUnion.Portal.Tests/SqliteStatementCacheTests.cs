using System.Net;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

[Collection(PortalTests.Name)]
public sealed class SqliteStatementCacheTests(PortalApplication app)
{
    [Fact]
    public async Task AnArticleRenderedAfreshIsReadOnAKeptConnectionAndShowsAnEditAtOnce()
    {
        var cache = app.Services.GetRequiredService<SqliteStatementCache>();
        var id = await app.AddArticleAsync("news", "编译一次的语句读到的文章");
        var client = app.CreateClient();
        var before = cache.KeptReads;

        var first = await client.GetStringAsync(new Uri($"/articles/{id}", UriKind.Relative));

        Assert.Contains("编译一次的语句读到的文章", first, StringComparison.Ordinal);
        Assert.True(cache.KeptReads > before, "the article page's read ran on EF's own connection");

        // The same statement, kept compiled, reads the row as it is now.
        await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Title, "改过的标题")));
        await app.Services.GetRequiredService<Caching.PublicCache>().ArticleChangedAsync(id, "news");
        var second = await client.GetStringAsync(new Uri($"/articles/{id}", UriKind.Relative));
        Assert.Contains("改过的标题", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReadInsideATransactionSeesItsOwnUncommittedRows()
    {
        var cache = app.Services.GetRequiredService<SqliteStatementCache>();
        await app.WithDbAsync(async db =>
        {
            var channel = await db.Channels.FirstAsync(c => c.Slug == "news");
            await using var transaction = await db.Database.BeginTransactionAsync();
            db.Articles.Add(PortalApplication.PublishedArticle(channel.Id, "事务里尚未提交的文章"));
            await db.SaveChangesAsync();
            var before = cache.KeptReads;

            Assert.True(await db.Articles.AnyAsync(a => a.Title == "事务里尚未提交的文章"));
            Assert.Equal(before, cache.KeptReads);
            await transaction.RollbackAsync();
        });

        Assert.False(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Title == "事务里尚未提交的文章")));
    }

    [Fact]
    public async Task WritesAndAnythingButASingleReadStayOnEfsConnection()
    {
        var cache = app.Services.GetRequiredService<SqliteStatementCache>();

        // A write that EF runs as a reader (INSERT … RETURNING) stays on EF's connection and is saved.
        var id = await app.AddArticleAsync("news", "经由EF连接写入的文章");

        Assert.True(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Id == id)));
        Assert.False(SqliteStatementCache.IsSingleRead("INSERT INTO \"Articles\" (\"Title\") VALUES (@p0) RETURNING \"Id\";"));
        Assert.False(SqliteStatementCache.IsSingleRead("SELECT changes();"));
        Assert.False(SqliteStatementCache.IsSingleRead("SELECT 1; DELETE FROM \"Articles\";"));
        Assert.True(SqliteStatementCache.IsSingleRead("SELECT \"a\".\"Id\" FROM \"Articles\" AS \"a\";"));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(new Uri($"/articles/{id}", UriKind.Relative))).StatusCode);
        Assert.True(cache.KeptReads > 0);
    }
}
