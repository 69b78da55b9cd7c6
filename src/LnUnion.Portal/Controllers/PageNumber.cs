using System.Globalization;

namespace LnUnion.Portal.Controllers;

/// <summary>The <c>?page=</c> of a public list.</summary>
public static class PageNumber
{
    /// <summary>
    /// No value means page 1, and so does a blank one (<c>?page=</c>): the output cache keys both alike, so they
    /// must answer alike, or the blank one's answer would depend on which was asked first. Anything but one positive
    /// number written plainly (no "007", "+1" or trailing characters, not given twice) is a page that does not exist,
    /// so each page has one address and one cache entry.
    /// </summary>
    public static int? Parse(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count switch
        {
            0 => 1,
            1 when values[0] is "" => 1,
            1 when int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var page)
                && page >= 1
                && values[0] == page.ToString(CultureInfo.InvariantCulture) => page,
            _ => null,
        };
}
