using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LnUnion.Portal.BrowserTests;

/// <summary>A worker writes to the mailbox on a phone with JavaScript off, keeps the query code and looks the letter up.</summary>
[Collection(BrowserTests.Name)]
public sealed class MailboxJourneyTests(BrowserFixture site)
{
    [Fact]
    public async Task AWorkerWritesALetterOnAPhoneWithoutJavaScriptAndFindsItByTheQueryCode()
    {
        var phone = "137" + Random.Shared.Next(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var page = await site.NewPageAsync(BrowserFixture.Phone, javaScript: false);
        await page.GotoAsync("/");
        await page.Locator("nav").GetByRole(AriaRole.Link, new() { Name = "职工信箱" }).First.ClickAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("职工信箱");
        var opened = DateTime.UtcNow;

        await page.GetByLabel("信件类型").SelectOptionAsync(new SelectOptionValue { Index = 2 });
        await page.GetByLabel("标题").FillAsync("手机写信测试");
        await page.GetByLabel("信件内容").FillAsync("单位不给缴纳社会保险，请问应该向哪里反映？");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "姓名" }).FillAsync("手机测试人");
        // Typed before the required field's rule: the server's message, not the browser's, is what must keep the text.
        await page.GetByLabel("联系电话").FillAsync("123");
        await page.GetByLabel("同意在“来信选登”中公开").CheckAsync();
        await WaitOutFillTimeAsync(opened);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await Expect(page.Locator(".form-problem")).ToContainTextAsync("手机号码");
        await Expect(page.GetByLabel("信件内容")).ToHaveValueAsync("单位不给缴纳社会保险，请问应该向哪里反映？");
        await page.GetByLabel("联系电话").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();

        await Expect(page.Locator("main h1")).ToHaveTextAsync("信件已提交");
        var code = (await page.Locator(".query-code .code").TextContentAsync())!.Trim();
        Assert.Matches("^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$", code);
        var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(width <= BrowserFixture.Phone.Width, $"The code page is {width}px wide on a {BrowserFixture.Phone.Width}px phone.");
        var letter = await site.App.WithDbAsync(db => db.Letters.AsNoTracking().SingleAsync(l => l.WriterPhone == phone));
        Assert.True(letter.MayPublish);

        await page.GotoAsync("/mailbox/query");
        await page.GetByLabel("查询码").FillAsync(code);
        await page.GetByLabel("写信时填写的联系电话").FillAsync(phone);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await Expect(page.Locator(".letter-status")).ToContainTextAsync(LetterStatusNames.Of(LetterStatus.Received));
        await Expect(page.Locator(".letter-status h2")).ToHaveTextAsync("手机写信测试");

        site.AssertNothingUnexpected(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AHandlerAcceptsAssignsAndAnswersALetterAnotherApprovesAndPublishesItAndTheExchangeIsPublic()
    {
        var subject = "关于夜班补贴的咨询" + Guid.NewGuid().ToString("N")[..6];
        const string answer = "根据省总工会有关规定，夜班补贴应按月随工资发放，单位已承诺补发。";
        var department = "权益保障部" + Guid.NewGuid().ToString("N")[..6];
        var id = await site.App.WithDbAsync(async db =>
        {
            db.LetterDepartments.Add(new LetterDepartment { Name = department });
            var letter = new Letter
            {
                TypeId = await db.LetterTypes.Where(t => t.IsActive).Select(t => t.Id).FirstAsync(),
                Subject = subject, Body = "单位一直不发夜班补贴，是否合规？", WriterName = "赵师傅", WriterPhone = "13600000000", MayPublish = true,
                QueryCodeHash = Guid.NewGuid().ToString("N"), SubmissionKey = Guid.NewGuid(), Status = LetterStatus.Received,
                ReceivedAt = DateTime.UtcNow, DueOn = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(7)),
            };
            db.Letters.Add(letter);
            await db.SaveChangesAsync();
            return letter.Id;
        });

        var handler = await site.SignedInPageAsync(Roles.LetterHandler);
        await handler.GetByRole(AriaRole.Link, new() { Name = "信件办理", Exact = true }).ClickAsync();
        await handler.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Step(handler, "受理", "信件已受理。");
        await handler.GetByLabel("转办部门").SelectOptionAsync(new SelectOptionValue { Label = department });
        await handler.GetByLabel("说明", new() { Exact = true }).FillAsync("请权益保障部核实答复");
        await Step(handler, "转办", "信件已转办。");
        await handler.GetByLabel("答复内容").FillAsync(answer);
        await Step(handler, "答复", "答复已保存，等待他人审核。");
        await Expect(handler.GetByRole(AriaRole.Button, new() { Name = "审核通过" })).ToBeVisibleAsync();

        var reviewer = await site.SignedInPageAsync(Roles.LetterHandler);
        await reviewer.GotoAsync("/admin");
        await reviewer.Locator("section[aria-labelledby=letters-mine-title]").GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Step(reviewer, "审核通过", "答复已审核通过。");
        await Step(reviewer, "公开", "信件已公开。");
        await Expect(reviewer.Locator("main")).ToContainTextAsync(department);

        var visitor = await site.NewPageAsync(BrowserFixture.Phone);
        await visitor.GotoAsync("/mailbox/replies");
        await visitor.GetByRole(AriaRole.Link, new() { Name = subject }).ClickAsync();
        await Expect(visitor.Locator("main")).ToContainTextAsync(answer);
        await Expect(visitor.Locator("main")).ToContainTextAsync(department);
        await Expect(visitor.Locator("main")).Not.ToContainTextAsync("赵师傅");
        Assert.Equal(LetterStatus.Published, await site.App.WithDbAsync(db => db.Letters.Where(l => l.Id == id).Select(l => l.Status).SingleAsync()));

        foreach (var page in new[] { handler, reviewer, visitor })
        {
            site.AssertNothingUnexpected(page);
            await page.Context.CloseAsync();
        }
    }

    private static async Task Step(IPage page, string button, string done)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
        await Expect(page.Locator("[role=status]")).ToContainTextAsync(done);
    }

    /// <summary>A person needs longer than the form's minimum fill time; a test types faster than any person.</summary>
    private static async Task WaitOutFillTimeAsync(DateTime opened)
    {
        var rest = new MailboxOptions().MinimumFillTime - (DateTime.UtcNow - opened) + TimeSpan.FromMilliseconds(300);
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest);
        }
    }
}
