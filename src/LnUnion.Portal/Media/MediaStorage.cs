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

    /// <summary>The file's path, or null when <paramref name="name"/> is not a name this store could have made (an original's or a rendition's).</summary>
    public string? PathOf(string name) =>
        IsFileName(name) ? Path.Combine(Root, name) : null;

    /// <summary>An original's name, as a row records it.</summary>
    public static bool IsStoredName(string name) => StoredNamePattern().IsMatch(name);

    /// <summary>An original's name or one of its renditions' (<see cref="ImageRenditions"/>).</summary>
    public static bool IsFileName(string name) => IsStoredName(name) || ImageRenditions.Parse(name) is not null;

    /// <summary>The original <paramref name="name"/> belongs to: itself, or a rendition's original.</summary>
    public static string OwnerOf(string name) => ImageRenditions.Parse(name)?.StoredName ?? name;

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

    /// <summary>
    /// Publishes a committed upload under its stored name, with its renditions. Finding it already moved (by another
    /// node or the reconciler) is fine. The renditions go first: once the original is in place a page may name them.
    /// </summary>
    public void MoveIntoPlace(string storedName)
    {
        foreach (var rendition in ImageRenditions.PossibleNames(storedName).Where(r => File.Exists(IncomingPathOf(r))))
        {
            MoveOne(rendition);
        }

        MoveOne(storedName);
    }

    private void MoveOne(string name)
    {
        try
        {
            File.Move(IncomingPathOf(name), PathOf(name)!);
        }
        catch (FileNotFoundException) when (File.Exists(PathOf(name)))
        {
        }
    }

    /// <summary>
    /// Puts <paramref name="content"/> in place as <paramref name="name"/>, replacing any file of that name at once
    /// (a reader gets the old file or the new, never part of one). It is written first under a random incoming name
    /// of its own, so nodes doing the same on shared storage never write into each other's file, and one left by a
    /// crash is an orphan the reconciler removes.
    /// </summary>
    public async Task ReplaceAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var temporary = NewStoredName(".tmp");
        await WriteIncomingAsync(temporary, content, cancellationToken);
        try
        {
            File.Move(IncomingPathOf(temporary), PathOf(name) ?? throw new ArgumentException("Not a stored name.", nameof(name)), overwrite: true);
        }
        catch
        {
            DeleteIfThere(IncomingPathOf(temporary));
            throw;
        }
    }

    /// <summary>Removes the file and its renditions, whether they were moved into place yet or not.</summary>
    public void Delete(string storedName)
    {
        if (IsStoredName(storedName))
        {
            foreach (var name in ImageRenditions.PossibleNames(storedName).Prepend(storedName))
            {
                DeleteIfThere(PathOf(name)!);
                DeleteIfThere(IncomingPathOf(name));
            }
        }
        else if (PathOf(storedName) is { } path)
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

    internal string IncomingPathOf(string name) =>
        IsFileName(name) ? Path.Combine(IncomingRoot, name) : throw new ArgumentException("Not a stored name.", nameof(name));

    [GeneratedRegex("^[0-9a-f]{32}\\.[a-z0-9]{1,5}\\z")]
    private static partial Regex StoredNamePattern();
}
