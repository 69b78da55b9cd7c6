// How long the pre-publication checks take over many articles, as the full-site scan runs them: every registered
// IArticleCheck, through the app's own services, on a fresh SQLite file with the seeded lists plus 2,000 sensitive
// words and 500 people. Attachments are left out (their cost is the file reading, bounded per file).
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Setup;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var folder = Directory.CreateTempSubdirectory("check-speed-").FullName;
try
{
    var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = folder });
    builder.Configuration["ConnectionStrings:Sqlite"] = $"Data Source={Path.Combine(folder, "portal.db")}";
    builder.Configuration["Storage:MediaPath"] = Path.Combine(folder, "media");
    builder.Configuration["Search:IndexPath"] = Path.Combine(folder, "search");
    builder.Logging.ClearProviders();
    builder.Services
        .AddPortalDatabase(builder.Configuration, builder.Environment)
        .AddPortalIdentity(builder.Configuration, builder.Environment)
        .AddPortalContent()
        .AddPortalWeb(builder.Configuration);
    await using var app = builder.Build();
    await app.Services.PreparePortalDatabaseAsync();

    await using (var scope = app.Services.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        for (var i = 0; i < 2000; i++)
        {
            db.Add(new CheckTerm { Kind = CheckTermKind.Sensitive, Text = $"敏感词{i:D4}号", CreatedAt = DateTime.UtcNow });
        }

        for (var i = 0; i < 500; i++)
        {
            db.Add(new CheckTerm { Kind = CheckTermKind.Person, Text = $"测试{(char)('甲' + i)}某", Detail = i % 2 == 0 ? "副主席" : "党组书记、主席", CreatedAt = DateTime.UtcNow });
        }

        await CheckLists.ChangedAsync(db, CancellationToken.None);
        await db.SaveChangesAsync();
    }

    var random = new Random(42);
    string Paragraph(int n) => string.Concat(Enumerable.Range(0, 40).Select(_ => "职工服务工会企业调研发展信心走访需求技能竞赛劳动模范"[random.Next(24)]))
        + (n % 7 == 0 ? "，请按装软件" : string.Empty)
        + (n % 11 == 0 ? "，联系电话13912345678" : string.Empty)
        + (n % 13 == 0 ? "，主席测试甲某出席" : string.Empty) + "。";
    CheckedArticle Article(int id)
    {
        var body = new StringBuilder("## 会议概况\n\n");
        for (var p = 0; p < 25; p++)
        {
            body.Append(Paragraph(id + p)).Append("\n\n");
        }

        body.Append("![](/media/photo.jpg)\n");
        return new CheckedArticle(id, $"第{id}号通知", "摘要：" + Paragraph(id), body.ToString(), []);
    }

    var findings = 0L;
    var characters = 0L;
    var clock = Stopwatch.StartNew();
    await using (var scope = app.Services.CreateAsyncScope())
    {
        // Each check timed on its own, in the order ArticleChecks runs them.
        var checks = scope.ServiceProvider.GetServices<IArticleCheck>().ToList();
        var each = new TimeSpan[checks.Count];
        for (var id = 1; id <= count; id++)
        {
            var article = Article(id);
            characters += article.BodyMarkdown.Length;
            for (var c = 0; c < checks.Count; c++)
            {
                var started = Stopwatch.GetTimestamp();
                findings += (await checks[c].CheckAsync(article, CancellationToken.None)).Count;
                each[c] += Stopwatch.GetElapsedTime(started);
            }
        }

        for (var c = 0; c < checks.Count; c++)
        {
            Console.WriteLine($"{checks[c].GetType().Name,-28} {each[c].TotalSeconds,7:F1} s  {each[c].TotalMilliseconds * 1000 / count,6:F0} µs per article");
        }
    }

    clock.Stop();
    Console.WriteLine($"{count:N0} articles, {characters / count:N0} characters of body each, {findings:N0} findings");
    Console.WriteLine($"total {clock.Elapsed.TotalSeconds:F1} s, {clock.Elapsed.TotalMilliseconds * 1000 / count:F0} µs per article, {count / clock.Elapsed.TotalSeconds:F0} articles/s");
    Console.WriteLine($"{Environment.ProcessorCount} logical CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");
}
finally
{
    Directory.Delete(folder, recursive: true);
}
