using System.Net;
using LnUnion.Portal.Data;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Tests;

[Collection(PortalTests.Name)]
public sealed class PublicPagesTests(PortalApplication app)
{
    private readonly HttpClient _client = app.CreatePublicClient();

    [Theory]
    [InlineData("/")]
    [InlineData("/news")]
    [InlineData("/notices")]
    [InlineData("/inspection")]
    [InlineData("/campaigns")]
    [InlineData("/articles/1")]
    [InlineData("/about")]
    [InlineData("/about/responsibilities")]
    [InlineData("/contact")]
    [InlineData("/accessibility")]
    public async Task EveryPublicPageShowsTheFooterAndServiceAccounts(string path)
    {
        var html = await GetHtmlAsync(path);

        Assert.Equal(("zh-CN", null), PublicHtml.Root(html));
        PublicHtml.AssertLink(html, "跳到主要内容", "class=skip-link", "href=#main");
        PublicHtml.AssertElementHas(html, "main", "id=main");
        Assert.Contains("版权所有：辽宁省总工会", html, StringComparison.Ordinal);
        Assert.Contains("地址：沈阳市沈河区北站路118号", html, StringComparison.Ordinal);
        Assert.Contains("邮编：110832", html, StringComparison.Ordinal);
        Assert.Contains("22581001", html, StringComparison.Ordinal);
        Assert.Contains("Copyright © 2018 Liaoning Provincial Federation of Trade Unions. All rights reserved.", html, StringComparison.Ordinal);
        Assert.Contains("辽工服务小程序", html, StringComparison.Ordinal);
        Assert.Contains("工会就业服务号", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChineseTextIsWrittenAsCharactersNotEntities()
    {
        var html = await GetHtmlAsync("/");

        Assert.DoesNotContain("&#x", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HomePageShowsTheSeededNewsInspectionNoticeAndIntroduction()
    {
        var html = await GetHtmlAsync("/");

        PublicHtml.AssertElement(html, "title", "辽宁省总工会");
        Assert.Contains(SeedContent.CampaignTitle, html, StringComparison.Ordinal);
        Assert.Contains(SeedContent.InspectionTitle, html, StringComparison.Ordinal);
        Assert.Contains("[详情]", html, StringComparison.Ordinal);
        Assert.Contains("辽宁省总工会是辽宁省工会组织的领导机关", html, StringComparison.Ordinal);
        foreach (var channel in new[] { "工会要闻", "通知公告", "巡视工作", "专项行动" })
        {
            Assert.Contains(channel, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ChannelPageListsItsPublishedArticles()
    {
        var html = await GetHtmlAsync("/campaigns");

        PublicHtml.AssertElement(html, "h1", "专项行动");
        Assert.Contains(SeedContent.CampaignTitle, html, StringComparison.Ordinal);
        Assert.DoesNotContain(SeedContent.InspectionTitle, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EmptyChannelSaysSoInsteadOfFailing()
    {
        var html = await GetHtmlAsync("/news");

        PublicHtml.AssertElement(html, "h1", "工会要闻");
    }

    [Fact]
    public async Task ArticlePageShowsTitleMetaLineAndBody()
    {
        var id = await app.WithDbAsync(db => Task.FromResult(db.Articles.Single(a => a.Title == SeedContent.CampaignTitle).Id));

        var html = await GetHtmlAsync($"/articles/{id}");

        PublicHtml.AssertElement(html, "h1", SeedContent.CampaignTitle);
        Assert.Contains("发布时间：", html, StringComparison.Ordinal);
        Assert.Contains("浏览次数：", html, StringComparison.Ordinal);
        Assert.Contains("在大连市，专项行动小组来到位于金普新区的大众汽车自动变速器（大连）有限公司", html, StringComparison.Ordinal);
        Assert.Contains("为辽宁全面振兴新突破作出新的贡献。", html, StringComparison.Ordinal);
        Assert.Equal($"https://www.example.gov.cn/articles/{id}", PublicHtml.Link(html, "canonical"));
    }

    [Fact]
    public async Task InspectionNoticeShowsItsTeamInTheInspectionBox()
    {
        var id = await app.WithDbAsync(db => Task.FromResult(db.Articles.Single(a => a.Title == SeedContent.InspectionTitle).Id));

        var html = await GetHtmlAsync($"/articles/{id}");

        PublicHtml.AssertElementHas(html, "*", "class=notice-box");
        PublicHtml.AssertTerm(html, "巡视组", "省委第一巡视组");
        Assert.Contains("根据省委关于巡视工作的统一部署", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InspectionNoticeIsMarkedOpenOrClosedByItsAcceptancePeriod()
    {
        var channel = await app.AddChannelAsync("inspection-dates");
        var today = app.Today;
        var open = await app.AddArticleAsync(channel, "省委第二巡视组进驻公告", a => a.Inspection = new InspectionDetails
        {
            Team = "省委第二巡视组",
            AcceptFrom = today.AddDays(-3),
            AcceptTo = today.AddDays(10),
            Hotline = "024-12345678",
            PostalBox = "沈阳市A001信箱",
            Email = "xunshi@example.cn",
        });
        var closed = await app.AddArticleAsync(channel, "省委第三巡视组进驻公告", a => a.Inspection = new InspectionDetails
        {
            Team = "省委第三巡视组",
            AcceptFrom = today.AddDays(-40),
            AcceptTo = today.AddDays(-10),
        });

        var openHtml = await GetHtmlAsync($"/articles/{open}");
        var closedHtml = await GetHtmlAsync($"/articles/{closed}");

        PublicHtml.AssertElement(openHtml, "span", "受理中", "class=status open");
        Assert.Contains("024-12345678", openHtml, StringComparison.Ordinal);
        Assert.Contains("沈阳市A001信箱", openHtml, StringComparison.Ordinal);
        Assert.Contains("mailto:xunshi@example.cn", openHtml, StringComparison.Ordinal);
        PublicHtml.AssertElement(closedHtml, "span", "已结束", "class=status closed");
        Assert.DoesNotContain("status open", closedHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AboutPageShowsTheIntroductionAndLinksToResponsibilities()
    {
        var html = await GetHtmlAsync("/about");

        PublicHtml.AssertElement(html, "h1", "机构简介");
        Assert.Contains(SeedContent.Introduction, html, StringComparison.Ordinal);
        PublicHtml.AssertElementHas(html, "*", "href=/about/responsibilities");
    }

    [Fact]
    public async Task ResponsibilitiesPageEndsWhereTheSnapshotIsCutOff()
    {
        var html = await GetHtmlAsync("/about/responsibilities");

        PublicHtml.AssertElement(html, "h1", "主要职责");
        Assert.Contains("辽宁省总工会的主要职责是：", html, StringComparison.Ordinal);
        PublicHtml.AssertElement(html, "p", "1、组织和指导各级工会贯彻落实党和国家关于……");
    }

    [Fact]
    public async Task ContactPageShowsTheSiteSettings()
    {
        var html = await GetHtmlAsync("/contact");

        PublicHtml.AssertElement(html, "h1", "联系我们");
        PublicHtml.AssertTerm(html, "地址", "沈阳市沈河区北站路118号");
        PublicHtml.AssertTerm(html, "邮编", "110832");
        PublicHtml.AssertLink(html, "22581001", "href=tel:22581001");
    }

    [Fact]
    public async Task NavigationMarksTheCurrentChannel()
    {
        var html = await GetHtmlAsync("/campaigns");

        PublicHtml.AssertLink(html, "专项行动", "href=/campaigns", "aria-current=page");
        PublicHtml.AssertLink(html, "工会要闻", "href=/news");
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/campaigns")]
    [InlineData("/articles/1")]
    [InlineData("/about")]
    [InlineData("/accessibility")]
    [InlineData("/zh-hant/accessibility")]
    public async Task PublicPagesAnswerHeadRequests(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Head, path);

        var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task HomePageGivesEachSeededChannelItsSection()
    {
        var html = await GetHtmlAsync("/");

        var inspection = html.IndexOf("<h2 id=\"inspection-title\">", StringComparison.Ordinal);
        var campaigns = html.IndexOf("<h2 id=\"campaigns-title\">", StringComparison.Ordinal);
        Assert.True(inspection > 0 && campaigns > inspection);
        Assert.Contains(SeedContent.InspectionTitle, html[inspection..campaigns], StringComparison.Ordinal);
        Assert.Contains(SeedContent.CampaignTitle, html[campaigns..], StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, SeedContent.InspectionTitle + "</a>"));
    }

    [Fact]
    public async Task ChannelAddressInCapitalsRedirectsToTheLowerCaseOne()
    {
        // Even once the lower-case page is cached, the capitalised address must not be answered from that entry.
        await _client.GetAsync(new Uri("/campaigns?page=1", UriKind.Relative));

        var response = await _client.GetAsync(new Uri("/Campaigns?page=1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/campaigns?page=1", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task CanonicalLinkIgnoresAForgedHostHeader()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/contact");
        request.Headers.Host = "evil.example";

        var html = await (await _client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Equal("https://www.example.gov.cn/contact", PublicHtml.Link(html, "canonical"));
        Assert.DoesNotContain("evil.example", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("www.example.gov.cn")]
    public void OutsideDevelopmentTheSiteRefusesToStartWithoutItsPublicAddress(string baseUrl)
    {
        // Without it, canonical links, feeds, the sitemap and robots.txt would repeat a forged Host header.
        using var node = app.WithWebHostBuilder(builder => builder.UseSetting("Site:BaseUrl", baseUrl));

        var error = Assert.ThrowsAny<Exception>(() => node.CreateClient());

        var refusal = Assert.IsType<OptionsValidationException>(error is OptionsValidationException ? error : error.InnerException ?? error);
        Assert.Contains("Site:BaseUrl", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthEndpointReportsTheDatabaseHealthy()
    {
        var response = await _client.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ResponsesCarryTheSecurityHeaders()
    {
        var response = await _client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    private async Task<string> GetHtmlAsync(string path)
    {
        var response = await _client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }
}
