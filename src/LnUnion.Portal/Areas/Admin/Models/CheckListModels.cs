using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Checks;
using LnUnion.Portal.Text;

namespace LnUnion.Portal.Areas.Admin.Models;

/// <summary>One term as the add and edit forms post it; the list it belongs to comes from the address.</summary>
public sealed class CheckTermInput
{
    public Guid Version { get; set; }

    [StringLength(CheckTerm.MaxTextLength, ErrorMessage = "{0}不能超过 {1} 个字。")]
    [Display(Name = "词语或姓名")]
    public string? Text { get; set; }

    [StringLength(CheckTerm.MaxDetailLength, ErrorMessage = "{0}不能超过 {1} 个字。")]
    [Display(Name = "正确写法或职务")]
    public string? Detail { get; set; }

    [Display(Name = "任职起始日期（可留空）")]
    public DateOnly? ValidFrom { get; set; }

    [Display(Name = "任职截止日期（可留空）")]
    public DateOnly? ValidTo { get; set; }

    public CheckListLine Line => new(Text?.Trim() ?? string.Empty, TextInput.Clean(Detail), ValidFrom, ValidTo);
}

public sealed record CheckTermRow(int Id, string Text, string? Detail, DateOnly? ValidFrom, DateOnly? ValidTo, Guid Version);

public sealed class CheckListModel
{
    public required CheckTermKind Kind { get; init; }
    public required IReadOnlyList<CheckTermRow> Rows { get; init; }
    public CheckTermInput Input { get; init; } = new();

    /// <summary>Set when an import was refused: what each bad line is missing.</summary>
    public IReadOnlyList<string> ImportErrors { get; init; } = [];

    public string Slug => CheckListNames.Slug(Kind);
    public string Name => CheckListNames.Of(Kind);
}

public sealed class CheckTermEditModel
{
    public required int Id { get; init; }
    public required CheckTermKind Kind { get; init; }
    public required CheckTermInput Input { get; init; }

    /// <summary>After a conflict: the term as the other person saved it.</summary>
    public CheckTermRow? Saved { get; init; }

    public string Slug => CheckListNames.Slug(Kind);
    public string Name => CheckListNames.Of(Kind);
}
