using System.Globalization;
using System.Net;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Tests.Admin;
using LnUnion.Portal.Topics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace LnUnion.Portal.Tests;

/// <summary>
/// 专题: kept by editors in the admin area (audited, with the row's version checked), shown on its own page with its
/// published articles, on the home page and list while current, in its feed and the sitemap, and in 繁體.
/// A topic that has not started yet is not public.
/// </summary>
[Collection(PortalTests.Name)]
public sealed class TopicTests(PortalApplication app)
{
    private readonly HttpClient _public = app.CreatePublicClient();

    [Fact]
    public async Task AnEditorCreatesATopicThatShowsOnTheHomePageTheListAndItsOwnPageInBothScriptsAndIsAudited()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var slug = NewSlug();
        await Cached("/");

        using var response = await editor.SubmitAsync("/admin/topics/new", "/admin/topics/new", TopicFields(slug, "职工技能竞赛专题", app.Today, app.Today.AddDays(30)));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = await TopicIdAsync(slug);
        try
        {
            Assert.Equal($"/admin/topics/{id}/edit", response.Headers.Location?.OriginalString);
            Assert.Single(await app.AuditEntriesAsync("topics.create", $"topics:{id}", editor.UserId));
            Assert.Contains("职工技能竞赛专题", await TextAsync("/", "#topics-title + *"), StringComparison.Ordinal);
            Assert.Contains("职工技能竞赛专题", await TextAsync("/topics", "#current-topics-title + *"), StringComparison.Ordinal);
            Assert.Equal("职工技能竞赛专题", await TextAsync($"/topics/{slug}", "h1"));
            PublicHtml.AssertElement(await _public.GetStringAsync(new Uri($"/topics/{slug}", UriKind.Relative)), "strong", "介绍");
            Assert.Equal("職工技能競賽專題", await TextAsync($"/zh-hant/topics/{slug}", "h1"));
            Assert.Contains("往期專題", await TextAsync("/zh-hant/topics", "#archived-topics-title"), StringComparison.Ordinal);
        }
        finally
        {
            await RemoveTopicAsync(id);
        }
    }

    [Theory]
    [InlineData("Bad Slug", "2030-01-01", "", "网址名须以小写字母开头，只能包含小写字母、数字和连字符（-），长度 2–50 个字符。")]
    [InlineData("ok-slug", "2030-01-10", "2030-01-09", "结束日期不能早于开始日期。")]
    [InlineData("ok-slug", "", "", "请填写开始日期。")]
    [InlineData("ok-slug", "not-a-date", "", "“not-a-date”不是有效的开始日期（从这天起在网站上显示）。")]
    public async Task ATopicFormWithBadInputIsRefusedWithAChineseMessageAndSavesNothing(string slug, string startsOn, string endsOn, string message)
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var title = $"无效专题{Guid.NewGuid():N}";

        using var response = await editor.SubmitAsync("/admin/topics/new", "/admin/topics/new",
            ("Input.Title", title), ("Input.Slug", slug), ("Input.StartsOn", startsOn), ("Input.EndsOn", endsOn));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal([message], StaffBrowser.Errors(html));
        Assert.Contains(title, html, StringComparison.Ordinal);
        Assert.False(await app.WithDbAsync(db => db.Topics.AnyAsync(t => t.Title == title)));
    }

    [Fact]
    public async Task ATakenSlugAndABannerThatIsNotALibraryImageAreRefused()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await AddTopicAsync(NewSlug(), "已有的专题", app.Today);
        var taken = await app.WithDbAsync(db => db.Topics.Where(t => t.Id == id).Select(t => t.Slug).SingleAsync());
        try
        {
            using var duplicate = await editor.SubmitAsync("/admin/topics/new", "/admin/topics/new", TopicFields(taken, "重名的专题", app.Today, null));
            using var banner = await editor.SubmitAsync("/admin/topics/new", "/admin/topics/new",
                [.. TopicFields(NewSlug(), "横幅有误的专题", app.Today, null), ("Input.BannerImageId", "999999")]);

            Assert.Equal([$"网址名“{taken}”已被其他专题使用，请换一个。"], StaffBrowser.Errors(await duplicate.Content.ReadAsStringAsync()));
            Assert.Equal(["请从媒体库中的图片里选择横幅图片。"], StaffBrowser.Errors(await banner.Content.ReadAsStringAsync()));
            Assert.False(await app.WithDbAsync(db => db.Topics.AnyAsync(t => t.Title == "重名的专题" || t.Title == "横幅有误的专题")));
        }
        finally
        {
            await RemoveTopicAsync(id);
        }
    }

    [Fact]
    public async Task ArticlesOfAnyChannelAreAddedAndRemovedOnTheTopicScreenAndTheCachedPageFollows()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var slug = NewSlug();
        var id = await AddTopicAsync(slug, "安全生产月专题", app.Today);
        var word = $"专题文章{Guid.NewGuid():N}"[..12];
        var news = await app.AddArticleAsync(ChannelSlugs.News, $"{word}新闻");
        var notice = await app.AddArticleAsync(ChannelSlugs.Notices, $"{word}通知");
        var edit = $"/admin/topics/{id}/edit";
        try
        {
            Assert.Equal("本专题暂无文章。", await TextAsync($"/topics/{slug}", ".empty"));

            var found = await editor.GetPageAsync($"{edit}?q={Uri.EscapeDataString(word)}");
            Assert.Contains($"{word}新闻", found, StringComparison.Ordinal);
            using (var added = await editor.SubmitAsync($"{edit}?q={Uri.EscapeDataString(word)}", $"/admin/topics/{id}/articles", ("ArticleId", news.ToString(CultureInfo.InvariantCulture))))
            {
                Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            }

            using (var added = await editor.SubmitAsync($"{edit}?q={Uri.EscapeDataString(word)}", $"/admin/topics/{id}/articles", ("ArticleId", notice.ToString(CultureInfo.InvariantCulture))))
            {
                Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
            }

            Assert.Equal([$"{word}通知", $"{word}新闻"], await ListedTitlesAsync($"/topics/{slug}"));
            Assert.Equal(2, (await app.AuditEntriesAsync("topics.addarticle", $"topics:{id}", editor.UserId)).Count(e => e.Result == "成功"));

            using (var again = await editor.PostWithTokenAsync(edit, $"/admin/topics/{id}/articles", ("Version", await VersionAsync(id)), ("ArticleId", news.ToString(CultureInfo.InvariantCulture))))
            {
                Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
                Assert.Equal([$"“{word}新闻”已在本专题中。"], StaffBrowser.Errors(await again.Content.ReadAsStringAsync()));
            }

            using (var missing = await editor.PostWithTokenAsync(edit, $"/admin/topics/{id}/articles", ("Version", await VersionAsync(id)), ("ArticleId", "99999999")))
            {
                Assert.Equal(HttpStatusCode.Conflict, missing.StatusCode);
                Assert.Equal(["没有编号为 99999999 的文章。"], StaffBrowser.Errors(await missing.Content.ReadAsStringAsync()));
            }

            using (var removed = await editor.SubmitAsync(edit, $"/admin/topics/{id}/articles/{news}/remove"))
            {
                Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
            }

            Assert.Equal([$"{word}通知"], await ListedTitlesAsync($"/topics/{slug}"));
            Assert.True(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Id == news)));
        }
        finally
        {
            await RemoveTopicAsync(id);
        }
    }

    [Fact]
    public async Task TheTopicPageListsOnlyPublishedArticlesNewestFirstTwentyAPage()
    {
        var slug = NewSlug();
        var id = await AddTopicAsync(slug, "分页测试专题", app.Today);
        var ids = new List<int>();
        for (var i = 0; i < 21; i++)
        {
            var day = i;
            ids.Add(await app.AddArticleAsync(ChannelSlugs.News, $"分页专题文章{i:00}", a => a.PublishAt = PortalApplication.LongAgo.AddDays(day)));
        }

        ids.Add(await app.AddArticleAsync(ChannelSlugs.News, "专题里的草稿", a => a.Status = ArticleStatus.Draft));
        ids.Add(await app.AddArticleAsync(ChannelSlugs.News, "专题里已过期的文章", a => a.ExpiresAt = PortalApplication.LongAgo.AddDays(100)));
        await AddToTopicAsync(id, ids);
        try
        {
            var first = await ListedTitlesAsync($"/topics/{slug}");
            Assert.Equal(20, first.Count);
            Assert.Equal("分页专题文章20", first[0]);
            Assert.Equal(["分页专题文章00"], await ListedTitlesAsync($"/topics/{slug}?page=2"));
            Assert.Equal("第 2 页，共 2 页", await TextAsync($"/topics/{slug}?page=2", ".pager span"));
            foreach (var page in new[] { "3", "0", "abc", "02", "1&page=2" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await _public.GetAsync(new Uri($"/topics/{slug}?page={page}", UriKind.Relative))).StatusCode);
            }

            var feed = await _public.GetStringAsync(new Uri($"/topics/{slug}/feed.xml", UriKind.Relative));
            Assert.Contains("<title>专题：分页测试专题 - ", feed, StringComparison.Ordinal);
            Assert.Contains("分页专题文章20", feed, StringComparison.Ordinal);
            Assert.DoesNotContain("专题里的草稿", feed, StringComparison.Ordinal);
            Assert.DoesNotContain("专题里已过期的文章", feed, StringComparison.Ordinal);
            Assert.Contains($"https://www.example.gov.cn/topics/{slug}</loc>", await _public.GetStringAsync(new Uri("/sitemap.xml", UriKind.Relative)), StringComparison.Ordinal);
        }
        finally
        {
            await RemoveTopicAsync(id);
        }
    }

    [Theory]
    [InlineData("/topics/no-such-topic")]
    [InlineData("/topics/No-Such")]
    [InlineData("/topics/x")]
    [InlineData("/topics/no-such-topic/feed.xml")]
    [InlineData("/zh-hant/topics/no-such-topic")]
    [InlineData("/topics/future-topic-404")]
    [InlineData("/topics/future-topic-404/feed.xml")]
    public async Task AnUnknownOrNotYetStartedTopicIsAChinese404(string path)
    {
        if (!await app.WithDbAsync(db => db.Topics.AnyAsync(t => t.Slug == "future-topic-404")))
        {
            await AddTopicAsync("future-topic-404", "尚未开始的专题", app.Today.AddDays(3));
        }

        using var response = await _public.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("尚未开始的专题", await _public.GetStringAsync(new Uri("/topics", UriKind.Relative)), StringComparison.Ordinal);
        if (!path.EndsWith(".xml", StringComparison.Ordinal))
        {
            PublicHtml.AssertElement(await response.Content.ReadAsStringAsync(), "h1", null);
        }
    }

    [Fact]
    public async Task AStaleTopicFormIsRefusedWith409KeepsWhatWasTypedAndChangesNothing()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await AddTopicAsync(NewSlug(), "并发测试专题", app.Today);
        var edit = $"/admin/topics/{id}/edit";
        try
        {
            var form = await editor.GetFormAsync(edit, edit);
            var deleteForm = await editor.GetFormAsync(edit, $"/admin/topics/{id}/delete");
            await app.WithDbAsync(async db =>
            {
                var topic = await db.Topics.SingleAsync(t => t.Id == id);
                topic.Title = "别人改过的标题";
                await db.SaveChangesAsync();
            });
            form["Input.Title"] = "我刚输入的标题";

            using var save = await editor.PostAsync(edit, form);
            using var delete = await editor.PostAsync($"/admin/topics/{id}/delete", deleteForm);

            Assert.Equal(HttpStatusCode.Conflict, save.StatusCode);
            var html = await save.Content.ReadAsStringAsync();
            Assert.Contains(ContentChanges.ConflictMessage, StaffBrowser.Errors(html));
            Assert.Contains("我刚输入的标题", html, StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Conflict, delete.StatusCode);
            Assert.Equal("别人改过的标题", await app.WithDbAsync(db => db.Topics.Where(t => t.Id == id).Select(t => t.Title).SingleAsync()));
        }
        finally
        {
            await RemoveTopicAsync(id);
        }
    }

    [Fact]
    public async Task SavingATopicShowsAtOnceAndDeletingItLeavesItsArticles()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var slug = NewSlug();
        var id = await AddTopicAsync(slug, "改名前的专题", app.Today);
        var article = await app.AddArticleAsync(ChannelSlugs.News, "删除专题后仍在的文章");
        await AddToTopicAsync(id, [article]);
        Assert.Equal("改名前的专题", await TextAsync($"/topics/{slug}", "h1"));

        using var saved = await editor.SubmitAsync($"/admin/topics/{id}/edit", $"/admin/topics/{id}/edit", ("Input.Title", "改名后的专题"));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal("改名后的专题", await TextAsync($"/topics/{slug}", "h1"));

        using var deleted = await editor.SubmitAsync($"/admin/topics/{id}/edit", $"/admin/topics/{id}/delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _public.GetAsync(new Uri($"/topics/{slug}", UriKind.Relative))).StatusCode);
        Assert.True(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Id == article)));
        Assert.Single(await app.AuditEntriesAsync("topics.delete", $"topics:{id}", editor.UserId));
    }

    [Fact]
    public async Task AnEditorPutsAnArticleIntoTopicsFromItsOwnEditPageAndTakesItOutAgainAuditedWithTheTopicPagesFollowingAtOnce()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var (first, second) = (NewSlug(), NewSlug());
        var firstId = await AddTopicAsync(first, "文章页加入的第一个专题", app.Today);
        var secondId = await AddTopicAsync(second, "文章页加入的第二个专题", app.Today);
        var title = $"从文章页加入专题{Guid.NewGuid():N}"[..16];
        // The editor's own: an editor edits only those.
        var article = await app.AddArticleAsync(ChannelSlugs.News, title, a => a.CreatedById = editor.UserId);
        var edit = $"/admin/articles/{article}/edit";
        var add = $"/admin/articles/{article}/topics";
        try
        {
            // Read first, so the pages below must come from an evicted cache.
            Assert.Empty(await ListedTitlesAsync($"/topics/{first}"));
            Assert.Contains("这篇文章还不在任何专题中。", await editor.GetPageAsync(edit), StringComparison.Ordinal);

            foreach (var topic in new[] { firstId, secondId })
            {
                using var added = await editor.SubmitAsync(edit, add, ("TopicId", topic.ToString(CultureInfo.InvariantCulture)));
                Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
                Assert.Equal(edit, added.Headers.Location?.OriginalString);
            }

            Assert.Equal([title], await ListedTitlesAsync($"/topics/{first}"));
            Assert.Equal([title], await ListedTitlesAsync($"/topics/{second}"));
            var listed = new HtmlParser().ParseDocument(await editor.GetPageAsync(edit)).QuerySelector("#article-topics")?.TextContent ?? string.Empty;
            Assert.Contains("文章页加入的第一个专题", listed, StringComparison.Ordinal);
            Assert.Contains("文章页加入的第二个专题", listed, StringComparison.Ordinal);
            Assert.Equal(2, (await app.AuditEntriesAsync("articles.addtotopic", $"articles:{article}", editor.UserId)).Count(e => e.Result == "成功"));

            using (var again = await editor.PostWithTokenAsync(edit, add, ("TopicId", firstId.ToString(CultureInfo.InvariantCulture))))
            {
                Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
                Assert.Equal(["这篇文章已在专题“文章页加入的第一个专题”中。"], StaffBrowser.Errors(await again.Content.ReadAsStringAsync()));
            }

            using (var removed = await editor.SubmitAsync(edit, $"/admin/articles/{article}/topics/{firstId}/remove"))
            {
                Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
            }

            Assert.Empty(await ListedTitlesAsync($"/topics/{first}"));
            Assert.Equal([title], await ListedTitlesAsync($"/topics/{second}"));
            Assert.Single(await app.AuditEntriesAsync("articles.removefromtopic", $"articles:{article}", editor.UserId), e => e.Result == "成功");
            Assert.True(await app.WithDbAsync(db => db.Articles.AnyAsync(a => a.Id == article)));

            using var gone = await editor.PostWithTokenAsync(edit, $"/admin/articles/{article}/topics/{firstId}/remove");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            await RemoveTopicAsync(firstId);
            await RemoveTopicAsync(secondId);
        }
    }

    [Fact]
    public async Task AnEditorCannotPutSomeoneElsesDraftIntoATopicFromTheArticleSide()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var writer = await app.CreateStaffAsync(Roles.Editor);
        var topicId = await AddTopicAsync(NewSlug(), "他人草稿不能加入的专题", app.Today);
        var draft = await app.AddArticleAsync(ChannelSlugs.News, "他人的草稿", a =>
        {
            a.CreatedById = writer.Id;
            a.Status = ArticleStatus.Draft;
        });
        try
        {
            using var refused = await editor.PostWithTokenAsync("/admin/articles", $"/admin/articles/{draft}/topics", ("TopicId", topicId.ToString(CultureInfo.InvariantCulture)));

            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
            Assert.False(await app.WithDbAsync(db => db.TopicArticles.AnyAsync(x => x.TopicId == topicId)));
        }
        finally
        {
            await RemoveTopicAsync(topicId);
        }
    }

    [Fact]
    public async Task ATopicIsFoundBySearchInBothScriptsAtItsOwnAddressAndSearchFollowsItsEditAndDeletionAtOnce()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var slug = NewSlug();
        var link = $"<h2><a href=\"/topics/{slug}\">";
        // Read first, so the answers below must come from an evicted cache and an updated index.
        Assert.DoesNotContain(link, await SearchAsync("/search", "琥珀湾"), StringComparison.Ordinal);

        using var created = await editor.SubmitAsync("/admin/topics/new", "/admin/topics/new",
            TopicFields(slug, "琥珀湾职工疗休养专题", app.Today, null, "本专题介绍翡翠谷疗休养基地的安排。"));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var id = await TopicIdAsync(slug);
        try
        {
            var found = await SearchAsync("/search", "琥珀湾");
            Assert.Contains(link + "<mark>琥珀湾</mark>职工疗休养专题</a></h2>", found, StringComparison.Ordinal);
            PublicHtml.AssertElement(found, "span", "专题");
            Assert.Contains(link, await SearchAsync("/search", "翡翠谷"), StringComparison.Ordinal);
            var hit = PublicHtml.One(await SearchAsync("/zh-hant/search", "琥珀灣"), $"h2 > a[href='/zh-hant/topics/{slug}']");
            Assert.Equal(("琥珀灣", "琥珀灣職工療休養專題"), (hit.QuerySelector("mark")?.TextContent, hit.TextContent));

            using (var saved = await editor.SubmitAsync($"/admin/topics/{id}/edit", $"/admin/topics/{id}/edit", ("Input.Title", "玛瑙滩职工疗休养专题")))
            {
                Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            }

            Assert.DoesNotContain(link, await SearchAsync("/search", "琥珀湾"), StringComparison.Ordinal);
            Assert.Contains(link, await SearchAsync("/search", "玛瑙滩"), StringComparison.Ordinal);

            using (var deleted = await editor.SubmitAsync($"/admin/topics/{id}/edit", $"/admin/topics/{id}/delete"))
            {
                Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
            }

            Assert.DoesNotContain(link, await SearchAsync("/search", "玛瑙滩"), StringComparison.Ordinal);
            Assert.DoesNotContain(link, await SearchAsync("/search", "翡翠谷"), StringComparison.Ordinal);
        }
        finally
        {
            await RemoveTopicAsync(id);
        }
    }

    [Fact]
    public async Task AnArchivedTopicIsStillFoundBySearchButOneNotYetStartedIsNot()
    {
        var archived = NewSlug();
        var future = NewSlug();
        var archivedId = await AddTopicAsync(archived, "珊瑚礁往期专题", app.Today.AddDays(-30), app.Today.AddDays(-1));
        var futureId = await AddTopicAsync(future, "珊瑚礁未来专题", app.Today.AddDays(1));
        try
        {
            var html = await SearchAsync("/search", "珊瑚礁");

            Assert.NotEmpty(PublicHtml.All(html, $"h2 > a[href='/topics/{archived}']"));
            Assert.DoesNotContain($"/topics/{future}", html, StringComparison.Ordinal);
        }
        finally
        {
            await RemoveTopicAsync(archivedId);
            await RemoveTopicAsync(futureId);
        }
    }

    [Fact]
    public async Task ATopicBecomesSearchableAtBeijingMidnightOnItsStartDateWithoutAnEdit()
    {
        var beijingNow = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var midnight = new DateTimeOffset(beijingNow.Date.AddDays(1), TimeSpan.FromHours(8));
        await using var site = new PortalApplication { Clock = new FakeTimeProvider(midnight.AddMinutes(-1)) };
        using var client = site.CreatePublicClient();
        await site.WithDbAsync(async db =>
        {
            db.Topics.Add(new Topic { Slug = "tomorrow-topic", Title = "明日开始的砗磲专题", BodyMarkdown = "介绍。", StartsOn = site.Today.AddDays(1), CreatedAt = site.UtcNow, UpdatedAt = site.UtcNow });
            await db.SaveChangesAsync();
        });
        await site.Services.GetRequiredService<PublicCache>().ChangedAsync(new ContentChangeSet(new HashSet<int>(), new HashSet<string>(), new HashSet<string>(), false) { Topics = true });
        var search = new Uri($"/search?q={Uri.EscapeDataString("砗磲")}", UriKind.Relative);
        Assert.DoesNotContain("/topics/tomorrow-topic", await client.GetStringAsync(search), StringComparison.Ordinal);

        await site.AdvanceAsync(TimeSpan.FromMinutes(2));

        Assert.NotEmpty(PublicHtml.All(await client.GetStringAsync(search), "h2 > a[href='/topics/tomorrow-topic']"));
    }

    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Reviewer)]
    public async Task StaffWithoutTheWritingRoleCannotOpenOrChangeTopics(string role)
    {
        using var staff = await app.SignInAsNewAsync(role);
        var id = await AddTopicAsync(NewSlug(), "无权修改的专题", app.Today);
        try
        {
            var token = await staff.GetAntiforgeryTokenAsync("/admin/account/password");
            using var list = await staff.GetAsync("/admin/topics");
            using var delete = await staff.PostAsync($"/admin/topics/{id}/delete", (StaffBrowser.AntiforgeryField, token), ("Version", await VersionAsync(id)));

            Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
            Assert.True(await app.WithDbAsync(db => db.Topics.AnyAsync(t => t.Id == id)));
        }
        finally
        {
            await RemoveTopicAsync(id);
        }
    }

    private static string NewSlug() => $"t-{Guid.NewGuid():N}"[..20];

    private static (string, string)[] TopicFields(string slug, string title, DateOnly startsOn, DateOnly? endsOn, string body = "专题**介绍**。") =>
    [
        ("Input.Title", title),
        ("Input.Slug", slug),
        ("Input.StartsOn", startsOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        ("Input.EndsOn", endsOn?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty),
        ("Input.BodyMarkdown", body),
    ];

    private Task<int> TopicIdAsync(string slug) => app.WithDbAsync(db => db.Topics.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    private Task<string> VersionAsync(int id) => app.WithDbAsync(async db => (await db.Topics.Where(t => t.Id == id).Select(t => t.Version).SingleAsync()).ToString());

    private async Task<int> AddTopicAsync(string slug, string title, DateOnly startsOn, DateOnly? endsOn = null)
    {
        var id = await app.WithDbAsync(async db =>
        {
            var topic = new Topic { Slug = slug, Title = title, BodyMarkdown = $"{title}的介绍。", StartsOn = startsOn, EndsOn = endsOn, CreatedAt = app.UtcNow, UpdatedAt = app.UtcNow };
            db.Topics.Add(topic);
            await db.SaveChangesAsync();
            return topic.Id;
        });
        await TopicsChangedAsync();
        return id;
    }

    private async Task AddToTopicAsync(int id, IEnumerable<int> articleIds)
    {
        await app.WithDbAsync(async db =>
        {
            db.TopicArticles.AddRange(articleIds.Select(a => new TopicArticle { TopicId = id, ArticleId = a, AddedAt = app.UtcNow }));
            await db.SaveChangesAsync();
        });
        await TopicsChangedAsync();
    }

    /// <summary>Leaves the home page's 专题 block as other tests expect it.</summary>
    private async Task RemoveTopicAsync(int id)
    {
        await app.WithDbAsync(db => db.Topics.Where(t => t.Id == id).ExecuteDeleteAsync());
        await TopicsChangedAsync();
    }

    private Task TopicsChangedAsync() =>
        app.Services.GetRequiredService<PublicCache>().ChangedAsync(new ContentChangeSet(new HashSet<int>(), new HashSet<string>(), new HashSet<string>(), false) { Topics = true });

    private async Task<string> SearchAsync(string path, string query)
    {
        using var response = await _public.GetAsync(new Uri($"{path}?q={Uri.EscapeDataString(query)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task Cached(string path) => await _public.GetStringAsync(new Uri(path, UriKind.Relative));

    private async Task<string> TextAsync(string path, string selector)
    {
        var document = new HtmlParser().ParseDocument(await _public.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.QuerySelector(selector)?.TextContent.Trim() ?? string.Empty;
    }

    private async Task<List<string>> ListedTitlesAsync(string path)
    {
        var document = new HtmlParser().ParseDocument(await _public.GetStringAsync(new Uri(path, UriKind.Relative)));
        return [.. document.QuerySelectorAll("#topic-articles-title ~ .article-list li a").Select(a => a.TextContent.Trim())];
    }
}
