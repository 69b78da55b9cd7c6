using System.Net;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Mailbox;

/// <summary>
/// Published exchanges in the site search and the sitemap: found while public, gone once withdrawn, and never with the
/// writer's name, phone, e-mail or address, or a number the published page masks.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class PublishedExchangeSearchTests(PortalApplication app)
{
    private const string WriterName = "检索测试写信人";
    private const string WriterPhone = "13700001111";
    private const string WriterEmail = "search-writer@example.com";
    private const string WriterIp = "192.0.2.45";

    private readonly HttpClient _client = app.CreatePublicClient();

    [Fact]
    public async Task APublishedExchangeIsFoundWithItsNumbersMaskedAndNothingOfItsWriterAndGoesWhenWithdrawn()
    {
        var word = UniqueWord();
        var id = await AddPublishedAsync(word);
        await ChangedAsync(id);

        var found = await GetAsync($"/search?q={word}");
        var sitemap = await GetAsync("/sitemap.xml");
        Assert.Contains($"/mailbox/replies/{id}\"", found, StringComparison.Ordinal);
        Assert.Contains("139****5678", found, StringComparison.Ordinal);
        Assert.Contains($"/mailbox/replies/{id}</loc>", sitemap, StringComparison.Ordinal);
        foreach (var (path, body) in new[] { ("search", found), ("sitemap", sitemap), ("feed", await GetAsync("/feed.xml")) })
        {
            foreach (var hidden in new[] { WriterName, WriterPhone, WriterEmail, WriterIp, "13912345678", "22856666" })
            {
                Assert.False(body.Contains(hidden, StringComparison.Ordinal), $"The {path} shows {hidden}");
            }
        }

        // The index holds the masked text only: the number itself finds nothing.
        Assert.DoesNotContain($"/mailbox/replies/{id}\"", await GetAsync("/search?q=13912345678"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/mailbox/replies/{id}\"", await GetAsync($"/search?q={Uri.EscapeDataString(WriterName)}"), StringComparison.Ordinal);

        await app.WithDbAsync(db => db.Letters.Where(l => l.Id == id).ExecuteUpdateAsync(set => set.SetProperty(l => l.Status, LetterStatus.NotPublished)));
        await ChangedAsync(id);

        Assert.DoesNotContain($"/mailbox/replies/{id}\"", await GetAsync($"/search?q={word}"), StringComparison.Ordinal);
        Assert.DoesNotContain($"/mailbox/replies/{id}<", await GetAsync("/sitemap.xml"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExchangePublishedOnAnotherNodeIsFoundAfterTheConsistencyCheck()
    {
        var word = UniqueWord();
        var id = await AddPublishedAsync(word);

        await app.Services.GetRequiredService<SearchIndex>().CheckConsistencyAsync(CancellationToken.None);

        Assert.Contains($"/mailbox/replies/{id}\"", await GetAsync($"/search?q={word}"), StringComparison.Ordinal);
    }

    /// <summary>Latin letters only, so that no masking rule touches it and it matches this test's letter alone.</summary>
    private static string UniqueWord() => "mbx" + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(8));

    private Task ChangedAsync(int id) => app.Services.GetRequiredService<MailboxPublication>().ChangedAsync(id);

    private async Task<string> GetAsync(string path)
    {
        using var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task<int> AddPublishedAsync(string word) => app.WithDbAsync(async db =>
    {
        var now = DateTime.UtcNow;
        var letter = new Letter
        {
            TypeId = await db.LetterTypes.OrderBy(t => t.SortOrder).Select(t => t.Id).FirstAsync(),
            Subject = $"关于加班费的咨询 {word}",
            Body = $"我的手机 13912345678，请回电。{word}",
            Answer = "请拨打 024-22856666 咨询。",
            WriterName = WriterName, WriterPhone = WriterPhone, WriterEmail = WriterEmail, WriterIp = WriterIp,
            MayPublish = true, QueryCodeHash = Guid.NewGuid().ToString("N"), SubmissionKey = Guid.NewGuid(),
            Status = LetterStatus.Published, ReceivedAt = now.AddDays(-3), DueOn = DateOnly.FromDateTime(now).AddDays(5),
            AnsweredAt = now.AddDays(-1), PublishedAt = now, ClosedAt = now,
        };
        db.Letters.Add(letter);
        await db.SaveChangesAsync();
        return letter.Id;
    });
}
