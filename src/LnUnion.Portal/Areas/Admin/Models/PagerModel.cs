namespace LnUnion.Portal.Areas.Admin.Models;

/// <summary>
/// The page links under an admin list (<c>Views/Shared/_Pager.cshtml</c>). Only a window is printed — the first and
/// last page and two either side of the current one — so a list of a hundred thousand articles has a dozen links, not
/// thousands.
/// </summary>
public sealed record PagerModel(int Page, int PageCount, Func<int, string> Url)
{
    /// <summary>Pages printed either side of the current one.</summary>
    public const int Around = 2;

    /// <summary>The page numbers to print in order; null stands for the pages left out between two of them.</summary>
    public IReadOnlyList<int?> Numbers => Window(Page, PageCount);

    public static IReadOnlyList<int?> Window(int page, int pageCount)
    {
        var shown = new SortedSet<int> { 1, pageCount };
        for (var number = Math.Max(1, page - Around); number <= Math.Min(pageCount, page + Around); number++)
        {
            shown.Add(number);
        }

        var numbers = new List<int?>();
        var previous = 0;
        foreach (var number in shown)
        {
            // A gap of one page is printed as that page: a "…" would take the same room and say less.
            if (number - previous == 2)
            {
                numbers.Add(previous + 1);
            }
            else if (number - previous > 2)
            {
                numbers.Add(null);
            }

            numbers.Add(number);
            previous = number;
        }

        return numbers;
    }
}
