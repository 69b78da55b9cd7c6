namespace LnUnion.Portal.Models;

/// <summary>
/// A cover image as public pages print it, through the one partial _CoverImage: lazy unless it is the first thing a
/// reader sees, and sized when the size is known, so the page does not shift as it loads.
/// </summary>
public sealed record CoverImage(string StoredName, string Alt, bool Eager = false, int? Width = null, int? Height = null)
{
    public string Source => $"/media/{StoredName}";
}
