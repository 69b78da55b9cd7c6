using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Data;
using LnUnion.Portal.Mailbox;
using LnUnion.Portal.Publishing;
using LnUnion.Portal.Text;
using Microsoft.AspNetCore.Mvc;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// 信件类型: what the public chooses on the form and how many working days each gives staff to answer. A new deadline
/// counts for letters written from then on; a letter keeps the due date it was given.
/// </summary>
[Route("admin/letters/types")]
public sealed class LetterTypesController(PortalDbContext db, ContentChanges changes)
    : LetterListController<LetterType, LetterTypeInput>(db, changes)
{
    private static readonly LetterListKind Types = new("信件类型", "/admin/letters/types", "写信表单上不再出现它，已收到的这类信件仍保留它");

    protected override LetterListKind Kind => Types;

    protected override IQueryable<int> UsedIds => Db.Letters.Select(l => l.TypeId);

    protected override LetterType NewItem(LetterTypeInput input)
    {
        var type = new LetterType { Name = input.Name.Trim() };
        Apply(type, input);
        return type;
    }

    protected override void Apply(LetterType item, LetterTypeInput input)
    {
        item.Name = input.Name.Trim();
        item.Description = TextInput.Clean(input.Description);
        item.DeadlineWorkingDays = input.DeadlineWorkingDays;
        item.IsActive = input.IsActive;
    }

    protected override LetterTypeInput InputOf(LetterType item) => new()
    {
        Version = item.Version, Name = item.Name, Description = item.Description, DeadlineWorkingDays = item.DeadlineWorkingDays, IsActive = item.IsActive,
    };

    protected override string? DetailOf(LetterType item) => $"{item.DeadlineWorkingDays} 个工作日内答复" + (item.Description is { } d ? $" · {d}" : "");
}
