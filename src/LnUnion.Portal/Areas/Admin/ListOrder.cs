namespace LnUnion.Portal.Areas.Admin;

/// <summary>The up and down buttons of the admin lists staff put in order (service accounts, links, 职工服务).</summary>
public static class ListOrder
{
    /// <summary>
    /// Swaps the item at <paramref name="index"/> with its neighbour and numbers the whole list afresh, so that equal or
    /// missing orders left by earlier data cannot make a move do nothing. Moving past either end changes nothing but is
    /// not an error.
    /// </summary>
    public static void Move<T>(List<T> items, int index, int step, Action<T, int> setOrder)
    {
        var other = index + step;
        if (other >= 0 && other < items.Count)
        {
            (items[index], items[other]) = (items[other], items[index]);
        }

        for (var i = 0; i < items.Count; i++)
        {
            setOrder(items[i], i + 1);
        }
    }
}
