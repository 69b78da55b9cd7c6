using System.Globalization;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Admin;

[Collection(PortalTests.Name)]
public sealed class ArticleListPagerTests(PortalApplication app)
{
    private const int PageSize = 30;
    private const int Pages = 40;

    [Fact]
    public async Task AnArticleListOfManyPagesLinksOnlyAWindowOfPagesWithTheFirstAndTheLast()
    {
        var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var channel = await app.AddChannelAsync("pager-many");
        var channelId = await app.WithDbAsync(async db =>
        {
            var id = await db.Channels.Where(c => c.Slug == channel).Select(c => c.Id).SingleAsync();
            db.Articles.AddRange(Enumerable.Range(0, Pages * PageSize).Select(i => PortalApplication.PublishedArticle(id, $"分页窗口{i:0000}")));
            await db.SaveChangesAsync();
            return id;
        });

        var html = await admin.GetPageAsync($"/admin/articles?channelId={channelId}&page=20");
        var pager = new HtmlParser().ParseDocument(html).QuerySelector("nav[aria-label='分页']");

        Assert.NotNull(pager);
        var links = pager.QuerySelectorAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.True(links.Count <= 11, string.Join(" ", links));
        Assert.Equal(["上一页", "1", "18", "19", "20", "21", "22", Pages.ToString(CultureInfo.InvariantCulture), "下一页"], links);
        Assert.Equal("20", pager.QuerySelector("[aria-current=page]")?.TextContent.Trim());
        Assert.Contains($"page={Pages}", pager.QuerySelectorAll("a").Single(a => a.TextContent.Trim() == Pages.ToString(CultureInfo.InvariantCulture)).GetAttribute("href"), StringComparison.Ordinal);
        Assert.Contains($"第 20 / {Pages} 页", pager.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1, "1")]
    [InlineData(1, 3, "1 2 3")]
    [InlineData(1, 9, "1 2 3 … 9")]
    [InlineData(4, 9, "1 2 3 4 5 6 … 9")]
    [InlineData(5, 9, "1 2 3 4 5 6 7 8 9")]
    [InlineData(9, 9, "1 … 7 8 9")]
    [InlineData(1667, 3334, "1 … 1665 1666 1667 1668 1669 … 3334")]
    public void ThePagerPrintsTheFirstTheLastAndTwoEitherSideOfTheCurrentPage(int page, int pageCount, string expected) =>
        Assert.Equal(expected, string.Join(" ", Areas.Admin.Models.PagerModel.Window(page, pageCount).Select(n => n?.ToString(CultureInfo.InvariantCulture) ?? "…")));
}
