using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Tests.Media;

/// <summary>
/// A full disk is a message, not an outage page. The media disk fills up through <see cref="FullDiskStorage"/>, a
/// store whose writes fail part-way with ENOSPC as a full tmpfs does (a test cannot count on being allowed to mount
/// one); the database's disk through SQLite's own page limit, which fails a write with SQLITE_FULL exactly as a full
/// disk does. An app of its own, as these tests leave its storage report degraded.
/// </summary>
public sealed class StorageFullTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    [Fact]
    public async Task EditorsUploadToAFullDiskGetsAChineseJsonErrorAndLeavesNoPartialFile()
    {
        var full = FullMediaDisk();
        var editor = await full.SignInAsNewAsync(Roles.Editor);
        var before = full.AllFiles();
        var rows = await CountRowsAsync(full);

        var (status, error) = await UploadAsync(editor, "现场照片.png");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("服务器存储空间已满", error, StringComparison.Ordinal);
        Assert.Contains("现场照片.png", error, StringComparison.Ordinal);
        Assert.Equal(before, full.AllFiles());
        Assert.Equal(rows, await CountRowsAsync(full));
        Assert.Equal("Degraded", await full.CreateClient().GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        var admin = await full.SignInAsNewAsync(Roles.Administrator);
        Assert.Contains("媒体文件所在磁盘已满", await admin.GetPageAsync("/admin"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LibraryUploadToAFullDiskSaysSoOnItsPage()
    {
        var full = FullMediaDisk();
        var editor = await full.SignInAsNewAsync(Roles.Editor);
        var before = full.AllFiles();

        var response = await editor.PostMultipartWithTokenAsync("/admin/media", "/admin/media", [], ("files", "活动照片.png", MediaFiles.Png));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("服务器存储空间已满，文件“活动照片.png”未能保存", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, full.AllFiles());
    }

    [Fact]
    public async Task ArticleWithACoverOnAFullDiskComesBackWithWhatWasTyped()
    {
        var full = FullMediaDisk();
        var editor = await full.SignInAsNewAsync(Roles.Editor);
        var form = await editor.GetFormAsync("/admin/articles/new", "/admin/articles/new");
        form["Input.ChannelId"] = await ChannelIdAsync(full);
        form["Input.Title"] = "磁盘满时写的标题";
        form["Input.BodyMarkdown"] = "这一段正文不能丢。";

        var response = await editor.PostMultipartAsync("/admin/articles/new", form, ("Input.NewCoverImage", "封面.png", MediaFiles.Png));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Contains("服务器存储空间已满", html, StringComparison.Ordinal);
        Assert.Contains("磁盘满时写的标题", html, StringComparison.Ordinal);
        Assert.Contains("这一段正文不能丢。", html, StringComparison.Ordinal);
        Assert.False(await full.Services.CreateAsyncScope().ServiceProvider.GetRequiredService<PortalDbContext>().Articles.AnyAsync(a => a.Title == "磁盘满时写的标题"));
    }

    [Fact]
    public async Task SaveOnAFullDatabaseDiskIsRefusedWithAChineseMessageAndTheTypedText()
    {
        var limit = new PageLimit();
        var full = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<SqliteDbContext>(o => o.AddInterceptors(limit))));
        var editor = await full.SignInAsNewAsync(Roles.Editor);
        var form = await editor.GetFormAsync("/admin/articles/new", "/admin/articles/new");
        var body = "数据库磁盘满时写下的正文。" + string.Concat(Enumerable.Repeat("每一个字都要留下。", 4000));
        form["Input.ChannelId"] = await ChannelIdAsync(full);
        form["Input.Title"] = "数据库满时的标题";
        form["Input.BodyMarkdown"] = body;

        var admin = await full.SignInAsNewAsync(Roles.Administrator);

        limit.Full = true;
        HttpResponseMessage refused;
        string health, dashboard;
        try
        {
            refused = await editor.PostAsync("/admin/articles/new", form);
            health = await full.CreateClient().GetStringAsync(new Uri("/healthz", UriKind.Relative));
            dashboard = await admin.GetPageAsync("/admin");
        }
        finally
        {
            limit.Full = false;
        }

        var html = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("服务器存储空间已满", html, StringComparison.Ordinal);
        Assert.Contains("数据库满时的标题", html, StringComparison.Ordinal);
        Assert.Contains(body, html, StringComparison.Ordinal);
        Assert.Contains(">正文</label>", html, StringComparison.Ordinal);
        Assert.Equal("Degraded", health);
        Assert.Contains("数据库所在磁盘已满", dashboard, StringComparison.Ordinal);

        // Once there is room again, the same text saves and the report clears.
        Assert.Equal(HttpStatusCode.Redirect, (await editor.PostAsync("/admin/articles/new", form)).StatusCode);
        Assert.Equal("Healthy", await full.CreateClient().GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task EditorsUploadWhenTheDatabaseDiskIsFullGetsJsonAndLeavesNoFile()
    {
        // A small row can still fit in a page SQLite already has, so here the insert fails as SQLite fails it.
        var inserts = new FailingMediaInserts();
        var full = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.ConfigureDbContext<SqliteDbContext>(o => o.AddInterceptors(inserts))));
        var editor = await full.SignInAsNewAsync(Roles.Editor);
        var before = full.AllFiles();

        var (status, error) = await UploadAsync(editor, "数据库满时的图.png");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains("服务器存储空间已满", error, StringComparison.Ordinal);
        Assert.Equal(before, full.AllFiles());
    }

    [Fact]
    public void FullDiskIsLoggedOnceWithTheFreeSpaceNotOnEveryRefusal()
    {
        var logger = new FakeLogger<StorageHealth>();
        var storage = app.Services.GetRequiredService<MediaStorage>();
        var health = new StorageHealth(storage, app.Services.GetRequiredService<IOptions<StorageOptions>>(), TimeProvider.System, logger);
        var full = new IOException("No space left on device", 28);

        health.Full(Store.Media, storage.Root, full);
        health.Full(Store.Media, storage.Root, full);
        health.Full(Store.Media, storage.Root, full);

        var logged = Assert.Single(logger.Collector.GetSnapshot());
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Contains("bytes free", logged.Message, StringComparison.Ordinal);
        Assert.Single(health.FullStores);

        health.Written(Store.Media);
        health.Full(Store.Media, storage.Root, full);

        Assert.Equal([LogLevel.Error, LogLevel.Warning, LogLevel.Error], logger.Collector.GetSnapshot().Select(r => r.Level));
    }

    private WebApplicationFactory<Program> FullMediaDisk() =>
        app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<MediaStorage, FullDiskStorage>()));

    private static async Task<string> ChannelIdAsync(WebApplicationFactory<Program> factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Channels.Where(c => c.Slug == "news").Select(c => c.Id).SingleAsync();
        return id.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> CountRowsAsync(WebApplicationFactory<Program> factory)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().MediaFiles.CountAsync();
    }

    private static async Task<(HttpStatusCode Status, string Error)> UploadAsync(StaffBrowser editor, string fileName)
    {
        var token = await editor.GetAntiforgeryTokenAsync("/admin/media");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(MediaFiles.Png), "file", fileName } };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/media/upload") { Content = form };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Add("X-Requested-With", "XMLHttpRequest");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var response = await editor.Client.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("error").GetString()!);
    }

    /// <summary>A media disk with a few bytes left: every write stops part-way with ENOSPC.</summary>
    public sealed class FullDiskStorage(IOptions<StorageOptions> options, IWebHostEnvironment environment) : MediaStorage(options, environment)
    {
        protected override Stream OpenNew(string path) => new FillingStream(base.OpenNew(path), bytesLeft: 16);
    }

    private sealed class FillingStream(Stream inner, int bytesLeft) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var fits = Math.Min(bytesLeft, buffer.Length);
            await inner.WriteAsync(buffer[..fits], cancellationToken);
            bytesLeft -= fits;
            if (fits < buffer.Length)
            {
                throw new IOException("No space left on device", 28);
            }
        }

        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>While <see cref="Full"/>, the database may not grow by a page: SQLite then fails writes with SQLITE_FULL (13).</summary>
    private sealed class PageLimit : DbConnectionInterceptor
    {
        public volatile bool Full;

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA page_count;";
            var pages = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
            command.CommandText = FormattableString.Invariant($"PRAGMA max_page_count = {(Full ? pages : 4294967294)};");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Inserting a media row fails with the error a full disk gives.</summary>
    private sealed class FailingMediaInserts : DbCommandInterceptor
    {
        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
            command.CommandText.Contains("INSERT INTO \"MediaFiles\"", StringComparison.Ordinal)
                ? throw new SqliteException("SQLite Error 13: 'database or disk is full'.", 13)
                : ValueTask.FromResult(result);
    }
}
