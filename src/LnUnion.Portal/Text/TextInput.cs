namespace LnUnion.Portal.Text;

/// <summary>What a staff form's free-text field is stored as.</summary>
public static class TextInput
{
    /// <summary>
    /// The text without surrounding white space, or null when nothing but white space was typed, so that an optional
    /// field left blank is stored as absent and the public pages leave it out rather than show an empty line.
    /// </summary>
    public static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
