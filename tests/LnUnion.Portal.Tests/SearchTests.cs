using System.Net;
using System.Text.RegularExpressions;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Search;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests;

/// <summary>
/// Chinese full-text search over HTTP, on a small corpus of made-up articles in a channel of its own so that other
/// tests' articles never change the expected results.
/// </summary>
[Collection(PortalTests.Name)]
public sealed partial class SearchTests(PortalApplication app)
{
    private const string CorpusChannel = "search-corpus";
    private static readonly SemaphoreSlim CorpusGate = new(1, 1);
    private static Dictionary<string, int>? s_corpus;

    private readonly HttpClient _client = app.CreatePublicClient();
    private PublicCache Cache => app.Services.GetRequiredService<PublicCache>();

    [Theory]
    [InlineData("工会", new[] { "dalian", "anshan", "campaign" })]
    [InlineData("大连", new[] { "dalian", "campaign" })]
    [InlineData("全面振兴新突破", new[] { "campaign" })]
    [InlineData("鞍山 调研", new[] { "anshan", "forum" })]
    public async Task TwoCharacterWordsLongPhrasesAndMixedQueriesFindExactlyTheRightArticles(string query, string[] expected)
    {
        var corpus = await CorpusAsync();

        var found = ResultIds(await SearchAsync(query, CorpusChannel));

        Assert.Equal(expected.Select(k => corpus[k]).Order(), found.Order());
    }

    [Fact]
    public async Task TitleMatchesRankAboveBodyMatches()
    {
        var corpus = await CorpusAsync();

        // "review" says 专项行动 three times in its body; "meeting" once, in its title.
        var phrase = ResultIds(await SearchAsync("专项行动", CorpusChannel));
        Assert.Equal(corpus["meeting"], phrase[0]);
        Assert.Equal([corpus["campaign"], corpus["meeting"], corpus["review"]], phrase.Order());

        Assert.Equal(corpus["dalian"], ResultIds(await SearchAsync("大连", CorpusChannel))[0]);
        Assert.Equal([corpus["anshan"], corpus["forum"]], ResultIds(await SearchAsync("鞍山 调研", CorpusChannel)));

        var workers = ResultIds(await SearchAsync("职工", CorpusChannel));
        Assert.Equal(corpus["anshan"], workers[^1]);
        Assert.Equal([corpus["dalian"], corpus["reading"]], workers[..2].Order());
    }

    [Fact]
    public async Task WordsMustAppearInTheOrderTyped()
    {
        await CorpusAsync();

        Assert.Empty(ResultIds(await SearchAsync("振兴全面", CorpusChannel)));
        Assert.Empty(ResultIds(await SearchAsync("鞍山 焊接", CorpusChannel)));
    }

    [Fact]
    public async Task MatchesAreMarkedInTitlesAndSnippets()
    {
        await CorpusAsync();

        var html = await SearchAsync("专项行动", CorpusChannel);

        PublicHtml.AssertMarked(html, "专项行动", "推进会召开");
        Assert.Contains("开展<mark>专项行动</mark>，服务全面振兴新突破", html, StringComparison.Ordinal);
        Assert.Contains("找到 3 条结果", html, StringComparison.Ordinal);
        PublicHtml.AssertMarked(await SearchAsync("鞍山 调研", CorpusChannel), "鞍山调研", "企业用工情况");
    }

    [Fact]
    public async Task SnippetsAreEncodedBeforeMatchesAreMarked()
    {
        var channel = await app.AddChannelAsync("search-encoding");
        await app.AddArticleAsync(channel, "尖括号样本", a => a.BodyMarkdown = "比较 `a<b && c>d` 与 <img src=x onerror=alert(1)> 的写法，尖括号样本到此。");

        var html = await SearchAsync("尖括号样本", channel);

        PublicHtml.AssertElement(html, "mark", "尖括号样本");
        Assert.Contains("a&lt;b &amp;&amp; c&gt;d", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("onerror=alert(1)>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TraditionalSearchAcceptsTraditionalWordsAndAnswersInTraditional()
    {
        var corpus = await CorpusAsync();

        var html = await _client.GetStringAsync(new Uri($"/zh-hant/search?q={Uri.EscapeDataString("專項行動")}&channel={CorpusChannel}", UriKind.Relative));

        Assert.Equal(
            new[] { corpus["campaign"], corpus["meeting"], corpus["review"] }.Order(),
            TraditionalResultLink().Matches(html).Select(m => int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture)).Order());
        PublicHtml.AssertMarked(html, "專項行動", "推進會召開");
        PublicHtml.AssertElementHas(html, "*", "action=/zh-hant/search");
    }

    [Fact]
    public async Task ChannelFilterKeepsToThatChannelAndLeavesOutPages()
    {
        var corpus = await CorpusAsync();
        var other = await app.AddChannelAsync("search-other");
        var harbour = await app.AddArticleAsync(other, "大连港口职工风采展");

        Assert.Equal([harbour], ResultIds(await SearchAsync("大连", other)));
        Assert.DoesNotContain(harbour, ResultIds(await SearchAsync("大连", CorpusChannel)));
        Assert.Contains(corpus["dalian"], ResultIds(await SearchAsync("大连")));

        // The standing pages are found without a filter, and have no channel.
        Assert.NotEmpty(PublicHtml.All(await SearchAsync("领导机关"), "h2 > a[href='/about']"));
        Assert.Empty(PublicHtml.All(await SearchAsync("领导机关", "news"), "h2 > a[href='/about']"));
    }

    [Fact]
    public async Task DateFilterUsesBeijingDates()
    {
        var corpus = await CorpusAsync();

        // "anshan" was published at 17:00 UTC on 4 March: 01:00 on 5 March in Beijing.
        Assert.Equal([corpus["anshan"]], ResultIds(await SearchAsync("职工", CorpusChannel, "&from=2001-03-05&to=2001-03-05")));
        Assert.Equal([corpus["dalian"]], ResultIds(await SearchAsync("职工", CorpusChannel, "&from=2001-03-01&to=2001-03-04")));
        Assert.Equal([corpus["reading"]], ResultIds(await SearchAsync("职工", CorpusChannel, "&from=2001-04-01")));
        Assert.Equal([corpus["dalian"], corpus["anshan"]], ResultIds(await SearchAsync("职工", CorpusChannel, "&to=2001-03-31")).Order());
    }

    [Fact]
    public async Task ResultsComeTenToAPageWithLinksBetweenPages()
    {
        var channel = await app.AddChannelAsync("search-paging");
        for (var i = 1; i <= 23; i++)
        {
            await app.AddArticleAsync(channel, $"分页样本第{i}篇", a =>
            {
                a.BodyMarkdown = "湖边的鸿雁湖观鸟台开放。";
                a.PublishAt = PortalApplication.LongAgo.AddDays(i);
            });
        }

        var first = await SearchAsync("鸿雁湖", channel);
        var second = await SearchAsync("鸿雁湖", channel, "&page=2");
        var third = await SearchAsync("鸿雁湖", channel, "&page=3");

        Assert.Contains("找到 23 条结果", first, StringComparison.Ordinal);
        Assert.Equal(10, ResultIds(first).Count);
        Assert.Equal(10, ResultIds(second).Count);
        Assert.Equal(3, ResultIds(third).Count);
        Assert.Equal(23, ResultIds(first).Concat(ResultIds(second)).Concat(ResultIds(third)).Distinct().Count());
        Assert.Contains("第 2 页，共 3 页", second, StringComparison.Ordinal);
        PublicHtml.AssertElementHas(second, "*", $"href=/search?q=%E9%B8%BF%E9%9B%81%E6%B9%96&channel={channel}&page=3", "rel=next");
        PublicHtml.AssertElementHas(second, "*", $"href=/search?q=%E9%B8%BF%E9%9B%81%E6%B9%96&channel={channel}", "rel=prev");
        var pastTheEnd = await _client.GetAsync(new Uri($"/search?q=%E9%B8%BF%E9%9B%81%E6%B9%96&channel={channel}&page=99", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, pastTheEnd.StatusCode);
        Assert.Equal($"/search?q=%E9%B8%BF%E9%9B%81%E6%B9%96&channel={channel}&page=3", pastTheEnd.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task ASearchMatchingMoreThanTheRankedLimitRanksTheNewestMatchesAndSaysThereAreMore()
    {
        await using var site = new PortalApplication { Settings = new Dictionary<string, string> { ["Search:RankedMatchLimit"] = "3" } };
        using var client = site.CreatePublicClient();
        var channel = await site.AddChannelAsync("search-limit");
        // The oldest says the word in its title, which would rank it first among all six.
        var ids = new List<int> { await site.AddArticleAsync(channel, "白头鹎观察记录") };
        for (var i = 1; i <= 5; i++)
        {
            ids.Add(await site.AddArticleAsync(channel, $"湿地巡查第{i}期", a => a.BodyMarkdown = "巡查中见到白头鹎。"));
        }

        var broad = await client.GetStringAsync(new Uri($"/search?q={Uri.EscapeDataString("白头鹎")}&channel={channel}", UriKind.Relative));
        var narrow = await client.GetStringAsync(new Uri($"/search?q={Uri.EscapeDataString("白头鹎观察")}&channel={channel}", UriKind.Relative));

        Assert.Equal(ids[^3..].Order(), ResultIds(broad).Order());
        Assert.Contains("找到 3 条以上结果", PublicHtml.One(broad, ".search-count").TextContent, StringComparison.Ordinal);
        Assert.Equal([ids[0]], ResultIds(narrow));
        Assert.Equal("找到 1 条结果", PublicHtml.One(narrow, ".search-count").TextContent);
    }

    [Fact]
    public async Task ABuiltIndexHoldsArticlesInOrderOfPublicationSoABroadSearchRanksTheLatestPublished()
    {
        await using var site = new PortalApplication { Settings = new Dictionary<string, string> { ["Search:RankedMatchLimit"] = "3" } };
        var channel = await site.AddChannelAsync("search-order");
        // Saved newest first: in order of their ids, the three latest published would be the first three.
        var ids = new List<int>();
        for (var i = 6; i >= 1; i--)
        {
            ids.Add(await site.AddArticleAsync(channel, $"候鸟迁徙简报第{i}期", a => a.PublishAt = PortalApplication.LongAgo.AddDays(i)));
        }

        await using var rebuilt = site.WithWebHostBuilder(builder => builder.UseSetting("Search:IndexPath", Path.Combine(site.SearchIndexPath, "rebuilt")));
        using var client = rebuilt.CreatePublicClient();
        Assert.True(rebuilt.Services.GetRequiredService<SearchIndex>().IsReady);

        var html = await client.GetStringAsync(new Uri($"/search?q={Uri.EscapeDataString("候鸟迁徙")}&channel={channel}", UriKind.Relative));
        Assert.Equal(ids[..3].Order(), ResultIds(html).Order());
    }

    [Theory]
    [MemberData(nameof(HiddenArticles.States), MemberType = typeof(HiddenArticles))]
    public async Task HiddenArticlesAreNeverFound(string state, Action<Article> makeHidden)
    {
        var channel = await app.AddChannelAsync($"search-hidden-{Guid.NewGuid():N}"[..24]);
        var visible = await app.AddArticleAsync(channel, $"麒麟湾{state}公开通报");
        await app.AddArticleAsync(channel, $"麒麟湾{state}内部通报", makeHidden);

        Assert.Equal([visible], ResultIds(await SearchAsync($"麒麟湾{state}")));
        Assert.Empty(ResultIds(await SearchAsync($"麒麟湾{state}内部")));
    }

    [Fact]
    public async Task IndexFollowsPublishEditAndWithdrawAtOnce()
    {
        var channel = await app.AddChannelAsync("search-follow");
        var id = await app.AddArticleAsync(channel, "雪豹巡护队组建", a =>
        {
            a.Status = ArticleStatus.Draft;
            a.BodyMarkdown = "一支新队伍组建了。";
        });
        Assert.Empty(ResultIds(await SearchAsync("雪豹巡护")));

        await ChangeAsync(id, channel, a => a.Status = ArticleStatus.Published);
        Assert.Equal([id], ResultIds(await SearchAsync("雪豹巡护")));

        await ChangeAsync(id, channel, a => a.Title = "金丝猴保护队组建");
        Assert.Empty(ResultIds(await SearchAsync("雪豹巡护")));
        Assert.Equal([id], ResultIds(await SearchAsync("金丝猴保护")));

        await ChangeAsync(id, channel, a => a.Status = ArticleStatus.Withdrawn);
        Assert.Empty(ResultIds(await SearchAsync("金丝猴保护")));
    }

    [Fact]
    public async Task APublicityNoticeIsFoundBySearchInBothScriptsAndListedInTheFeedsAndTheSitemap()
    {
        var channel = await app.AddChannelAsync($"gongshi-{Guid.NewGuid():N}"[..20]);
        var today = app.Today;
        var id = await app.AddArticleAsync(channel, "玳瑁湾劳动模范推荐人选公示", a =>
        {
            a.Kind = ArticleKind.Publicity;
            a.Publicity = new PublicityDetails { From = today, To = today.AddDays(7), ObjectionPhone = "(024)22581001" };
            // Recent, so the site feed, which lists only the newest, has it.
            a.PublishAt = app.UtcNow.AddMinutes(-1);
        });

        Assert.Equal([id], ResultIds(await SearchAsync("玳瑁湾")));
        var hit = PublicHtml.One(await _client.GetStringAsync(new Uri($"/zh-hant/search?q={Uri.EscapeDataString("玳瑁灣")}", UriKind.Relative)), $"h2 > a[href='/zh-hant/articles/{id}']");
        Assert.Equal(("玳瑁灣", "玳瑁灣勞動模範推薦人選公示"), (hit.QuerySelector("mark")?.TextContent, hit.TextContent));
        foreach (var feed in new[] { "/feed.xml", $"/{channel}/feed.xml" })
        {
            Assert.Contains("玳瑁湾劳动模范推荐人选公示", await _client.GetStringAsync(new Uri(feed, UriKind.Relative)), StringComparison.Ordinal);
        }

        Assert.Contains($"<loc>https://www.example.gov.cn/articles/{id}</loc>", await _client.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageEditsAreFoundAtOnce()
    {
        const string word = "丹顶鹤栖息地";
        Assert.Empty(PublicHtml.All(await SearchAsync(word), "h2 > a[href='/contact']"));
        var before = await SetContactBodyAsync(body => body + "\n\n" + word + "开放参观。");
        try
        {
            await Cache.PageChangedAsync(PageSlugs.Contact);
            Assert.NotEmpty(PublicHtml.All(await SearchAsync(word), "h2 > a[href='/contact']"));
        }
        finally
        {
            await SetContactBodyAsync(_ => before);
            await Cache.PageChangedAsync(PageSlugs.Contact);
        }

        Assert.Empty(PublicHtml.All(await SearchAsync(word), "h2 > a[href='/contact']"));
    }

    [Fact]
    public async Task ScheduledAndExpiringArticlesSwitchInSearchOnTimeWithoutAnyoneTouchingThem()
    {
        await using var site = new PortalApplication { Clock = new FakeTimeProvider(DateTimeOffset.UtcNow) };
        using var client = site.CreatePublicClient();
        var channel = await site.AddChannelAsync("search-switch");
        var scheduled = await site.AddArticleAsync(channel, "白鹭洲定时通报", a => a.PublishAt = site.UtcNow.AddMinutes(5));
        var expiring = await site.AddArticleAsync(channel, "白鹭洲到期通报", a => a.ExpiresAt = site.UtcNow.AddMinutes(5));
        var search = new Uri($"/search?q={Uri.EscapeDataString("白鹭洲")}&channel={channel}", UriKind.Relative);
        Assert.Equal([expiring], ResultIds(await client.GetStringAsync(search)));

        // The first answer is now cached; the scheduler must update the index and evict it.
        await site.AdvanceAsync(TimeSpan.FromMinutes(5));

        Assert.Equal([scheduled], ResultIds(await client.GetStringAsync(search)));
    }

    [Fact]
    public async Task ArticleWhosePublishTimePassedWhileTheSiteWasDownIsFoundAfterARestart()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var site = new PortalApplication { Clock = clock };
        var folder = Path.Combine(site.SearchIndexPath, "restart");
        await using (var before = site.WithWebHostBuilder(builder => builder.UseSetting("Search:IndexPath", folder)))
        {
            Assert.True(before.Services.GetRequiredService<SearchIndex>().IsReady);
        }

        // Published while no host was up; dated long ago, so only the scheduler (not the edit catch-up) can find it.
        var channel = await site.AddChannelAsync("search-restart");
        var id = await site.AddArticleAsync(channel, "鸬鹚湾复工通报", a => a.PublishAt = site.UtcNow.AddMinutes(1));
        clock.Advance(TimeSpan.FromMinutes(2));

        await using var after = site.WithWebHostBuilder(builder => builder.UseSetting("Search:IndexPath", folder));
        using var client = after.CreateClient();
        await site.AdvanceAsync(TimeSpan.FromSeconds(1), after);

        Assert.Equal([id], ResultIds(await client.GetStringAsync(new Uri($"/search?q={Uri.EscapeDataString("鸬鹚湾复工")}", UriKind.Relative))));
    }

    [Fact]
    public async Task DeletedIndexFolderIsRebuiltFromTheDatabase()
    {
        var corpus = await CorpusAsync();
        var index = app.Services.GetRequiredService<SearchIndex>();
        var builds = index.BuildCount;
        Assert.True(Directory.Exists(index.IndexPath));

        DeleteFolder(index.IndexPath);
        var deadline = app.UtcNow.AddSeconds(15);
        while (index.BuildCount == builds || !index.IsReady)
        {
            Assert.True(app.UtcNow < deadline, "the index folder was not rebuilt");
            await Task.Delay(100);
        }

        // The rebuilt index is on disk, has the old content and takes new changes.
        Assert.NotEmpty(Directory.GetFiles(index.IndexPath, "segments_*"));
        Assert.Equal(corpus["campaign"], Assert.Single(ResultIds(await SearchAsync("全面振兴新突破", CorpusChannel))));
        var channel = await app.AddChannelAsync("search-rebuilt");
        var added = await app.AddArticleAsync(channel, "重建之后的鹈鹕岛通报");
        Assert.Equal([added], ResultIds(await SearchAsync("鹈鹕岛")));
    }

    [Fact]
    public async Task SecondHostGivenTheSameIndexFolderLeavesTheFirstAlone()
    {
        await CorpusAsync();
        var index = app.Services.GetRequiredService<SearchIndex>();
        await using var intruder = app.WithWebHostBuilder(builder => builder.UseSetting("Search:IndexPath", index.IndexPath));
        var failuresBefore = await LockFailuresAsync();
        var other = intruder.Services.GetRequiredService<SearchIndex>();

        // It tries to take the folder at start-up and again on each tick of its background loop, and says each time
        // that it could not; two such warnings mean the loop has run and still left the folder to its owner.
        for (var waited = 0; await LockFailuresAsync() < failuresBefore + 2; waited++)
        {
            Assert.True(waited < 100, "The second host did not report, twice, that the index folder is taken.");
            await Task.Delay(100);
        }

        Assert.False(other.IsReady);
        Assert.True(index.IsReady);
        var channel = await app.AddChannelAsync("search-intruder");
        var added = await app.AddArticleAsync(channel, "信天翁礁通报");
        Assert.Equal([added], ResultIds(await SearchAsync("信天翁礁")));
        Assert.NotEmpty(ResultIds(await SearchAsync("全面振兴新突破", CorpusChannel)));
    }

    public static TheoryData<string> HostileQueries => new()
    {
        "?q=" + new string('工', 1000),
        "?q=" + Uri.EscapeDataString(string.Join(' ', Enumerable.Repeat("工会", 300))),
        "?q=" + new string('a', 1000),
        "?q=" + Uri.EscapeDataString("，。！？、；：“”‘’（）【】……——!!!???...///"),
        "?q=" + Uri.EscapeDataString("<script>alert(1)</script>"),
        "?q=" + Uri.EscapeDataString("title:x AND ("),
        "?q=" + Uri.EscapeDataString("工会 OR \"职工 *~^2 [a TO z] -大连 +"),
        "?q=" + new string('x', 99) + "%F0%9F%98%80%F0%9F%98%80",
        "?q=%E5%B7%A5",
        "?q=%FF%FE",
        "?q=%00%01",
        "?q=" + Uri.EscapeDataString("   　　"),
        "?q=工会&from=2030-01-01&to=2000-01-01",
    };

    /// <summary>Each search has one address: anything else in the address would make a cache entry of its own.</summary>
    [Theory]
    [InlineData("?q=工会&page=-1", "/search?q=%E5%B7%A5%E4%BC%9A")]
    [InlineData("?q=工会&page=abc", "/search?q=%E5%B7%A5%E4%BC%9A")]
    [InlineData("?q=工会&page=007", "/search?q=%E5%B7%A5%E4%BC%9A")]
    [InlineData("?q=工会&page=99999999999999999999", "/search?q=%E5%B7%A5%E4%BC%9A")]
    [InlineData("?q=a&q=b&q=c", "/search?q=a")]
    [InlineData("?q=工会&page=1&page=1", "/search?q=%E5%B7%A5%E4%BC%9A")]
    [InlineData("?q=工会&from=0001-01-01&to=9999-12-31", "/search?q=%E5%B7%A5%E4%BC%9A")]
    [InlineData("?q=工会&from=2001-02-30&to=yesterday", "/search?q=%E5%B7%A5%E4%BC%9A")]
    [InlineData("?q=工会&from=2001-02-03&to=yesterday", "/search?q=%E5%B7%A5%E4%BC%9A&from=2001-02-03")]
    [InlineData("?q=工会&channel=../../etc/passwd", "/search?q=%E5%B7%A5%E4%BC%9A")]
    [InlineData("?q=工会&channel=no-such-channel&page=2", "/search?q=%E5%B7%A5%E4%BC%9A")]
    [InlineData("?channel=news&page=2", "/search?q=&channel=news")]
    public async Task SearchAddressesWithMeaninglessPartsRedirectToTheSearchTheyMean(string query, string location)
    {
        await CorpusAsync();

        var response = await _client.GetAsync(new Uri("/search" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task AbsurdQueriesGetACalmPage(string query)
    {
        var response = await _client.GetAsync(new Uri("/search" + query, UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        PublicHtml.AssertElement(html, "h1", "站内搜索");
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptySearchInvitesASearch()
    {
        var html = await _client.GetStringAsync(new Uri("/search", UriKind.Relative));

        Assert.Contains("请输入要查找的词语", html, StringComparison.Ordinal);
        Assert.Equal("https://www.example.gov.cn/search", PublicHtml.Link(html, "canonical"));
        using var head = new HttpRequestMessage(HttpMethod.Head, "/search?q=%E5%B7%A5%E4%BC%9A");
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(head)).StatusCode);
    }

    [Fact]
    public async Task ResultPagesAreCachedButNotIndexedByCrawlers()
    {
        await CorpusAsync();
        var path = $"/search?q={Uri.EscapeDataString("千名干部")}&channel={CorpusChannel}";
        await _client.GetAsync(new Uri(path, UriKind.Relative));

        var again = await _client.GetAsync(new Uri(path, UriKind.Relative));

        Assert.NotNull(again.Headers.Age);
        Assert.Equal("noindex", PublicHtml.Meta(await again.Content.ReadAsStringAsync(), "robots"));
    }

    [Fact]
    public async Task EveryPublicPageHasASearchBoxThatWorksWithoutJavaScript()
    {
        var html = await _client.GetStringAsync(new Uri("/about", UriKind.Relative));

        PublicHtml.AssertElement(html, "form", null, "class=site-search", "action=/search", "method=get", "role=search", "aria-label=站内搜索");
        PublicHtml.AssertElement(html, "label", "站内搜索", "for=site-search-q");
        PublicHtml.AssertElementHas(html, "input", "id=site-search-q", "name=q", "type=search");
    }

    [Fact]
    public async Task IndexLivesInTheConfiguredDataFolder()
    {
        await CorpusAsync();
        var index = app.Services.GetRequiredService<SearchIndex>();

        Assert.StartsWith(Path.GetFullPath(app.SearchIndexPath) + Path.DirectorySeparatorChar, index.IndexPath, StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(index.IndexPath, "segments_*"));
    }

    private async Task<Dictionary<string, int>> CorpusAsync()
    {
        await CorpusGate.WaitAsync();
        try
        {
            if (s_corpus is not null)
            {
                return s_corpus;
            }

            await app.AddChannelAsync(CorpusChannel);
            var corpus = new Dictionary<string, int>();
            async Task AddAsync(string key, string title, string body, DateTime publishAt) =>
                corpus[key] = await app.AddArticleAsync(CorpusChannel, title, a =>
                {
                    a.BodyMarkdown = body;
                    a.PublishAt = publishAt;
                });

            await AddAsync("dalian", "大连职工技能大赛圆满落幕", "大赛由大连市总工会主办，全市职工踊跃参加，比赛项目涵盖焊接、电工等工种。", Utc(2001, 3, 1, 2));
            await AddAsync("anshan", "鞍山调研企业用工情况", "工会干部深入企业开展调研，听取职工诉求。", Utc(2001, 3, 4, 17));
            await AddAsync("campaign", "千名干部进企业活动启动", "省总工会开展专项行动，服务全面振兴新突破，先后走访大连、鞍山、辽阳。", Utc(2001, 4, 10, 2));
            await AddAsync("meeting", "专项行动推进会召开", "会议部署下一阶段工作。", Utc(2001, 4, 20, 2));
            await AddAsync("review", "年度工作回顾", "专项行动取得成效。专项行动覆盖全省。专项行动还将继续。", Utc(2001, 4, 25, 2));
            await AddAsync("reading", "职工书屋开放时间调整", "书屋周末照常开放，鞍山的读者可以预约。", Utc(2001, 5, 1, 2));
            await AddAsync("forum", "基层座谈会纪要", "调研组一行来到鞍山，召开座谈会，围绕调研主题交流。", Utc(2001, 5, 10, 2));
            return s_corpus = corpus;
        }
        finally
        {
            CorpusGate.Release();
        }
    }

    /// <summary>The index may be writing a file at that moment, which makes a recursive delete fail once in a while.</summary>
    private static void DeleteFolder(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Directory.Delete(path, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 5)
            {
                Thread.Sleep(50);
            }
        }
    }

    /// <summary>How many times the app's log says a host found its search index folder held by another writer.</summary>
    private async Task<int> LockFailuresAsync() =>
        Regex.Count(await RequestLogTests.ReadLogsAsync(app.LogPath), "LockObtainFailedException");

    private static DateTime Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, DateTimeKind.Utc);

    private async Task<string> SearchAsync(string query, string? channel = null, string extra = "")
    {
        var path = $"/search?q={Uri.EscapeDataString(query)}" + (channel is null ? string.Empty : $"&channel={channel}") + extra;
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static List<int> ResultIds(string html) =>
        [.. ResultLink().Matches(html).Select(m => int.Parse(m.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>Saves a change and reports it as the admin area does.</summary>
    private async Task ChangeAsync(int id, string channel, Action<Article> change)
    {
        await app.WithDbAsync(async db =>
        {
            var article = await db.Articles.SingleAsync(a => a.Id == id);
            change(article);
            article.UpdatedAt = app.UtcNow;
            await db.SaveChangesAsync();
        });
        await Cache.ArticleChangedAsync(id, channel);
    }

    private Task<string> SetContactBodyAsync(Func<string, string> change) => app.WithDbAsync(async db =>
    {
        var page = await db.Pages.SingleAsync(p => p.Slug == PageSlugs.Contact);
        var before = page.BodyMarkdown;
        page.BodyMarkdown = change(before);
        page.UpdatedAt = app.UtcNow;
        await db.SaveChangesAsync();
        return before;
    });

    [GeneratedRegex("<h2><a href=\"/articles/(\\d+)\">")]
    private static partial Regex ResultLink();

    [GeneratedRegex("<h2><a href=\"/zh-hant/articles/(\\d+)\">")]
    private static partial Regex TraditionalResultLink();
}
