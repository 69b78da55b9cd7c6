using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Content;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for uploaded files, outside wwwroot. Relative paths are under the content root. Share it between web nodes.</summary>
    public string MediaPath { get; set; } = "App_Data/media";

    /// <summary>The largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;
}

/// <summary>Where uploaded files live on disk. Files are addressed only by their random stored name.</summary>
public sealed partial class MediaStorage(IOptions<StorageOptions> options, IWebHostEnvironment environment)
{
    public string Root { get; } = Path.GetFullPath(options.Value.MediaPath, environment.ContentRootPath);

    /// <summary>The file's path, or null when <paramref name="storedName"/> is not a name this store could have made.</summary>
    public string? PathOf(string storedName) =>
        StoredNamePattern().IsMatch(storedName) ? Path.Combine(Root, storedName) : null;

    /// <summary>A new random name keeping only a known, lower-case extension.</summary>
    public static string NewStoredName(string extension) =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) + extension.ToLowerInvariant();

    [GeneratedRegex("^[0-9a-f]{32}\\.[a-z0-9]{1,5}\\z")]
    private static partial Regex StoredNamePattern();
}
