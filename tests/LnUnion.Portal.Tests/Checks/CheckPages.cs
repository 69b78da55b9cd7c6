using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Checks;

/// <summary>A finding as the panel beside the editor shows it.</summary>
public sealed record ShownFinding(string Kind, string Severity, string Place, string Found, string Text, string? Suggestion);

/// <summary>Writing articles through the real forms and reading the 发布前检查 panel the editor sees.</summary>
public static partial class CheckPages
{
    public static async Task<int> CreateArticleAsync(this PortalApplication app, StaffBrowser editor, string title, string body, string? summary = null,
        params (string Field, string FileName, byte[] Content)[] files)
    {
        var channelId = await app.WithDbAsync(async db => (await db.Channels.SingleAsync(c => c.Slug == "news")).Id.ToString(CultureInfo.InvariantCulture));
        var response = await editor.PostMultipartWithTokenAsync("/admin/articles/new", "/admin/articles/new",
            [("Input.ChannelId", channelId), ("Input.Title", title), ("Input.Summary", summary ?? string.Empty), ("Input.BodyMarkdown", body)],
            files);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return int.Parse(ArticleId().Match(response.Headers.Location!.OriginalString).Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>The findings the edit page shows for the saved article.</summary>
    public static async Task<IReadOnlyList<ShownFinding>> FindingsAsync(StaffBrowser editor, int id) =>
        Findings(await editor.GetPageAsync($"/admin/articles/{id}/edit"));

    public static IReadOnlyList<ShownFinding> Findings(string html)
    {
        using var document = new HtmlParser().ParseDocument(html);
        Assert.NotNull(document.QuerySelector("#findings"));
        return [.. document.QuerySelectorAll("#findings li.finding").Select(li => new ShownFinding(
            li.GetAttribute("data-kind")!,
            li.QuerySelector(".badge")!.TextContent.Trim(),
            li.QuerySelector(".finding-place")!.TextContent.Trim(),
            li.QuerySelector(".finding-found")!.TextContent.Trim(),
            li.TextContent,
            li.QuerySelector(".finding-suggestion")?.TextContent.Trim()))];
    }

    public static async Task<IReadOnlyList<ShownFinding>> FindingsOfAsync(this PortalApplication app, StaffBrowser editor, string body, string title = "检查用的文章")
        => await FindingsAsync(editor, await app.CreateArticleAsync(editor, title, body));

    [GeneratedRegex("/admin/articles/([0-9]+)")]
    private static partial Regex ArticleId();
}
