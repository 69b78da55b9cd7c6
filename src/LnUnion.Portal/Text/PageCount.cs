namespace LnUnion.Portal.Text;

/// <summary>How many pages a paged list has, public or admin.</summary>
public static class PageCount
{
    /// <summary>The pages <paramref name="total"/> items fill at <paramref name="pageSize"/> a page; an empty list still has its one, empty, page.</summary>
    public static int Of(int total, int pageSize) => Math.Max(1, (total + pageSize - 1) / pageSize);
}
