using System.Text;
using LnUnion.Portal.Areas.Admin.Models;
using LnUnion.Portal.Calendar;
using LnUnion.Portal.Data;
using LnUnion.Portal.Publishing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin.Controllers;

/// <summary>
/// 节假日安排: the days off and make-up working days that deadlines are counted with. Office staff keep it, like the
/// other settings. Nothing here is public, so no change touches the public cache.
/// </summary>
[Authorize(Policy = Policies.Settings)]
[Route("admin/calendar")]
public sealed class CalendarController(
    PortalDbContext db,
    WorkingCalendar calendar,
    CalendarArrangement arrangement,
    ContentChanges changes,
    TimeProvider clock) : AdminController
{
    public const int FirstYear = 2000;
    public const int LastYear = 2100;

    [HttpGet("")]
    public async Task<IActionResult> Index(int? year, DateOnly? from, int? days, CancellationToken cancellationToken)
    {
        var shown = year ?? ChinaTime.Today(clock).Year;
        if (shown is < FirstYear or > LastYear)
        {
            return NotFound();
        }

        DeadlineTrial? trial = null;
        if (from is { } start && days is { } count)
        {
            if (count is < 1 or > 366)
            {
                ModelState.AddModelError("days", "工作日数应在 1 到 366 之间。");
            }
            else
            {
                trial = new DeadlineTrial(start, count, await calendar.AddWorkingDaysAsync(start, count, cancellationToken));
            }
        }

        return View(await PageModelAsync(shown, cancellationToken, trial: trial, trialFrom: from, trialDays: days));
    }

    [HttpPost("days/new")]
    public async Task<IActionResult> NewDay([Bind(Prefix = "NewDay")] CalendarDayInput input, CancellationToken cancellationToken)
    {
        var year = input.Date?.Year ?? ChinaTime.Today(clock).Year;
        if (ModelState.IsValid && await db.CalendarDays.AnyAsync(d => d.Date == input.Date, cancellationToken))
        {
            ModelState.AddModelError("NewDay.Date", $"{Format(input.Date!.Value)} 已在安排中，请在列表中修改它。");
        }

        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await PageModelAsync(year, cancellationToken, newDay: input));
        }

        var day = new CalendarDay { Date = input.Date!.Value, IsWorkingDay = input.IsWorkingDay, Name = input.Name.Trim() };
        db.CalendarDays.Add(day);
        await changes.SaveAsync(cancellationToken);
        Flash($"已添加 {CalendarText.Line(day)}，之后计算的办理期限立即按它计算。");
        return RedirectToYear(year);
    }

    [HttpGet("days/{id}/edit")]
    public async Task<IActionResult> EditDay(DateOnly id, CancellationToken cancellationToken)
    {
        var day = await SavedDayAsync(id, cancellationToken);
        return day is null ? NotFound() : View(new CalendarDayEditModel { Input = InputOf(day) });
    }

    [HttpPost("days/{id}/edit")]
    public async Task<IActionResult> EditDay(DateOnly id, CalendarDayInput input, CancellationToken cancellationToken)
    {
        var day = await db.CalendarDays.SingleOrDefaultAsync(d => d.Date == id, cancellationToken);
        if (day is null)
        {
            return NotFound();
        }

        // The date is the day itself: moving a day is removing it and adding another.
        input.Date = id;
        ModelState.Remove("Input.Date");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(new CalendarDayEditModel { Input = input });
        }

        day.IsWorkingDay = input.IsWorkingDay;
        day.Name = input.Name.Trim();
        if (!await changes.SaveAsync(day, input.Version, cancellationToken))
        {
            var saved = await SavedDayAsync(id, cancellationToken);
            if (saved is null)
            {
                return NotFound();
            }

            input.Version = saved.Version;
            ShowConflict();
            return View(new CalendarDayEditModel { Input = input, Saved = saved });
        }

        Flash($"已保存 {CalendarText.Line(day)}。");
        return RedirectToYear(id.Year);
    }

    [HttpPost("days/{id}/delete")]
    public async Task<IActionResult> DeleteDay(DateOnly id, [FromForm] Guid version, CancellationToken cancellationToken)
    {
        var day = await db.CalendarDays.SingleOrDefaultAsync(d => d.Date == id, cancellationToken);
        if (day is null)
        {
            return NotFound();
        }

        db.CalendarDays.Remove(day);
        if (!await changes.SaveAsync(day, version, cancellationToken))
        {
            ShowConflict();
            return View(nameof(Index), await PageModelAsync(id.Year, cancellationToken));
        }

        Flash($"已删除 {CalendarText.Line(day)}，这一天改按周末规则计算。");
        return RedirectToYear(id.Year);
    }

    [HttpGet("{year:int}/export")]
    public async Task<IActionResult> Export(int year, CancellationToken cancellationToken)
    {
        if (year is < FirstYear or > LastYear)
        {
            return NotFound();
        }

        var text = CalendarText.Format($"{year}年节假日安排（休：放假，班：调休上班），导出自辽宁省总工会网站管理", await arrangement.YearAsync(year, cancellationToken));
        return File(Encoding.UTF8.GetBytes(text), "text/plain; charset=utf-8", $"holidays-{year}.txt");
    }

    /// <summary>The route value is named id so that the audit log names the year imported.</summary>
    [HttpPost("{id:int}/import")]
    public async Task<IActionResult> Import(int id, CalendarImportInput input, CancellationToken cancellationToken)
    {
        if (id is < FirstYear or > LastYear)
        {
            return NotFound();
        }

        var parsed = ModelState.IsValid ? CalendarText.Parse(input.Text, id) : null;
        var errors = parsed?.Errors ?? [];
        if (parsed is { Errors.Count: 0, Days.Count: 0 })
        {
            errors = ["没有找到要导入的日期：每行写一天，如“2027-01-01 休 元旦”。"];
        }

        if (!ModelState.IsValid || errors.Count > 0)
        {
            ModelState.AddModelError(string.Empty, errors.Count > 0 ? $"导入的内容有 {errors.Count} 处错误，什么都没有保存，请改正后再导入。" : "没有导入任何内容。");
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return View(nameof(Index), await PageModelAsync(id, cancellationToken, import: input, importErrors: errors));
        }

        if (!await arrangement.ReplaceYearAsync(id, parsed!.Days, input.Version, cancellationToken))
        {
            ShowConflict();
            return View(nameof(Index), await PageModelAsync(id, cancellationToken, import: new CalendarImportInput { Text = input.Text }));
        }

        Flash($"已导入 {id} 年的节假日安排，共 {parsed.Days.Count} 天。");
        return RedirectToYear(id);
    }

    private async Task<CalendarPageModel> PageModelAsync(
        int year,
        CancellationToken cancellationToken,
        CalendarDayInput? newDay = null,
        CalendarImportInput? import = null,
        IReadOnlyList<string>? importErrors = null,
        DeadlineTrial? trial = null,
        DateOnly? trialFrom = null,
        int? trialDays = null)
    {
        var days = await arrangement.YearAsync(year, cancellationToken);
        var version = CalendarArrangement.YearVersion(year, days);
        import ??= new CalendarImportInput { Text = CalendarText.Format($"{year}年节假日安排", days) };
        import.Version = version;
        return new CalendarPageModel
        {
            Year = year,
            Days = days,
            IsYearEntered = days.Count > 0,
            MissingYears = await calendar.MissingYearsAsync(cancellationToken),
            NewDay = newDay ?? new CalendarDayInput(),
            Import = import,
            ImportErrors = importErrors ?? [],
            Trial = trial,
            TrialFrom = trialFrom,
            TrialDays = trialDays,
        };
    }

    private Task<CalendarDay?> SavedDayAsync(DateOnly date, CancellationToken cancellationToken) =>
        db.CalendarDays.AsNoTracking().SingleOrDefaultAsync(d => d.Date == date, cancellationToken);

    private static CalendarDayInput InputOf(CalendarDay day) =>
        new() { Version = day.Version, Date = day.Date, IsWorkingDay = day.IsWorkingDay, Name = day.Name };

    private static string Format(DateOnly date) => date.ToString(CalendarText.DateFormat, System.Globalization.CultureInfo.InvariantCulture);

    private RedirectResult RedirectToYear(int year) => Redirect($"/admin/calendar?year={year}");
}
