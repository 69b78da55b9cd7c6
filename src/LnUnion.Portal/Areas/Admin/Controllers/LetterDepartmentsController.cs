using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Publishing;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>承办部门: where letters are handed (转办) and who is named as answering them.</summary>
[Route("admin/letters/departments")]
public sealed class LetterDepartmentsController(PortalDbContext db, ContentChanges changes)
    : LetterListController<LetterDepartment, LetterListInput>(db, changes)
{
    private static readonly LetterListKind Departments = new("承办部门", "/admin/letters/departments", "转办时不能再选它，已转办给它的信件不受影响");

    protected override LetterListKind Kind => Departments;

    protected override IQueryable<int> UsedIds => Db.Letters.Where(l => l.DepartmentId != null).Select(l => l.DepartmentId!.Value);

    protected override LetterDepartment NewItem(LetterListInput input) => new() { Name = input.Name.Trim(), IsActive = input.IsActive };

    protected override void Apply(LetterDepartment item, LetterListInput input)
    {
        item.Name = input.Name.Trim();
        item.IsActive = input.IsActive;
    }

    protected override LetterListInput InputOf(LetterDepartment item) => new() { Version = item.Version, Name = item.Name, IsActive = item.IsActive };

    protected override string? DetailOf(LetterDepartment item) => null;
}
