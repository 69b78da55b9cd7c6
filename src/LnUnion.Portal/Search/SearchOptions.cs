using System.ComponentModel.DataAnnotations;

namespace LnUnion.Portal.Search;

public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>The Lucene index folder, outside wwwroot; relative paths are under the content root. One per web node, never shared.</summary>
    public string IndexPath { get; set; } = "App_Data/search-index";

    /// <summary>
    /// How often each node picks up changes made on other nodes and checks that its index folder still exists: often,
    /// so a search on one node finds what another published within a second. Each look is an index seek on UpdatedAt.
    /// </summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How often each node compares its index with the database (count and newest change of the visible articles) and
    /// re-indexes what differs, both ways: rows imported behind the app's back, or a restored older database. Also at start.
    /// </summary>
    public TimeSpan ConsistencyCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Up to this many visible articles, a missing index is built before the site answers; above it, in the background.</summary>
    public int BuildBeforeStartLimit { get; set; } = 5000;

    /// <summary>
    /// A search that matches more than this many documents ranks only the newest of them (at least this many) and says
    /// there are more: ranking every match of a word that nearly every article holds would cost each results page a
    /// pass over the whole index. Keep it above the 500 results a search shows in its 50 pages.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int RankedMatchLimit { get; set; } = 10_000;
}
