using System.Globalization;
using System.Net;
using System.Text.Json;
using LnUnion.Portal.Data;
using LnUnion.Portal.Logging;
using Serilog.Events;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests;

/// <summary>What the log keeps: a line for each failed or slow request, six months of files, and every audit entry.</summary>
[Collection(PortalTests.Name)]
public sealed class RequestLogTests(PortalApplication app)
{
    [Theory]
    [InlineData(200, 5, false, LogEventLevel.Debug)]
    [InlineData(304, 5, false, LogEventLevel.Debug)]
    [InlineData(200, 1500, false, LogEventLevel.Warning)]
    [InlineData(404, 5, false, LogEventLevel.Warning)]
    [InlineData(500, 5, false, LogEventLevel.Error)]
    [InlineData(200, 5, true, LogEventLevel.Error)]
    public void OnlyFailedOrSlowRequestsReachTheShippedInformationLevel(int status, int milliseconds, bool threw, LogEventLevel expected) =>
        Assert.Equal(expected, RequestLogging.Level(status, TimeSpan.FromMilliseconds(milliseconds), threw, TimeSpan.FromSeconds(1)));

    [Fact]
    public void TheShippedSettingsKeepLogFilesAtLeastSixMonthsWithinASizeCap()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "appsettings.json")));
        var file = settings.RootElement.GetProperty("Serilog").GetProperty("WriteTo").EnumerateArray()
            .Single(s => s.GetProperty("Name").GetString() == "File").GetProperty("Args");

        var kept = TimeSpan.Parse(file.GetProperty("retainedFileTimeLimit").GetString()!, CultureInfo.InvariantCulture);
        var files = file.GetProperty("retainedFileCountLimit").GetInt32();
        var bytes = file.GetProperty("fileSizeLimitBytes").GetInt64();

        // 网络安全法 第二十一条: network logs for no less than six months.
        Assert.True(kept >= TimeSpan.FromDays(180), $"Log files are deleted after {kept.TotalDays} days.");
        Assert.True(files >= 180, $"Only {files} files are kept: fewer than one a day for six months.");
        Assert.True(file.GetProperty("rollOnFileSizeLimit").GetBoolean(), "Without rolling, a full file stops the log.");
        Assert.InRange(files * bytes, 1L << 30, 20L << 30);
    }

    [Fact]
    public async Task AuditEntriesOlderThanAnyLogRetentionSurviveTheAppStartingAndRunning()
    {
        var old = new AuditEntry { AtUtc = new DateTime(2015, 6, 1, 0, 0, 0, DateTimeKind.Utc), Action = "test.old", Target = Guid.NewGuid().ToString("N"), Result = "成功", UserName = "审计测试" };
        await app.WithDbAsync(async db =>
        {
            db.AuditEntries.Add(old);
            await db.SaveChangesAsync();
        });

        // Another node starting on the same database, and a while of both running.
        await using var second = app.WithWebHostBuilder(_ => { });
        using var client = second.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Target == old.Target)));
    }
}
