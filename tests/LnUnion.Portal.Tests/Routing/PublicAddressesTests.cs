using System.Net;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Routing;
using LnUnion.Portal.Tests.Admin;
using LnUnion.Portal.Topics;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LnUnion.Portal.Tests.Routing;

[Collection(PortalTests.Name)]
public sealed class PublicAddressesTests(PortalApplication app)
{
    private readonly HttpClient _public = app.CreatePublicClient();

    [Fact]
    public async Task EveryLinkTheTableBuildsAnswersInBothScripts()
    {
        var articleId = await app.WithDbAsync(db => db.Articles.VisibleToPublic(app.UtcNow).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());
        var topicSlug = $"addr-{Guid.NewGuid():N}"[..20];
        await app.WithDbAsync(async db =>
        {
            db.Topics.Add(new Topic { Slug = topicSlug, Title = "地址表专题", BodyMarkdown = "介绍。", StartsOn = app.Today, CreatedAt = app.UtcNow, UpdatedAt = app.UtcNow });
            await db.SaveChangesAsync();
        });
        await app.Services.GetRequiredService<PublicCache>().ChangedAsync(
            new ContentChangeSet(new HashSet<int>(), new HashSet<string>(), new HashSet<string>(), false) { Topics = true });

        string[] pages =
        [
            PublicAddresses.Home, PublicAddresses.About, PublicAddresses.Responsibilities, PublicAddresses.OrganisationUnits,
            PublicAddresses.Leaders, PublicAddresses.Contact, PublicAddresses.Search, PublicAddresses.Topics, PublicAddresses.Mailbox,
            PublicAddresses.MailboxQuery, PublicAddresses.MailboxReplies, PublicAddresses.MailboxStatistics, PublicAddresses.Services,
            PublicAddresses.SiteMap, PublicAddresses.Accessibility, PublicAddresses.Feed, PublicAddresses.SitemapXml, PublicAddresses.Robots,
            PublicAddresses.Article(articleId), PublicAddresses.Channel(ChannelSlugs.News), PublicAddresses.ChannelFeed(ChannelSlugs.News),
            PublicAddresses.WithPage(PublicAddresses.Channel(ChannelSlugs.News), 1), PublicAddresses.Topic(topicSlug),
            PublicAddresses.TopicFeed(topicSlug), PublicAddresses.MailboxWithType(null),
            .. PublicAddresses.StandingPages.Select(p => p.Path),
        ];

        foreach (var path in pages)
        {
            Assert.Equal((path, HttpStatusCode.OK), (path, (await _public.GetAsync(new Uri(path, UriKind.Relative))).StatusCode));
            var traditional = PublicAddresses.Traditional(path);
            Assert.Equal((traditional, HttpStatusCode.OK), (traditional, (await _public.GetAsync(new Uri(traditional, UriKind.Relative))).StatusCode));
        }

        await app.WithDbAsync(db => db.Topics.Where(t => t.Slug == topicSlug).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task TheViewCountAddressAnswersForAVisibleArticle()
    {
        var articleId = await app.WithDbAsync(db => db.Articles.VisibleToPublic(app.UtcNow).OrderBy(a => a.Id).Select(a => a.Id).FirstAsync());

        using var response = await _public.GetAsync(new Uri(PublicAddresses.ArticleHit(articleId), UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void EveryRouteTheAppServesBeginsWithAReservedSlugOrCannotBeAChannel()
    {
        var templates = app.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText ?? string.Empty)
            .Where(t => t != PublicAddresses.Routes.Channel)
            .ToList();

        Assert.NotEmpty(templates);
        var unreserved = templates
            .Select(t => t.TrimStart('/').Split('/')[0])
            .Where(first => PublicAddresses.IsSlug(first) && !PublicAddresses.ReservedSlugs.Contains(first))
            .Distinct()
            .ToList();
        Assert.Empty(unreserved);
    }

    [Fact]
    public void ThePathsThatAreNoPageAreReservedAndHaveNoTraditionalCopy()
    {
        foreach (var slug in new[] { "admin", "media", "css", "js", "lib", "healthz", "zh-hant", "error" })
        {
            Assert.Contains(slug, (IReadOnlySet<string>)PublicAddresses.ReservedSlugs);
        }

        Assert.False(PublicAddresses.IsPage(PublicAddresses.Admin + "/articles"));
        Assert.True(PublicAddresses.IsPage(PublicAddresses.Article(1)));
        Assert.Equal("/zh-hant/", PublicAddresses.Traditional(PublicAddresses.Home));
        Assert.Equal("/zh-hant/?q=1", PublicAddresses.Traditional("/?q=1"));
        Assert.Equal("/zh-hant/topics", PublicAddresses.Traditional(PublicAddresses.Topics));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("a-1")]
    [InlineData("a-slug-exactly-fifty-characters-long-for-the-limit")]
    public async Task ASlugTheChannelFormAcceptsIsOneThePublicChannelRouteServes(string slug)
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);

        using var response = await admin.PostWithTokenAsync("/admin/channels/new", "/admin/channels/new", ChannelFields(slug));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.True(PublicAddresses.IsSlug(slug));
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync(new Uri(PublicAddresses.Channel(slug), UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _public.GetAsync(new Uri(PublicAddresses.ChannelFeed(slug), UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task NoReservedSlugCanBeTakenByAChannel()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);

        foreach (var slug in PublicAddresses.ReservedSlugs)
        {
            using var response = await admin.PostWithTokenAsync("/admin/channels/new", "/admin/channels/new", ChannelFields(slug));

            Assert.Contains($"“{slug}”是网站保留的网址", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var taken = PublicAddresses.ReservedSlugs.ToList();
        Assert.False(await app.WithDbAsync(db => db.Channels.AnyAsync(c => taken.Contains(c.Slug))));
    }

    private static (string, string)[] ChannelFields(string slug) =>
    [
        ("Input.Slug", slug),
        ("Input.Name", "地址表栏目" + slug),
        ("Input.SortOrder", "90"),
        ("Input.ShowInNavigation", "false"),
        ("Input.ReviewLevels", "1"),
        ("Input.Kind", "News"),
    ];
}
