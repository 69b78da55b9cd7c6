using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Commands;
using LnUnion.Portal.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

/// <summary>
/// The search index is a copy; these change the database in ways the app is not told of, as people do, and check that
/// search agrees with the database again once the index has compared itself with it.
/// </summary>
public sealed partial class SearchConsistencyTests
{
    [Fact]
    public async Task ArticlesImportedBehindTheAppsBackWithOldStampsAreFoundAfterTheCheck()
    {
        await using var site = new PortalApplication();
        await using var node = site.WithWebHostBuilder(builder => builder.UseSetting("Search:ConsistencyCheckInterval", "00:00:01"));
        using var client = node.CreateClient();
        var title = "导入的职工书屋通知" + Guid.NewGuid().ToString("N")[..6];
        await WaitForIndexAsync(client);

        // Dated long ago, as an import of old articles is: the catch-up only looks forward from the newest change it saw.
        await WithDbAsync(node, async db =>
        {
            var channel = await db.Channels.SingleAsync(c => c.Slug == ChannelSlugs.News);
            for (var i = 0; i < 30; i++)
            {
                await db.Database.ExecuteSqlAsync($"""
                    INSERT INTO Articles (ChannelId, Title, BodyMarkdown, Status, PublishAt, CreatedAt, UpdatedAt, IsPinned, IsSample, ViewCount, Version)
                    VALUES ({channel.Id}, {title}, {"正文"}, {(int)ArticleStatus.Published}, {PortalApplication.LongAgo}, {PortalApplication.LongAgo}, {PortalApplication.LongAgo}, 0, 0, 0, {Guid.NewGuid()})
                    """);
            }
        });

        await EventuallyAsync(client, title, html => html.Contains("找到 30 条结果", StringComparison.Ordinal) && ResultLink().Count(html) == 10);
    }

    [Fact]
    public async Task AfterABackupIsRestoredAsTheOperationsGuideSaysSearchNoLongerFindsArticlesTheBackupLacks()
    {
        await using var site = new PortalApplication();
        var index = Path.Combine(site.SearchIndexPath, "node");
        var backup = Path.Combine(site.MediaPath, "..", "backup.db");
        var title = "恢复前的劳模事迹" + Guid.NewGuid().ToString("N")[..6];

        await using (var before = Node(site, index))
        {
            using var client = before.CreateClient();
            await WaitForIndexAsync(client);
            Assert.Equal(0, await BackupCommand.RunAsync(before.Services, ["backup", "--to", backup], TextWriter.Null));
            for (var i = 0; i < 5; i++)
            {
                await AddArticleAsync(before, title);
            }

            Assert.Contains("找到 5 条结果", await SearchAsync(client, title), StringComparison.Ordinal);
        }

        // As docs/operations.md says: with the site stopped, put the copy in place of the database.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Copy(backup, site.DatabasePath, overwrite: true);
        File.Delete(site.DatabasePath + "-wal");
        File.Delete(site.DatabasePath + "-shm");

        await using var after = Node(site, index);
        using var restored = after.CreateClient();
        await EventuallyAsync(restored, title, html => html.Contains($"没有找到与“{title}”相关的内容", StringComparison.Ordinal));
    }

    private static WebApplicationFactory<Program> Node(PortalApplication site, string index) =>
        site.WithWebHostBuilder(builder => builder.UseSetting("Search:IndexPath", index));

    private static async Task AddArticleAsync(WebApplicationFactory<Program> node, string title)
    {
        var (id, slug) = await WithDbAsync(node, async db =>
        {
            var channel = await db.Channels.SingleAsync(c => c.Slug == ChannelSlugs.News);
            var article = PortalApplication.PublishedArticle(channel.Id, title);
            article.UpdatedAt = DateTime.UtcNow;
            db.Articles.Add(article);
            await db.SaveChangesAsync();
            return (article.Id, channel.Slug);
        });
        await node.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, slug);
    }

    private static async Task<T> WithDbAsync<T>(WebApplicationFactory<Program> node, Func<PortalDbContext, Task<T>> action)
    {
        await using var scope = node.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private static Task<bool> WithDbAsync(WebApplicationFactory<Program> node, Func<PortalDbContext, Task> action) => WithDbAsync(node, async db =>
    {
        await action(db);
        return true;
    });

    private static async Task<string> SearchAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync(new Uri("/search?q=" + Uri.EscapeDataString(query), UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task WaitForIndexAsync(HttpClient client) =>
        await EventuallyAsync(client, "工会", html => !html.Contains("搜索索引正在建立", StringComparison.Ordinal));

    private static async Task EventuallyAsync(HttpClient client, string query, Func<string, bool> condition)
    {
        var html = string.Empty;
        for (var attempt = 0; attempt < 100; attempt++)
        {
            // Vary the address, so no cached page stands in for what the index says now.
            html = await SearchAsync(client, query + (attempt % 2 == 0 ? "" : " "));
            if (condition(html))
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Search for {query} never agreed with the database; last page said: {Regex.Match(html, "<p class=\"(search-count|empty)\">[^<]*").Value}");
    }

    [GeneratedRegex("<h2><a href=\"/articles/(\\d+)\">")]
    private static partial Regex ResultLink();
}
