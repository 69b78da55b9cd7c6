using System.Globalization;
using System.Text.RegularExpressions;
using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>The 发布前检查 as an editor meets it: the findings beside the editor after saving, and 打码 in one click.</summary>
[Collection(BrowserTests.Name)]
public sealed partial class ContentCheckTests(BrowserFixture site)
{
    private const string Mobile = "13912345678";

    [Fact]
    public async Task SavingShowsTheFindingsBesideTheEditorAndMaskingChangesTheText()
    {
        var page = await site.SignedInPageAsync(Roles.Editor);
        var title = $"检查结果在编辑器旁 {Guid.NewGuid():N}"[..20];
        await page.GotoAsync("/admin/articles/new");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true }).FillAsync(title);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "栏目", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "工会要闻" });
        await MarkdownViewAsync(page);
        await page.Locator(".CodeMirror").ClickAsync();
        await page.Keyboard.TypeAsync("报名请联系。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("文章已保存为草稿");
        var id = int.Parse(ArticleUrl().Match(page.Url).Groups["id"].Value, CultureInfo.InvariantCulture);

        // Nothing blocks the save: the text with a typo and a personal number is saved, and the checks speak beside it.
        await page.GotoAsync($"/admin/articles/{id}/edit");
        await MarkdownViewAsync(page);
        await page.Locator(".CodeMirror").ClickAsync();
        await page.Keyboard.PressAsync("End");
        await page.Keyboard.TypeAsync($"联系人手机 {Mobile}，软件已按装好。");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(Flash(page)).ToContainTextAsync("发布前检查发现 2 处问题");
        Assert.EndsWith($"/admin/articles/{id}/edit", page.Url, StringComparison.Ordinal);

        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "发布前检查结果" });
        var mobile = panel.Locator("li.finding[data-kind=mobile-number]");
        await Expect(mobile.Locator(".finding-place")).ToHaveTextAsync("正文");
        await Expect(panel.Locator("li.finding[data-kind=common-mistake] .finding-suggestion")).ToHaveTextAsync("安装");
        var masked = (await mobile.Locator(".finding-found").TextContentAsync())!.Trim();
        Assert.DoesNotContain(Mobile, masked, StringComparison.Ordinal);
        var panelBox = await panel.BoundingBoxAsync();
        var formBox = await page.Locator("form[data-autosave]").BoundingBoxAsync();
        Assert.True(panelBox is not null && formBox is not null && panelBox.X >= formBox.X + formBox.Width - 1 && panelBox.Y < formBox.Y + formBox.Height,
            $"The findings are not beside the editor: panel {panelBox?.X},{panelBox?.Y}, form {formBox?.X},{formBox?.Width}.");

        await mobile.GetByRole(AriaRole.Button, new() { Name = "打码" }).ClickAsync();
        await Expect(Flash(page)).ToContainTextAsync($"已将正文中的 1 处号码打码为 {masked}");
        var shown = page.GetByRole(AriaRole.Textbox, new() { Name = "正文", Exact = true });
        await Expect(shown).ToContainTextAsync($"联系人手机 {masked}，软件已按装好。");
        Assert.DoesNotContain(Mobile, await shown.TextContentAsync(), StringComparison.Ordinal);
        await Expect(panel.Locator("li.finding[data-kind=mobile-number]")).ToHaveCountAsync(0);
        Assert.DoesNotContain(Mobile, await site.App.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync()), StringComparison.Ordinal);
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    /// <summary>The message of the step just done; the editor has a second, hidden status region for its autosave.</summary>
    private static ILocator Flash(IPage page) => page.Locator(".alert[role=status]");

    /// <summary>The editor opens in its visual mode; this test reads and writes Markdown.</summary>
    private static Task MarkdownViewAsync(IPage page) =>
        page.GetByRole(AriaRole.Toolbar, new() { Name = "正文：编辑工具" }).GetByRole(AriaRole.Button, new() { Name = "Markdown 源码" }).ClickAsync();

    [GeneratedRegex(@"/admin/articles/(?<id>[0-9]+)")]
    private static partial Regex ArticleUrl();
}
