using LnUnion.Portal.Data;
using Microsoft.EntityFrameworkCore;

namespace LnUnion.Portal.Areas.Admin;

/// <summary>The up and down buttons of the admin lists staff put in order (service accounts, links, 职工服务, letter lists).</summary>
public static class ListOrder
{
    /// <summary>
    /// Swaps the row <paramref name="id"/> of <paramref name="rows"/> with its neighbour and numbers the whole list
    /// afresh, so that equal or missing orders left by earlier data cannot make a move do nothing; moving past either
    /// end changes nothing but is not an error. Returns the moved row, marked changed so that saving checks (and renews)
    /// its version, the only one checked; null when the list has no such row.
    /// </summary>
    public static async Task<T?> MoveAsync<T>(DbContext db, IQueryable<T> rows, int id, int step, CancellationToken cancellationToken)
        where T : class, IStaffOrdered
    {
        var items = await rows.OrderBy(r => r.SortOrder).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var index = items.FindIndex(r => r.Id == id);
        if (index < 0)
        {
            return null;
        }

        var moved = items[index];
        var other = index + step;
        if (other >= 0 && other < items.Count)
        {
            (items[index], items[other]) = (items[other], items[index]);
        }

        for (var i = 0; i < items.Count; i++)
        {
            items[i].SortOrder = i + 1;
        }

        db.Entry(moved).State = EntityState.Modified;
        return moved;
    }
}
