using System.ComponentModel.DataAnnotations;
using LnUnion.Portal.Calendar;

namespace LnUnion.Portal.Areas.Admin.Models;

public sealed class CalendarDayInput
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请填写日期。")]
    [Display(Name = "日期")]
    public DateOnly? Date { get; set; }

    [Display(Name = "安排")]
    public bool IsWorkingDay { get; set; }

    [Required(ErrorMessage = "请填写名称，如“春节”或“春节调休上班”。")]
    [StringLength(CalendarDay.NameLength, ErrorMessage = "名称不能超过 50 个字。")]
    [Display(Name = "名称")]
    public string Name { get; set; } = string.Empty;
}

public sealed class CalendarImportInput
{
    public Guid Version { get; set; }

    [Required(ErrorMessage = "请粘贴要导入的安排，每行一天，如“2027-01-01 休 元旦”。")]
    [Display(Name = "导入的安排")]
    public string Text { get; set; } = string.Empty;
}

/// <summary>A deadline worked out on the page, so staff can check the calendar after entering a year.</summary>
public sealed record DeadlineTrial(DateOnly From, int WorkingDays, DateOnly Due);

public sealed class CalendarPageModel
{
    public required int Year { get; init; }
    public required IReadOnlyList<CalendarDay> Days { get; init; }
    public required IReadOnlyList<int> MissingYears { get; init; }
    public required bool IsYearEntered { get; init; }
    public required CalendarDayInput NewDay { get; init; }
    public required CalendarImportInput Import { get; init; }
    public IReadOnlyList<string> ImportErrors { get; init; } = [];
    public DeadlineTrial? Trial { get; init; }
    public DateOnly? TrialFrom { get; init; }
    public int? TrialDays { get; init; }
}

public sealed class CalendarDayEditModel
{
    public required CalendarDayInput Input { get; init; }
    public CalendarDay? Saved { get; init; }
}
