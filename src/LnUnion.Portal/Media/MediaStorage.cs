using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Media;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Folder for uploaded files, outside wwwroot. Relative paths are under the content root. Share it between web nodes.</summary>
    public string MediaPath { get; set; } = "App_Data/media";

    /// <summary>The largest upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>
    /// How old a file without a row must be before the reconciler removes it. Longer than any upload takes to commit,
    /// so one node never deletes another node's upload in flight.
    /// </summary>
    public TimeSpan OrphanGracePeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the media folder and the table are compared, after the pass at start-up.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromDays(1);
}

/// <summary>
/// Where uploaded files live on disk. Files are addressed only by their random stored name. A new upload is written
/// to <see cref="IncomingRoot"/> and moved into place only once its row is committed (<see cref="MediaFileCommit"/>),
/// so a crash in between leaves a file the reconciler recognises as unfinished, never a served file without a row.
/// </summary>
public partial class MediaStorage(IOptions<StorageOptions> options, IWebHostEnvironment environment)
{
    public string Root { get; } = Path.GetFullPath(options.Value.MediaPath, environment.ContentRootPath);

    /// <summary>Inside <see cref="Root"/>, so on shared storage too moving a file into place is a rename, never a copy.</summary>
    public string IncomingRoot => Path.Combine(Root, ".incoming");

    /// <summary>The file's path, or null when <paramref name="storedName"/> is not a name this store could have made.</summary>
    public string? PathOf(string storedName) =>
        IsStoredName(storedName) ? Path.Combine(Root, storedName) : null;

    public static bool IsStoredName(string name) => StoredNamePattern().IsMatch(name);

    /// <summary>A new random name keeping only a known, lower-case extension.</summary>
    public static string NewStoredName(string extension) =>
        Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)) + extension.ToLowerInvariant();

    /// <summary>Writes an upload under its incoming name. If the write fails (a full disk above all), nothing of it is left behind.</summary>
    public async Task WriteIncomingAsync(string storedName, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = IncomingPathOf(storedName);
        Directory.CreateDirectory(IncomingRoot);
        try
        {
            await using var stream = OpenNew(path);
            await stream.WriteAsync(content, cancellationToken);
            await stream.FlushAsync(cancellationToken);
        }
        catch
        {
            DeleteIfThere(path);
            throw;
        }
    }

    /// <summary>Where the file is written. A test replaces it to make the disk fill up part-way through a write.</summary>
    protected virtual Stream OpenNew(string path) =>
        new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);

    /// <summary>Publishes a committed upload under its stored name. Finding it already moved (by another node or the reconciler) is fine.</summary>
    public void MoveIntoPlace(string storedName)
    {
        try
        {
            File.Move(IncomingPathOf(storedName), PathOf(storedName)!);
        }
        catch (FileNotFoundException) when (File.Exists(PathOf(storedName)))
        {
        }
    }

    /// <summary>Removes the file, whether it was moved into place yet or not.</summary>
    public void Delete(string storedName)
    {
        if (PathOf(storedName) is { } path)
        {
            DeleteIfThere(path);
            DeleteIfThere(IncomingPathOf(storedName));
        }
    }

    /// <summary>File.Delete shrugs at a missing file but not at a missing folder, and no upload may have made one yet.</summary>
    private static void DeleteIfThere(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    internal string IncomingPathOf(string storedName) =>
        IsStoredName(storedName) ? Path.Combine(IncomingRoot, storedName) : throw new ArgumentException("Not a stored name.", nameof(storedName));

    [GeneratedRegex("^[0-9a-f]{32}\\.[a-z0-9]{1,5}\\z")]
    private static partial Regex StoredNamePattern();
}
