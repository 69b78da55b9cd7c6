using System.Net;
using System.Text;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Checks;

/// <summary>The lists staff keep under 内容检查 and what the editor sees of them.</summary>
[Collection(PortalTests.Name)]
public sealed class WordListTests(PortalApplication app)
{
    [Fact]
    public async Task ASeededCommonMistakeIsANoticeWithItsCorrectForm()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);

        var findings = await app.FindingsOfAsync(editor, "请各单位按装好软件，再接再励。");

        var mistake = Assert.Single(findings, f => f.Found == "按装");
        Assert.Equal(("common-mistake", "提示", "正文", "安装"), (mistake.Kind, mistake.Severity, mistake.Place, mistake.Suggestion));
        Assert.Contains(findings, f => f.Found == "再接再励" && f.Suggestion == "再接再厉");
        Assert.Empty(await app.FindingsOfAsync(editor, "请各单位安装好软件，再接再厉。"));
    }

    [Fact]
    public async Task ASensitiveWordAddedByAReviewerIsSeriousAtOnceAndGoesWhenItIsDeleted()
    {
        using var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var word = $"禁词{Guid.NewGuid():N}"[..8];
        var id = await app.CreateArticleAsync(editor, $"含有{word}的标题", "正文");
        Assert.DoesNotContain(await CheckPages.FindingsAsync(editor, id), f => f.Found == word);

        var added = await reviewer.SubmitAsync("/admin/checks/sensitive", "/admin/checks/sensitive/new", ("Input.Text", word));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);

        var finding = Assert.Single(await CheckPages.FindingsAsync(editor, id), f => f.Found == word);
        Assert.Equal(("sensitive-word", "严重", "标题"), (finding.Kind, finding.Severity, finding.Place));
        var termId = await app.WithDbAsync(db => db.Set<CheckTerm>().Where(t => t.Text == word).Select(t => t.Id).SingleAsync());
        Assert.Contains(await app.AuditEntriesAsync("checks.create"), e => e.Target == $"checks:{termId}" && e.UserId == reviewer.UserId);

        var deleted = await reviewer.SubmitAsync("/admin/checks/sensitive", $"/admin/checks/terms/{termId}/delete");
        Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        Assert.DoesNotContain(await CheckPages.FindingsAsync(editor, id), f => f.Found == word);
        Assert.Contains(await app.AuditEntriesAsync("checks.delete"), e => e.Target == $"checks:{termId}");
    }

    [Fact]
    public async Task AListChangedByAnotherNodeIsUsedOnTheNextCheck()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var word = $"他处{Guid.NewGuid():N}"[..8];
        var id = await app.CreateArticleAsync(editor, "另一节点", $"正文里有{word}。");
        Assert.Empty(await CheckPages.FindingsAsync(editor, id));

        // Another web node adds the word: only the shared database changes, with the stamp in the same save.
        await app.WithDbAsync(async db =>
        {
            db.Add(new CheckTerm { Kind = CheckTermKind.Sensitive, Text = word, CreatedAt = DateTime.UtcNow });
            await CheckLists.ChangedAsync(db, CancellationToken.None);
            await db.SaveChangesAsync();
        });

        Assert.Contains(await CheckPages.FindingsAsync(editor, id), f => f.Found == word && f.Kind == "sensitive-word");
    }

    [Fact]
    public async Task ANameNextToATitleThatIsNotTheirsIsSeriousButTheNameAloneOrTheRightTitleIsNot()
    {
        using var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var name = "测试" + (char)('甲' + Random.Shared.Next(0, 200)) + "某";
        var imported = await reviewer.PostMultipartWithTokenAsync("/admin/checks/people", "/admin/checks/people/import",
            [("text", $"{name}|副主席|2020-01-01|\n{name}|党组成员|2010-01-01|2015-12-31")]);
        Assert.Equal(HttpStatusCode.Redirect, imported.StatusCode);

        var wrong = await app.FindingsOfAsync(editor, $"会上，主席{name}讲话。");
        var finding = Assert.Single(wrong, f => f.Kind == "leader-title");
        Assert.Equal(("严重", $"主席{name}", "副主席"), (finding.Severity, finding.Found, finding.Suggestion));
        Assert.Contains(await app.FindingsOfAsync(editor, $"{name} 党组成员出席。"), f => f.Kind == "leader-title");
        Assert.DoesNotContain(await app.FindingsOfAsync(editor, $"会上，副主席{name}讲话。{name}副主席指出……"), f => f.Kind == "leader-title");
        Assert.DoesNotContain(await app.FindingsOfAsync(editor, $"{name}出席了会议。"), f => f.Kind == "leader-title");
    }

    [Fact]
    public async Task AnImportWithABadLineSaysWhichLineAndWhyInChineseAndAddsNothing()
    {
        using var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var before = await CountAsync(CheckTermKind.Mistake);

        var response = await reviewer.PostMultipartWithTokenAsync("/admin/checks/mistakes", "/admin/checks/mistakes/import", [],
            ("file", "mistakes.txt", Encoding.UTF8.GetBytes("# 易错词\n撤消→撤销\n没有箭头的一行\n迁就→迁就\n")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("第 3 行（没有箭头的一行）：缺少“→”", html, StringComparison.Ordinal);
        Assert.Contains("第 4 行（迁就→迁就）：正确写法与错误写法相同。", html, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(CheckTermKind.Mistake));

        var notUtf8 = await reviewer.PostMultipartWithTokenAsync("/admin/checks/mistakes", "/admin/checks/mistakes/import", [],
            ("file", "gbk.txt", [0xB0, 0xB4, 0xD7, 0xB0, 0x2D, 0x3E, 0xB0, 0xB2]));
        Assert.Equal(HttpStatusCode.BadRequest, notUtf8.StatusCode);
        Assert.Contains("文件不是 UTF-8 编码的文本", WebUtility.HtmlDecode(await notUtf8.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExportedListImportsAgainWithoutDuplicates()
    {
        using var reviewer = await app.SignInAsNewAsync(Roles.Reviewer);
        var word = $"导出{Guid.NewGuid():N}"[..8];
        await reviewer.PostMultipartWithTokenAsync("/admin/checks/mistakes", "/admin/checks/mistakes/import", [("text", $"{word}→正确{word}")]);

        using var export = await reviewer.GetAsync("/admin/checks/mistakes/export");
        Assert.Equal("text/plain; charset=utf-8", export.Content.Headers.ContentType?.ToString());
        var text = await export.Content.ReadAsStringAsync();
        Assert.Contains("按装→安装\n", text, StringComparison.Ordinal);
        Assert.Contains($"{word}→正确{word}\n", text, StringComparison.Ordinal);
        var before = await CountAsync(CheckTermKind.Mistake);

        var again = await reviewer.PostMultipartWithTokenAsync("/admin/checks/mistakes", "/admin/checks/mistakes/import", [],
            ("file", "mistakes.txt", Encoding.UTF8.GetBytes(text)));
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(before, await CountAsync(CheckTermKind.Mistake));
        Assert.Contains(await app.AuditEntriesAsync("checks.import"), e => e.UserId == reviewer.UserId);
    }

    [Fact]
    public async Task EditorsCannotChangeTheLists()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        using var response = await editor.GetAsync("/admin/checks/sensitive");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<int> CountAsync(CheckTermKind kind) => app.WithDbAsync(db => db.Set<CheckTerm>().CountAsync(t => t.Kind == kind));
}
