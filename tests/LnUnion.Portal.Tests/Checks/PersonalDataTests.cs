using System.Net;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using LnUnion.Portal.Data;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace LnUnion.Portal.Tests.Checks;

/// <summary>ID, mobile and bank card numbers in an article and its attachments, and the near misses that must not fire.</summary>
[Collection(PortalTests.Name)]
public sealed class PersonalDataTests(PortalApplication app)
{
    private const string IdNumber = "11010519491231002X";
    private const string OtherIdNumber = "210102198001011232";
    private const string BankCard = "6222021234567890128";

    [Fact]
    public async Task AnIdNumberAMobileAndABankCardAreSeriousAndShownOnlyMasked()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await app.CreateArticleAsync(editor, $"获奖者{OtherIdNumber}", $"身份证：{IdNumber}。电话 13912345678，银行卡 {BankCard}。", summary: "联系 +8613812345678");

        var html = await editor.GetPageAsync($"/admin/articles/{id}/edit");
        var findings = CheckPages.Findings(html);

        Assert.Contains(findings, f => (f.Kind, f.Severity, f.Place, f.Found) == ("id-number", "严重", "正文", "110105********002X"));
        Assert.Contains(findings, f => (f.Kind, f.Place, f.Found) == ("id-number", "标题", "210102********1232"));
        Assert.Contains(findings, f => (f.Kind, f.Place, f.Found) == ("mobile-number", "正文", "139****5678"));
        Assert.Contains(findings, f => (f.Kind, f.Place, f.Found) == ("mobile-number", "摘要", "138****5678"));
        Assert.Contains(findings, f => (f.Kind, f.Place, f.Found) == ("bank-card", "正文", "6222***********0128"));
        var panel = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("#findings")!.OuterHtml;
        Assert.DoesNotContain("12345678", panel, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("编号 11010519491231002", "a 17-digit number")]
    [InlineData("身份证 110105194912310021", "an ID with a wrong check digit")]
    [InlineData("身份证 110105194913310024", "an ID with an impossible birth date")]
    [InlineData("流水号 911010519491231002X", "an ID inside a longer number")]
    [InlineData("订单号 2139123456789", "a mobile number inside a longer number")]
    [InlineData("座机 12345678901", "eleven digits that are no mobile number")]
    [InlineData("卡号 6222021234567890129", "a card number with a wrong Luhn digit")]
    [InlineData("文号 1234567890123456789012", "a long run of digits")]
    [InlineData("文件 file13912345678.pdf", "digits inside a file name")]
    public async Task NearMissesAreNoFinding(string body, string because)
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var findings = await app.FindingsOfAsync(editor, body);
        Assert.True(findings.All(f => f.Kind is not ("id-number" or "mobile-number" or "bank-card")), $"{because} was reported: {string.Join("; ", findings.Select(f => f.Found))}");
    }

    [Fact]
    public async Task NumbersInsideWordExcelAndPdfAttachmentsAreFoundAndABrokenFileIsAFindingNotAnError()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await app.CreateArticleAsync(editor, "报名名单", "见附件。", null,
            ("Input.NewAttachments", "名单.docx", Word($"张三 身份证 {IdNumber}")),
            ("Input.NewAttachments", "名单.xlsx", Excel("13912345678")),
            ("Input.NewAttachments", "名单.pdf", Pdf($"Card {BankCard}")),
            ("Input.NewAttachments", "坏文件.docx", [.. "PK\x03\x04"u8, .. new byte[200]]));

        var findings = await CheckPages.FindingsAsync(editor, id);

        Assert.Contains(findings, f => (f.Kind, f.Place, f.Found) == ("id-number", "附件“名单.docx”", "110105********002X"));
        Assert.Contains(findings, f => (f.Kind, f.Place, f.Found) == ("mobile-number", "附件“名单.xlsx”", "139****5678"));
        Assert.Contains(findings, f => (f.Kind, f.Place, f.Found) == ("bank-card", "附件“名单.pdf”", "6222***********0128"));
        var broken = Assert.Single(findings, f => f.Kind == "attachment-unreadable");
        Assert.Equal(("警告", "附件“坏文件.docx”"), (broken.Severity, broken.Place));
    }

    [Fact]
    public async Task TheMaskButtonReplacesTheNumberInTheSavedTextAsANewRevision()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await app.CreateArticleAsync(editor, "打码测试", $"联系人身份证 {IdNumber}，再写一次 {IdNumber}，手机 13912345678。");
        var revisions = await RevisionCountAsync(id);

        var response = await editor.SubmitAsync($"/admin/articles/{id}/edit", $"/admin/articles/{id}/mask", form => Assert.Equal("110105********002X", form["Masked"]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/admin/articles/{id}/edit", response.Headers.Location?.OriginalString);
        var body = await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync());
        // Escaped in the Markdown: unescaped, the two runs of asterisks in one paragraph would pair into emphasis.
        Assert.Equal(@"联系人身份证 110105\*\*\*\*\*\*\*\*002X，再写一次 110105\*\*\*\*\*\*\*\*002X，手机 13912345678。", body);
        Assert.Contains("联系人身份证 110105********002X，再写一次 110105********002X，", await editor.GetPageAsync($"/admin/articles/{id}"), StringComparison.Ordinal);
        Assert.Equal(revisions + 1, await RevisionCountAsync(id));
        var findings = await CheckPages.FindingsAsync(editor, id);
        Assert.DoesNotContain(findings, f => f.Kind == "id-number");
        Assert.Contains(findings, f => f.Kind == "mobile-number");
        Assert.Contains(await app.AuditEntriesAsync("articles.mask"), e => e.Target == $"articles:{id}" && e.Result == "成功");
    }

    [Fact]
    public async Task SavingWithFindingsKeepsTheTextAndShowsThemBesideTheEditor()
    {
        using var editor = await app.SignInAsNewAsync(Roles.Editor);
        var id = await app.CreateArticleAsync(editor, "保存后检查", "正文。");
        var edit = $"/admin/articles/{id}/edit";

        var response = await editor.SubmitAsync(edit, edit, ("Input.BodyMarkdown", "请按装好软件。"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(edit, response.Headers.Location?.OriginalString);
        Assert.Equal("请按装好软件。", await app.WithDbAsync(db => db.Articles.Where(a => a.Id == id).Select(a => a.BodyMarkdown).SingleAsync()));
        var page = await editor.GetPageAsync(edit);
        Assert.Contains("发布前检查发现 1 处问题", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains(CheckPages.Findings(page), f => f.Found == "按装" && f.Suggestion == "安装");

        var clean = await editor.SubmitAsync(edit, edit, ("Input.BodyMarkdown", "请安装好软件。"));
        Assert.Equal($"/admin/articles/{id}", clean.Headers.Location?.OriginalString);
    }

    private Task<int> RevisionCountAsync(int id) => app.WithDbAsync(db => db.ArticleRevisions.CountAsync(r => r.ArticleId == id));

    private static byte[] Word(string text)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            document.AddMainDocumentPart().Document = new W.Document(new W.Body(new W.Paragraph(new W.Run(new W.Text(text)))));
        }

        return stream.ToArray();
    }

    private static byte[] Excel(string number)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.Worksheet = new Worksheet(new SheetData(new Row(
                new Cell { CellValue = new CellValue("联系电话"), DataType = CellValues.String },
                new Cell { CellValue = new CellValue(number), DataType = CellValues.Number })));
            workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheet), SheetId = 1, Name = "名单" }));
        }

        return stream.ToArray();
    }

    private static byte[] Pdf(string text)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText(text, 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        return builder.Build();
    }
}
