namespace LnUnion.Portal.Editing;

/// <summary>
/// How long a signed-in member of staff may leave the admin area idle, and how the editor's page keeps them signed in
/// while they type and warns them before the time runs out. Section "EditorSession".
/// </summary>
public sealed class EditorSessionOptions
{
    public const string Section = "EditorSession";

    /// <summary>The sign-in cookie's sliding lifetime.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long before the idle timeout the editor's page asks whether they are still there.</summary>
    public TimeSpan WarningBefore { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>While the editor types, the page renews the session at most this often.</summary>
    public TimeSpan KeepAliveEvery { get; set; } = TimeSpan.FromMinutes(5);
}
