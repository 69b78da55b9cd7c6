using System.Net;
using System.Text.Json;
using LnUnion.Portal.Data;
using LnUnion.Portal.Media;
using LnUnion.Portal.Tests.Admin;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests.Media;

/// <summary>
/// No file without its row: an upload is served only once its row is committed, and whatever a crash leaves in the
/// media folder is finished, removed after the grace period, or reported. An app of its own, as these tests leave
/// the storage report degraded for a while.
/// </summary>
public sealed class MediaReconcilerTests(PortalApplication app) : IClassFixture<PortalApplication>
{
    private MediaStorage Storage => app.Services.GetRequiredService<MediaStorage>();

    private MediaReconciler Reconciler => app.Services.GetServices<IHostedService>().OfType<MediaReconciler>().Single();

    [Fact]
    public async Task UploadWaitsOutsideTheServedFolderUntilItsRowCommits()
    {
        var uploads = app.Services.GetRequiredService<Uploads>();

        var result = await uploads.SaveAsync(MediaFiles.Form("会场.png", MediaFiles.Png), null, CancellationToken.None);
        var name = result.File!.StoredName;

        Assert.True(File.Exists(Path.Combine(Storage.IncomingRoot, name)));
        Assert.False(File.Exists(Storage.PathOf(name)));
        Assert.Equal(HttpStatusCode.NotFound, (await app.CreatePublicClient().GetAsync(new Uri($"/media/{name}", UriKind.Relative))).StatusCode);

        await app.WithDbAsync(async db =>
        {
            db.MediaFiles.Add(result.File);
            await db.SaveChangesAsync();
        });

        Assert.True(File.Exists(Storage.PathOf(name)));
        Assert.False(File.Exists(Path.Combine(Storage.IncomingRoot, name)));
        Assert.Equal(HttpStatusCode.OK, (await app.CreatePublicClient().GetAsync(new Uri($"/media/{name}", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task UploadWhoseRowFailsToSaveLeavesNoFile()
    {
        var uploads = app.Services.GetRequiredService<Uploads>();
        var before = app.AllFiles();
        var result = await uploads.SaveAsync(MediaFiles.Form("会场.png", MediaFiles.Png), "no-such-user", CancellationToken.None);

        await Assert.ThrowsAsync<DbUpdateException>(() => app.WithDbAsync(async db =>
        {
            db.MediaFiles.Add(result.File!);
            await db.SaveChangesAsync();
        }));

        Assert.Equal(before, app.AllFiles());
    }

    [Fact]
    public async Task WhatACrashLeftIsFinishedRemovedOrReported()
    {
        var longAgo = DateTime.UtcNow.AddHours(-2);
        // Written, then the process died before the row committed.
        var abandoned = MediaFiles.Write(Storage.IncomingRoot, longAgo);
        // The same a moment ago: an upload in flight on another node sharing the folder.
        var inFlight = MediaFiles.Write(Storage.IncomingRoot);
        // The row committed, then the process died before the move.
        var committed = MediaStorage.NewStoredName(".png");
        await app.AddRowAsync(committed);
        MediaFiles.Write(Storage.IncomingRoot, longAgo, committed);
        // A row deleted, then the process died before the file was.
        var outlived = MediaFiles.Write(Storage.Root, longAgo);
        var fresh = MediaFiles.Write(Storage.Root);
        // A row whose file is gone.
        var lostName = MediaStorage.NewStoredName(".pdf");
        var lost = await app.AddRowAsync(lostName, "已丢失的附件.pdf");
        try
        {
            var result = await Reconciler.ReconcileAsync(CancellationToken.None);

            var files = app.AllFiles();
            Assert.DoesNotContain(abandoned, files);
            Assert.True(File.Exists(Path.Combine(Storage.IncomingRoot, inFlight)), "an upload in flight is left alone");
            Assert.True(File.Exists(Storage.PathOf(committed)), "a committed upload is moved into place");
            Assert.DoesNotContain(outlived, files);
            Assert.True(File.Exists(Storage.PathOf(fresh)), "a file younger than the grace period is left alone");
            Assert.Contains(result.Missing, m => m.Id == lost && m.OriginalName == "已丢失的附件.pdf");

            var admin = await app.SignInAsNewAsync(Roles.Administrator);
            var dashboard = await admin.GetPageAsync("/admin");
            Assert.Contains("在媒体文件夹中找不到文件", dashboard, StringComparison.Ordinal);
            Assert.Contains("已丢失的附件.pdf", dashboard, StringComparison.Ordinal);
            Assert.Equal("Degraded", await app.CreatePublicClient().GetStringAsync(new Uri("/healthz", UriKind.Relative)));
            using var detail = JsonDocument.Parse(await admin.GetPageAsync("/admin/healthz"));
            var storage = detail.RootElement.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "storage");
            Assert.Equal("Degraded", storage.GetProperty("status").GetString());
            Assert.Contains("在媒体文件夹中找不到文件", storage.GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await app.RemoveRowAsync(lost);
            await Reconciler.ReconcileAsync(CancellationToken.None);
        }

        Assert.Equal("Healthy", await app.CreatePublicClient().GetStringAsync(new Uri("/healthz", UriKind.Relative)));
    }

    [Fact]
    public async Task OrphanIsRemovedFromAFolderNoUploadHasUsedYet()
    {
        var folder = Directory.CreateTempSubdirectory("lnunion-media-").FullName;
        try
        {
            var options = Options.Create(new StorageOptions { MediaPath = folder });
            var storage = new MediaStorage(options, app.Services.GetRequiredService<IWebHostEnvironment>());
            var health = new StorageHealth(storage, options, TimeProvider.System, NullLogger<StorageHealth>.Instance);
            var reconciler = new MediaReconciler(app.Services.GetRequiredService<IServiceScopeFactory>(), storage, health, app.Services.GetRequiredService<ImageBackfill>(), options, TimeProvider.System, NullLogger<MediaReconciler>.Instance);
            var orphan = MediaFiles.Write(folder, DateTime.UtcNow.AddDays(-1));

            var result = await reconciler.ReconcileAsync(CancellationToken.None);

            Assert.Equal(1, result.RemovedOrphans);
            Assert.False(File.Exists(Path.Combine(folder, orphan)));
            Assert.False(Directory.Exists(storage.IncomingRoot));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ReconcilesAtStartUpAndThenDaily()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = app.Services.GetRequiredService<IOptions<StorageOptions>>();
        var health = new StorageHealth(Storage, options, clock, NullLogger<StorageHealth>.Instance);
        using var reconciler = new MediaReconciler(app.Services.GetRequiredService<IServiceScopeFactory>(), Storage, health, app.Services.GetRequiredService<ImageBackfill>(), options, clock, NullLogger<MediaReconciler>.Instance);
        var orphan = Storage.PathOf(MediaFiles.Write(Storage.Root))!;

        await reconciler.StartAsync(CancellationToken.None);
        await Until(() => health.LastReconciliation is not null);
        var first = health.LastReconciliation;
        Assert.True(File.Exists(orphan), "inside the grace period at start-up");

        // A day on: the next round is the one at the day's end (a shorter interval would have run one earlier, which
        // the round's time would show), and it is that round that removes the orphan, out of its grace period since.
        clock.Advance(TimeSpan.FromDays(1));
        await Until(() => health.LastReconciliation != first);
        var next = health.LastReconciliation!;
        Assert.Equal(first!.At + TimeSpan.FromDays(1), next.At);
        Assert.False(File.Exists(orphan));
        Assert.True(next.RemovedOrphans >= 1, "the orphan was removed by an earlier round than the daily one");
        await reconciler.StopAsync(CancellationToken.None);
    }

    private static async Task Until(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        Assert.True(condition(), "timed out");
    }
}
