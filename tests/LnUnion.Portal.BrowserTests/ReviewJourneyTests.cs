using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>Review as the reviewer and the writer see it in a browser: the whole proposed article with its comparison, and taking a submission back.</summary>
[Collection(BrowserTests.Name)]
public sealed partial class ReviewJourneyTests(BrowserFixture site)
{
    [Fact]
    public async Task AReviewerSeesEveryFieldOfAChangeToAPublishedArticleAndWhatChangedInCompactLines()
    {
        var writer = await site.App.CreateStaffAsync(Roles.Editor);
        var title = $"待审修改的文章 {Unique()}";
        var id = await site.App.AddArticleAsync(ChannelSlugs.News, title, article =>
        {
            article.CreatedById = writer.Id;
            article.Author = "宣教部";
            article.Source = "辽宁省总工会";
            article.Summary = "原来的摘要。";
            article.BodyMarkdown = "会议于3月5日召开。\n\n第二段不变。";
        });
        await site.App.AddPendingChangeAsync(
            id,
            new ArticleRevision
            {
                Title = title,
                Summary = "修改后的摘要。",
                BodyMarkdown = "会议于3月6日召开。\n\n第二段不变。",
                Author = "办公室",
                Source = "辽宁省总工会",
                CreatedAt = DateTime.UtcNow,
                CreatedById = writer.Id,
                Note = "修改",
            },
            writer.Id);
        var reviewer = await site.SignedInPageAsync(Roles.Reviewer);
        try
        {
            await reviewer.GotoAsync($"/admin/articles/{id}");

            var changes = reviewer.Locator("section[aria-labelledby=changes-title]");
            await Expect(changes.GetByRole(AriaRole.Heading, new() { Name = "作者" })).ToBeVisibleAsync();
            await Expect(changes.GetByRole(AriaRole.Heading, new() { Name = "摘要" })).ToBeVisibleAsync();
            await Expect(changes.Locator("del.diff-del", new() { HasText = "宣教部" })).ToBeVisibleAsync();
            await Expect(changes.Locator("ins.diff-ins", new() { HasText = "办公室" })).ToBeVisibleAsync();
            await Expect(changes.GetByRole(AriaRole.Heading, new() { Name = "来源" })).ToHaveCountAsync(0);

            // In the body only the changed digit is marked, and its two lines sit as close as lines of text do.
            var body = changes.Locator(".diff").Last;
            await Expect(body.Locator("del.diff-del")).ToHaveTextAsync("删除：5");
            await Expect(body.Locator("ins.diff-ins")).ToHaveTextAsync("新增：6");
            var lines = await body.Locator(".diff-line").AllAsync();
            Assert.Equal(3, lines.Count);
            foreach (var line in lines)
            {
                var box = await line.BoundingBoxAsync();
                Assert.True(box is { Height: < 40 }, $"A diff line is {box?.Height} px high.");
            }

            var shown = reviewer.Locator("section[aria-labelledby=preview-title]");
            foreach (var text in new[] { "工会要闻", "办公室", "辽宁省总工会", "修改后的摘要。", "会议于3月6日召开。" })
            {
                await Expect(shown.GetByText(text, new() { Exact = true })).ToBeVisibleAsync();
            }

            await Expect(reviewer.GetByRole(AriaRole.Button, new() { Name = "通过并发布" })).ToBeVisibleAsync();
            site.AssertNothingUnexpected(reviewer);
        }
        finally
        {
            await reviewer.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task AnEditorWithdrawsTheirSubmissionAndEditsItAgain()
    {
        var editor = await site.SignedInPageAsync(Roles.Editor);
        var title = $"想撤回的稿件 {Unique()}";
        try
        {
            await editor.GotoAsync("/admin/articles/new");
            await editor.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true }).FillAsync(title);
            await editor.GetByRole(AriaRole.Combobox, new() { Name = "栏目", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "工会要闻" });
            await editor.GetByRole(AriaRole.Toolbar, new() { Name = "正文：编辑工具" }).GetByRole(AriaRole.Button, new() { Name = "Markdown 源码" }).ClickAsync();
            await editor.Locator(".CodeMirror").ClickAsync();
            await editor.Keyboard.TypeAsync("初稿正文。");
            await editor.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
            await Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("文章已保存为草稿");
            var id = int.Parse(ArticleUrl().Match(editor.Url).Groups["id"].Value, CultureInfo.InvariantCulture);
            await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
            await Expect(editor.GetByText("状态：审核中")).ToBeVisibleAsync();
            await Expect(editor.GetByRole(AriaRole.Link, new() { Name = "修改", Exact = true })).ToHaveCountAsync(0);

            // Opening the editor by its address leads back to the article, which says what to do.
            await editor.GotoAsync($"/admin/articles/{id}/edit");
            await Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("请先点击“撤回提交”");

            await editor.GetByRole(AriaRole.Button, new() { Name = "撤回提交" }).ClickAsync();
            await Expect(editor.GetByRole(AriaRole.Status)).ToContainTextAsync("已撤回提交");
            await Expect(editor.GetByText("状态：草稿")).ToBeVisibleAsync();

            await editor.GetByRole(AriaRole.Link, new() { Name = "修改", Exact = true }).ClickAsync();
            await Expect(editor.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true })).ToHaveValueAsync(title);
            site.AssertNothingUnexpected(editor);
        }
        finally
        {
            await editor.Context.CloseAsync();
        }
    }

    private static string Unique() => Convert.ToHexString(RandomNumberGenerator.GetBytes(3)).ToLowerInvariant();

    [GeneratedRegex("/admin/articles/(?<id>[0-9]+)")]
    private static partial Regex ArticleUrl();
}
