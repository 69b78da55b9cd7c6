using System.Text.RegularExpressions;
using LnUnion.Portal.Caching;
using LnUnion.Portal.Data;
using LnUnion.Portal.Rendering;
using LnUnion.Portal.Tests;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>
/// Writing without Markdown: the visual editor (admin-visual.js), Word paste into it, pictures with a description
/// and caption, and how they reach a reader's phone.
/// </summary>
[Collection(BrowserTests.Name)]
public sealed partial class VisualEditorTests(BrowserFixture site)
{
    private const string NewsChannel = "工会要闻";

    [Fact]
    public async Task AnEditorWritesAHeadingACentredParagraphRedTextAndATableWithoutMarkdownAndThePublicPageShowsThem()
    {
        var page = await NewArticleAsync("职工书屋开放安排");
        var surface = Surface(page);
        await surface.ClickAsync();
        await Tool(page, "标题 1").ClickAsync();
        await page.Keyboard.TypeAsync("开放时间");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("（二〇二六年九月起）");
        await Tool(page, "居中").ClickAsync();
        await page.Keyboard.PressAsync("Enter");
        // As in Word, the new paragraph keeps the alignment until it is changed.
        await Tool(page, "居左").ClickAsync();
        await page.Keyboard.TypeAsync("请读者按时归还图书");
        await Expect(surface.Locator("h2")).ToHaveTextAsync("开放时间");
        await Expect(surface.Locator("p")).ToHaveCountAsync(2); // Enter made a new paragraph each time, not a <br>
        await SelectTextAsync(page, "按时归还");
        await Tool(page, "红色").ClickAsync();
        await Expect(surface.Locator("span.text-red")).ToHaveTextAsync("按时归还");
        await page.Keyboard.PressAsync("End");
        await Tool(page, "表格").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "插入 2 行 3 列的表格" }).ClickAsync();
        await page.Keyboard.TypeAsync("星期");
        await Expect(surface.Locator("table tr")).ToHaveCountAsync(2);
        await Expect(surface.Locator("table th").First).ToHaveTextAsync("星期");

        // The Markdown view is still there, with the same text, and back again.
        await Tool(page, "Markdown 源码").ClickAsync();
        await Expect(page.Locator(".CodeMirror-code")).ToContainTextAsync("（二〇二六年九月起） {.align-center}");
        await page.GetByRole(AriaRole.Button, new() { Name = "所见即所得", Exact = true }).ClickAsync();
        await Expect(surface.Locator("p.align-center")).ToHaveTextAsync("（二〇二六年九月起）");

        var id = await SaveAsync(page);
        var markdown = (await site.App.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync())).ReplaceLineEndings("\n");
        Assert.Contains("## 开放时间", markdown, StringComparison.Ordinal);
        Assert.Contains("（二〇二六年九月起） {.align-center}", markdown, StringComparison.Ordinal);
        Assert.Contains("\n请读者<span class=\"text-red\">按时归还</span>图书\n", markdown, StringComparison.Ordinal);
        Assert.Contains("| 星期 | 标题2 | 标题3 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("style", markdown, StringComparison.Ordinal);

        site.AssertNothingUnexpected(page);

        var reader = await site.NewPageAsync(BrowserFixture.Phone);
        await PublishAsync(id);
        await reader.GotoAsync($"/articles/{id}");
        var body = reader.Locator(".article-body");
        await Expect(body.Locator("h2")).ToHaveTextAsync("开放时间");
        await Expect(body.Locator("p.align-center")).ToHaveCSSAsync("text-align", "center");
        await Expect(body.Locator("span.text-red")).ToHaveCSSAsync("color", "rgb(163, 20, 27)");
        await Expect(body.Locator("table th")).ToHaveTextAsync(["星期", "标题2", "标题3"]);
        site.AssertNothingUnexpected(reader);
        await page.Context.CloseAsync();
        await reader.Context.CloseAsync();
    }

    [Fact]
    public async Task APasteFromWordKeepsTheCentredTitleTheRightAlignedSignatureRedTextAndMergedCells()
    {
        var page = await NewArticleAsync("技能大赛通知");
        await Surface(page).ClickAsync();
        await PasteHtmlAsync(page, WordClipboard);

        var surface = Surface(page);
        await Expect(surface.Locator("p.align-center strong span.text-red")).ToHaveTextAsync("关于开展职工技能大赛的通知");
        await Expect(surface.Locator("p.align-right")).ToHaveTextAsync(["辽宁省总工会", "2026年9月1日"]);
        await Expect(surface.Locator("td[rowspan='2']")).ToHaveTextAsync("工种");
        await Expect(surface.Locator("td[colspan='2']")).ToHaveTextAsync("比赛时间");
        await Expect(surface.Locator("u")).ToHaveTextAsync("逾期不再受理");
        await Expect(surface).ToContainTextAsync(PastedImages.Placeholder);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("有占位文字的文章不能提交审核");

        var id = await SaveAsync(page);
        var markdown = (await site.App.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync())).ReplaceLineEndings("\n");
        Assert.Contains("辽宁省总工会 {.align-right}", markdown, StringComparison.Ordinal);
        Assert.Contains("<td rowspan=\"2\" class=\"align-center\">工种</td><td colspan=\"2\" class=\"align-center\">比赛时间</td>", markdown, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Expect(page.GetByText("正文中还有 1 处“此处图片未能粘贴”的占位文字")).ToBeVisibleAsync();
        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ADroppedPictureIsDescribedAndCaptionedAndStaysInsideAPhoneScreenAlsoInTheLargestText()
    {
        var page = await NewArticleAsync("技能大赛开幕");
        await Surface(page).ClickAsync();
        await page.Keyboard.TypeAsync("大赛在沈阳开幕。");
        var upload = await page.RunAndWaitForResponseAsync(
            () => StaffJourneyTests.DropImageAsync(page, "IMG_2041.png", ".md-visual-surface"),
            r => r.Url.EndsWith("/admin/media/upload", StringComparison.Ordinal));
        Assert.True(upload.Ok, $"Upload answered {upload.Status}");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "插入图片：IMG_2041.png" });
        var description = dialog.GetByRole(AriaRole.Textbox, new() { Name = "图片描述（必填）" });
        await Expect(description).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "插入图片" }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync("请填写图片描述，或勾选“这是装饰性图片”。");
        await description.FillAsync("技能大赛开幕式现场");
        await dialog.GetByRole(AriaRole.Textbox, new() { Name = "图注（可选，显示在图片下方）" }).FillAsync("第十二届职工职业技能大赛开幕式");
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "半栏" }).CheckAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "插入图片" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(Surface(page).Locator("figure.image-half img[alt='技能大赛开幕式现场']")).ToBeVisibleAsync();

        var id = await SaveAsync(page);
        var markdown = await site.App.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync());
        var figure = FigureMarkdown().Match(markdown);
        Assert.True(figure.Success, markdown);
        Assert.DoesNotContain("IMG_2041", markdown, StringComparison.Ordinal);
        // Also a picture written as plain Markdown inside an indented paragraph, as older articles have them. Saved
        // through the context, as the app saves, so the stored HTML is rendered again.
        await site.App.WithDbAsync(async db =>
        {
            var article = await db.Articles.SingleAsync(a => a.Id == id);
            article.BodyMarkdown = markdown + $"\n\n![开幕式全景]({figure.Groups["url"].Value})";
            await db.SaveChangesAsync();
        });
        await PublishAsync(id);
        site.AssertNothingUnexpected(page);

        var reader = await site.NewPageAsync(BrowserFixture.Phone);
        await reader.GotoAsync($"/articles/{id}");
        var body = reader.Locator(".article-body");
        await Expect(body.Locator("figure img")).ToHaveAttributeAsync("alt", "技能大赛开幕式现场");
        await Expect(body.Locator("figure figcaption")).ToHaveTextAsync("第十二届职工职业技能大赛开幕式");
        await AssertInsideTheScreenAsync(reader, body.Locator("img"));

        await reader.Locator("[data-size='2']").ClickAsync();
        await Expect(reader.Locator("html")).ToHaveClassAsync(new Regex("text-larger"));
        await AssertInsideTheScreenAsync(reader, body.Locator("img"));
        site.AssertNothingUnexpected(reader);
        await page.Context.CloseAsync();
        await reader.Context.CloseAsync();
    }

    /// <summary>No sideways scrolling, and every picture (loaded) within the 390 px screen.</summary>
    private static async Task AssertInsideTheScreenAsync(IPage page, ILocator images)
    {
        Assert.Equal(2, await images.CountAsync());
        foreach (var image in await images.AllAsync())
        {
            await image.ScrollIntoViewIfNeededAsync();
            await Expect(image).ToHaveJSPropertyAsync("complete", true);
            var box = await image.BoundingBoxAsync() ?? throw new InvalidOperationException("The picture is not shown.");
            Assert.True(box.X >= 0 && box.X + box.Width <= BrowserFixture.Phone.Width, $"picture at {box.X}–{box.X + box.Width} px");
            Assert.True(box.Width > 0);
        }

        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= BrowserFixture.Phone.Width, $"page is {scrollWidth} px wide");
    }

    [GeneratedRegex(@"<figure class=""image-half""><img src=""(?<url>/media/[^""]+)"" alt=""技能大赛开幕式现场""><figcaption>第十二届职工职业技能大赛开幕式</figcaption></figure>")]
    private static partial Regex FigureMarkdown();

    /// <summary>As Word 2016 puts a notice on the clipboard: mso classes and styles, conditional comments, o:p, a file:/// picture.</summary>
    private const string WordClipboard = """
        <html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
        <head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
        <style><!-- p.MsoNormal {margin:0cm; text-align:justify; font-size:10.5pt; font-family:等线;} --></style></head>
        <body lang=ZH-CN style='tab-interval:21.0pt;text-justify-trim:punctuation'>
        <!--StartFragment-->
        <p class=MsoNormal align=center style='text-align:center'><b><span style='font-size:22.0pt;font-family:方正小标宋简体;color:red'>关于开展职工技能大赛的通知<span lang=EN-US><o:p></o:p></span></span></b></p>
        <p class=MsoNormal style='text-indent:32.0pt'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>各市总工会：请按时报送名单，<u>逾期不再受理</u>。<span lang=EN-US><o:p></o:p></span></span></p>
        <table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-yfti-tbllook:1184'>
         <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
          <td width=138 rowspan=2 valign=top style='width:103.7pt;border:solid windowtext 1.0pt'><p class=MsoNormal align=center style='text-align:center'><span style='font-family:仿宋_GB2312'>工种<span lang=EN-US><o:p></o:p></span></span></p></td>
          <td width=277 colspan=2 valign=top style='width:207.4pt;border:solid windowtext 1.0pt;border-left:none'><p class=MsoNormal align=center style='text-align:center'><span style='font-family:仿宋_GB2312'>比赛时间<span lang=EN-US><o:p></o:p></span></span></p></td>
         </tr>
         <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
          <td width=138 valign=top style='width:103.7pt;border-top:none'><p class=MsoNormal><span style='font-family:仿宋_GB2312'>理论<span lang=EN-US><o:p></o:p></span></span></p></td>
          <td width=138 valign=top style='width:103.7pt;border-top:none'><p class=MsoNormal><span style='font-family:仿宋_GB2312'>实操<span lang=EN-US><o:p></o:p></span></span></p></td>
         </tr>
        </table>
        <p class=MsoNormal><span lang=EN-US><![if !vml]><img width=277 height=184 src="file:///C:/Users/ADMINI~1/AppData/Local/Temp/msohtmlclip1/01/clip_image002.jpg" v:shapes="图片_x0020_1"><![endif]></span></p>
        <p class=MsoNormal align=right style='text-align:right'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>辽宁省总工会<span lang=EN-US><o:p></o:p></span></span></p>
        <p class=MsoNormal align=right style='text-align:right'><span lang=EN-US style='font-size:16.0pt'>2026</span><span style='font-size:16.0pt'>年<span lang=EN-US>9</span>月<span lang=EN-US>1</span>日<span lang=EN-US><o:p></o:p></span></span></p>
        <!--EndFragment-->
        </body></html>
        """;

    private async Task<IPage> NewArticleAsync(string title)
    {
        var editor = await site.App.CreateStaffAsync(Roles.Editor);
        var page = await site.NewPageAsync(BrowserFixture.Desktop);
        await BrowserFixture.SignInAsync(page, editor);
        await page.GotoAsync("/admin/articles/new");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "标题", Exact = true }).FillAsync(title);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "栏目", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = NewsChannel });
        await Expect(Surface(page)).ToHaveAttributeAsync("contenteditable", "true");
        return page;
    }

    private static ILocator Surface(IPage page) => page.GetByRole(AriaRole.Textbox, new() { Name = "正文", Exact = true });

    private static ILocator Tool(IPage page, string name) =>
        page.GetByRole(AriaRole.Toolbar, new() { Name = "正文：编辑工具" }).GetByRole(AriaRole.Button, new() { Name = name, Exact = true });

    private static async Task<int> SaveAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Expect(page.GetByText("文章已保存为草稿")).ToBeVisibleAsync();
        return int.Parse(ArticleUrl().Match(page.Url).Groups["id"].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task PublishAsync(int id)
    {
        await site.App.WithDbAsync(db => db.Articles.Where(a => a.Id == id).ExecuteUpdateAsync(a => a
            .SetProperty(x => x.Status, ArticleStatus.Published)
            .SetProperty(x => x.PublishAt, PortalApplication.LongAgo)));
        var channel = await site.App.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.Channel.Slug).SingleAsync());
        await site.App.Services.GetRequiredService<PublicCache>().ArticleChangedAsync(id, channel);
    }

    /// <summary>Selects the first occurrence of the text in the visual editor, as a mouse drag would.</summary>
    private static async Task SelectTextAsync(IPage page, string text) =>
        await Surface(page).EvaluateAsync(
            """
            (surface, text) => {
              const walker = document.createTreeWalker(surface, NodeFilter.SHOW_TEXT);
              while (walker.nextNode()) {
                const at = walker.currentNode.data.indexOf(text);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + text.length);
                const selection = document.getSelection();
                selection.removeAllRanges();
                selection.addRange(range);
                return;
              }
              throw new Error('not found: ' + text);
            }
            """,
            text);

    /// <summary>What a paste from Word does: a paste event whose clipboard holds the HTML and the plain text.</summary>
    private static async Task PasteHtmlAsync(IPage page, string html) =>
        await Surface(page).EvaluateAsync(
            """
            (surface, html) => {
              const data = new DataTransfer();
              data.setData('text/html', html);
              // Not DOMParser: it would apply the page's CSP to Word's style attributes.
              data.setData('text/plain', html.replace(/<[^>]*>/g, ''));
              surface.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """,
            html);

    [GeneratedRegex(@"/admin/articles/(?<id>\d+)$")]
    private static partial Regex ArticleUrl();
}
