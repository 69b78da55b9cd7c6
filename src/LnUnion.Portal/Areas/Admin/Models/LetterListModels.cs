using System.ComponentModel.DataAnnotations;

namespace LnUnion.Portal.Areas.Admin.Models;

/// <summary>One department or letter type in its list, with how many letters use it (those can only be retired).</summary>
public sealed record LetterListItemRow(int Id, string Name, string? Detail, bool IsActive, int LetterCount, Guid Version);

/// <summary>What the department and letter-type screens need to know of which list they show.</summary>
public sealed record LetterListKind(string Noun, string Path, string ActiveMeaning);

public sealed record LetterListPageModel(LetterListKind Kind, IReadOnlyList<LetterListItemRow> Rows);

/// <summary>What an administrator may post for a department or letter type; the id comes from the route only.</summary>
public class LetterListInput
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写名称。")]
    [StringLength(100, ErrorMessage = "名称不能超过 100 个字符。")]
    [Display(Name = "名称")]
    public string Name { get; set; } = string.Empty;

    [Display(Name = "在用")]
    public bool IsActive { get; set; } = true;
}

/// <summary>A letter type adds what the writer reads on the form and the deadline its letters are given.</summary>
public sealed class LetterTypeInput : LetterListInput
{
    /// <summary>The bounds of the database's check constraint: at least a day, at most about three months.</summary>
    public const int MinDeadline = 1;
    public const int MaxDeadline = 60;

    [StringLength(500, ErrorMessage = "说明不能超过 500 个字符。")]
    [Display(Name = "说明（显示在写信表单上）")]
    public string? Description { get; set; }

    [Required(ErrorMessage = "请填写办理期限。")]
    [Range(MinDeadline, MaxDeadline, ErrorMessage = "办理期限须是 1 到 60 个工作日之间的整数。")]
    [Display(Name = "办理期限（工作日）")]
    public int DeadlineWorkingDays { get; set; } = 15;
}

public sealed class LetterListEditModel
{
    public required LetterListKind Kind { get; init; }
    public int? Id { get; init; }
    public required LetterListInput Input { get; init; }
    public int LetterCount { get; init; }

    /// <summary>After a conflict: what the other person saved, to compare with what is still in the form.</summary>
    public LetterListInput? Saved { get; init; }
}
