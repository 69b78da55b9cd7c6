using System.Globalization;
using System.Net;
using System.Text.Json;
using LnUnion.Portal.Data;
using LnUnion.Portal.Logging;
using Serilog.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests;

/// <summary>What the log keeps: a line for each failed or slow request, six months of files, and every audit entry.</summary>
[Collection(PortalTests.Name)]
public sealed class RequestLogTests(PortalApplication app)
{
    [Fact]
    public async Task AFailedRequestIsOneLineWithMethodPathStatusAndTimeAndAQuickSuccessfulOneIsNotWritten()
    {
        // The shipped Information level, and a log folder of its own.
        var logs = Path.Combine(app.LogPath, "shipped-level-" + Guid.NewGuid().ToString("N"));
        await using var node = app.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration(configuration =>
            configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Serilog:MinimumLevel:Default"] = "Information",
                ["Serilog:WriteTo:1:Args:path"] = Path.Combine(logs, "portal-.log"),
            })));
        using var client = node.CreatePublicClient();
        var marker = Guid.NewGuid().ToString("N");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/robots.txt", UriKind.Relative))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/no-such-page-{marker}", UriKind.Relative))).StatusCode);

        var line = await LogLineAsync(logs, $"/no-such-page-{marker}");
        Assert.Matches($"HTTP GET /no-such-page-{marker} responded 404 in [0-9.]+ ms", line);
        var text = await ReadLogsAsync(logs);
        // Not a second line for the error page that answered it.
        Assert.DoesNotContain("HTTP GET /error/404", text, StringComparison.Ordinal);
        Assert.DoesNotContain("HTTP GET /robots.txt responded 200", text, StringComparison.Ordinal);
    }

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

        // Another node starting on the same database, its sweep of old personal data run to the end, and the node
        // stopped, which waits for every background service's round in progress: awaited work, not a while of waiting.
        await using var second = app.WithWebHostBuilder(_ => { });
        using (var client = second.CreateClient())
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);
        }

        await second.Services.GetRequiredService<LnUnion.Portal.Mailbox.PersonalDataSweep>().SweepAsync(CancellationToken.None);
        await second.DisposeAsync();

        Assert.True(await app.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Target == old.Target)));
    }

    /// <summary>The log line that mentions <paramref name="text"/>, once the sink has written it.</summary>
    internal static async Task<string> LogLineAsync(string folder, string text)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var line = (await ReadLogsAsync(folder)).Split('\n').FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"No log line in {folder} mentions {text}.");
        return string.Empty;
    }

    /// <summary>Every log file in <paramref name="folder"/>, read while the app may still be writing them.</summary>
    internal static async Task<string> ReadLogsAsync(string folder)
    {
        var text = new System.Text.StringBuilder();
        foreach (var path in Directory.Exists(folder) ? Directory.GetFiles(folder) : [])
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            text.Append(await reader.ReadToEndAsync());
        }

        return text.ToString();
    }
}
