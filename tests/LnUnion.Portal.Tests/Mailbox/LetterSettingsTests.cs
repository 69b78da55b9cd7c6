using System.Globalization;
using System.Net;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Tests.Admin;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Tests.Mailbox;

/// <summary>The administrators' screens for the departments and letter types, and the 转办 picker that uses them.</summary>
[Collection(PortalTests.Name)]
public sealed class LetterSettingsTests(PortalApplication app)
{
    private static string Unique(string name) => name + Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task AnAdministratorAddsALetterTypeThatTheFormOffersAndRetiresItWhileItsLettersKeepIt()
    {
        using var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var name = Unique("劳动争议调解");

        using (var created = await admin.SubmitAsync("/admin/letters/types/new", "/admin/letters/types/new",
            ("Input.Name", name), ("Input.Description", "劳动争议调解的申请"), ("Input.DeadlineWorkingDays", "10")))
        {
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        }

        var type = await app.WithDbAsync(db => db.LetterTypes.AsNoTracking().SingleAsync(t => t.Name == name));
        Assert.Equal(10, type.DeadlineWorkingDays);
        Assert.Contains(name, await PublicFormAsync(), StringComparison.Ordinal);
        Assert.Single(await app.AuditEntriesAsync("lettertypes.create", $"lettertypes:{type.Id}", admin.UserId));
        var letter = await AddLetterAsync(type.Id);

        using (var retired = await admin.SubmitAsync($"/admin/letters/types/{type.Id}/edit", $"/admin/letters/types/{type.Id}/edit", ("Input.IsActive", "false")))
        {
            Assert.Equal(HttpStatusCode.Redirect, retired.StatusCode);
        }

        Assert.DoesNotContain(name, await PublicFormAsync(), StringComparison.Ordinal);
        Assert.Equal(type.Id, await app.WithDbAsync(db => db.Letters.Where(l => l.Id == letter).Select(l => l.TypeId).SingleAsync()));
        Assert.Contains(name, await admin.GetPageAsync($"/admin/letters/{letter}"), StringComparison.Ordinal);
        Assert.Single(await app.AuditEntriesAsync("lettertypes.edit", $"lettertypes:{type.Id}", admin.UserId));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("61")]
    [InlineData("五")]
    public async Task ADeadlineOutsideOneToSixtyWorkingDaysIsRefusedWithAMessageAndNothingIsSaved(string days)
    {
        using var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var name = Unique("期限检查");

        using var response = await admin.SubmitAsync("/admin/letters/types/new", "/admin/letters/types/new", ("Input.Name", name), ("Input.DeadlineWorkingDays", days));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(name, html, StringComparison.Ordinal);
        Assert.NotEmpty(StaffBrowser.Errors(html));
        Assert.False(await app.WithDbAsync(db => db.LetterTypes.AnyAsync(t => t.Name == name)));
    }

    [Fact]
    public async Task ASecondDepartmentOfTheSameNameIsRefused()
    {
        using var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var name = await AddDepartmentAsync();

        using var response = await admin.SubmitAsync("/admin/letters/departments/new", "/admin/letters/departments/new", ("Input.Name", name));

        Assert.Contains($"名称“{name}”已被其他承办部门使用", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await app.WithDbAsync(db => db.LetterDepartments.CountAsync(d => d.Name == name)));
    }

    [Fact]
    public async Task ATypeALetterUsesCannotBeDeletedButAnUnusedOneCan()
    {
        using var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var (used, unused) = await app.WithDbAsync(async db =>
        {
            var a = new LetterType { Name = Unique("有信件的类型"), DeadlineWorkingDays = 5, SortOrder = 900 };
            var b = new LetterType { Name = Unique("无信件的类型"), DeadlineWorkingDays = 5, SortOrder = 901 };
            db.LetterTypes.AddRange(a, b);
            await db.SaveChangesAsync();
            return (a.Id, b.Id);
        });
        await AddLetterAsync(used);

        var list = await admin.GetPageAsync("/admin/letters/types");
        Assert.DoesNotContain($"/admin/letters/types/{used}/delete", list, StringComparison.Ordinal);
        var version = await app.WithDbAsync(db => db.LetterTypes.Where(t => t.Id == used).Select(t => t.Version).SingleAsync());
        using (var refused = await admin.PostWithTokenAsync("/admin/letters/types", $"/admin/letters/types/{used}/delete", ("Version", version.ToString())))
        {
            Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("不能删除", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var deleted = await admin.SubmitAsync("/admin/letters/types", $"/admin/letters/types/{unused}/delete"))
        {
            Assert.Equal(HttpStatusCode.Redirect, deleted.StatusCode);
        }

        Assert.True(await app.WithDbAsync(db => db.LetterTypes.AnyAsync(t => t.Id == used)));
        Assert.False(await app.WithDbAsync(db => db.LetterTypes.AnyAsync(t => t.Id == unused)));
    }

    [Fact]
    public async Task ADepartmentALetterWasHandedToCannotBeDeletedAndSaysHowManyLettersItHas()
    {
        using var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var department = await DepartmentIdAsync(await AddDepartmentAsync());
        var letter = await AddLetterAsync(status: LetterStatus.Assigned);
        await app.WithDbAsync(db => db.Letters.Where(l => l.Id == letter).ExecuteUpdateAsync(u => u.SetProperty(l => l.DepartmentId, department)));

        var version = await app.WithDbAsync(db => db.LetterDepartments.Where(d => d.Id == department).Select(d => d.Version).SingleAsync());
        using var refused = await admin.PostWithTokenAsync("/admin/letters/departments", $"/admin/letters/departments/{department}/delete", ("Version", version.ToString()));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("有 1 封信件使用承办部门", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(await app.WithDbAsync(db => db.LetterDepartments.AnyAsync(d => d.Id == department)));
    }

    [Fact]
    public async Task MovingADepartmentDownSwapsItWithTheNextOne()
    {
        using var admin = await app.SignInAsNewAsync(Roles.Administrator);
        var first = await AddDepartmentAsync(sortOrder: -2);
        var second = await AddDepartmentAsync(sortOrder: -1);
        var firstId = await app.WithDbAsync(db => db.LetterDepartments.Where(d => d.Name == first).Select(d => d.Id).SingleAsync());

        using var response = await admin.SubmitAsync("/admin/letters/departments", $"/admin/letters/departments/{firstId}/down");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var order = await app.WithDbAsync(db => db.LetterDepartments.OrderBy(d => d.SortOrder).ThenBy(d => d.Id).Select(d => d.Name).Take(2).ToListAsync());
        Assert.Equal([second, first], order);
    }

    [Fact]
    public async Task ALetterHandlerMayNotConfigureTheLists()
    {
        using var handler = await app.SignInAsNewAsync(Roles.LetterHandler);
        using var departments = await handler.GetAsync("/admin/letters/departments");
        using var types = await handler.GetAsync("/admin/letters/types/new");
        Assert.Equal(HttpStatusCode.Forbidden, departments.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, types.StatusCode);
        Assert.DoesNotContain("/admin/letters/departments", await handler.GetPageAsync("/admin/letters"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePickerOffersActiveDepartmentsAndLetterHandlersOnly()
    {
        using var handler = await app.SignInAsNewAsync(Roles.LetterHandler);
        var active = await AddDepartmentAsync();
        var retired = await AddDepartmentAsync(isActive: false);
        var editor = await app.CreateStaffAsync(Roles.Editor);
        var id = await AddLetterAsync(status: LetterStatus.Accepted);

        var form = await handler.GetPageAsync($"/admin/letters/{id}");

        Assert.Contains(active, form, StringComparison.Ordinal);
        Assert.DoesNotContain(retired, form, StringComparison.Ordinal);
        PublicHtml.AssertElementHas(form, "*", $"value={handler.UserId}");
        Assert.DoesNotContain(editor.Id, form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandingALetterToARetiredDepartmentOrToSomeoneWhoIsNoHandlerIsRefusedKeepingTheNote()
    {
        using var handler = await app.SignInAsNewAsync(Roles.LetterHandler);
        var active = await DepartmentIdAsync(await AddDepartmentAsync());
        var retired = await DepartmentIdAsync(await AddDepartmentAsync(isActive: false));
        var editor = await app.CreateStaffAsync(Roles.Editor);
        var id = await AddLetterAsync(status: LetterStatus.Accepted);

        foreach (var (department, person, message) in new[]
        {
            (retired, "", "请选择一个在用的承办部门"),
            (active, editor.Id, "所选的办理人不是在用的信件办理员"),
        })
        {
            using var response = await handler.SubmitAsync($"/admin/letters/{id}", $"/admin/letters/{id}/assign",
                ("departmentId", department.ToString(CultureInfo.InvariantCulture)), ("handlerId", person), ("note", "请尽快办理此信"));
            var html = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Contains(message, html, StringComparison.Ordinal);
            Assert.Contains("请尽快办理此信", html, StringComparison.Ordinal);
        }

        Assert.Equal(LetterStatus.Accepted, await app.WithDbAsync(db => db.Letters.Where(l => l.Id == id).Select(l => l.Status).SingleAsync()));
    }

    private async Task<string> PublicFormAsync()
    {
        using var client = app.CreatePublicClient();
        return await client.GetStringAsync(new Uri("/mailbox", UriKind.Relative));
    }

    private Task<string> AddDepartmentAsync(int sortOrder = 0, bool isActive = true) => app.WithDbAsync(async db =>
    {
        var department = new LetterDepartment { Name = Unique("测试部门"), SortOrder = sortOrder, IsActive = isActive };
        db.LetterDepartments.Add(department);
        await db.SaveChangesAsync();
        return department.Name;
    });

    private Task<int> DepartmentIdAsync(string name) => app.WithDbAsync(db => db.LetterDepartments.Where(d => d.Name == name).Select(d => d.Id).SingleAsync());

    private Task<int> AddLetterAsync(int? typeId = null, LetterStatus status = LetterStatus.Received) => app.WithDbAsync(async db =>
    {
        var letter = new Letter
        {
            TypeId = typeId ?? await db.LetterTypes.Where(t => t.IsActive).OrderBy(t => t.SortOrder).Select(t => t.Id).FirstAsync(),
            Subject = "设置测试来信", Body = "来信内容", QueryCodeHash = Guid.NewGuid().ToString("N"), SubmissionKey = Guid.NewGuid(),
            Status = status, ReceivedAt = app.UtcNow, DueOn = app.Today.AddDays(20),
        };
        db.Letters.Add(letter);
        await db.SaveChangesAsync();
        return letter.Id;
    });
}
