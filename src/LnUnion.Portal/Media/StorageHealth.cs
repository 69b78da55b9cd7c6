using LnUnion.Portal.Calendar;
using LnUnion.Portal.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LnUnion.Portal.Media;

/// <summary>The two places the site writes to: the media folder and the database's disk.</summary>
public enum Store
{
    Media,
    Database,
}

/// <summary>A row whose file is not in the media folder.</summary>
public sealed record MissingFile(int Id, string OriginalName, string StoredName);

/// <summary>What the last comparison of the media folder with the table found.</summary>
public sealed record MediaReconciliation(DateTimeOffset At, int RemovedOrphans, int MissingCount, IReadOnlyList<MissingFile> Missing);

/// <summary>A store that refused a write because its disk is full, and how much space was left when it did.</summary>
public sealed record FullStore(Store Store, DateTimeOffset Since, long? FreeBytes);

/// <summary>
/// What staff need to know about storage: files missing from the media folder and disks that are full. The
/// dashboard and <c>/healthz</c> read it; the upload path, the database interceptor and the reconciler write it.
/// A full disk is logged once when it is first noticed, not on every refused request, and again when it recovers.
/// </summary>
public sealed partial class StorageHealth(MediaStorage storage, IOptions<StorageOptions> options, TimeProvider clock, ILogger<StorageHealth> logger)
{
    /// <summary>The error staff and editors see, in one place for every caller that hits a full disk.</summary>
    public const string FullMessage = "服务器存储空间已满，本次内容未能保存。您填写的内容仍在本页，请复制留存，并联系网站管理员清理空间后再提交。";

    private readonly Lock _lock = new();
    private readonly Dictionary<Store, FullStore> _full = [];

    public MediaReconciliation? LastReconciliation { get; private set; }

    public IReadOnlyList<FullStore> FullStores
    {
        get
        {
            lock (_lock)
            {
                return [.. _full.Values.OrderBy(f => f.Store)];
            }
        }
    }

    /// <summary>Each storage problem in a sentence for staff; empty while all is well.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var fullStores = FullStores;
        foreach (var full in fullStores)
        {
            var free = full.FreeBytes is { } bytes ? $"，当时剩余 {FileSize.Format(bytes)}" : "";
            problems.Add(full.Store == Store.Media
                ? $"媒体文件所在磁盘已满（{ChinaTime.DateAndTime(full.Since.UtcDateTime)} 起{free}），上传的文件无法保存。"
                : $"数据库所在磁盘已满（{ChinaTime.DateAndTime(full.Since.UtcDateTime)} 起{free}），后台的修改无法保存。");
        }

        if (!fullStores.Any(f => f.Store == Store.Media) && FreeBytes(storage.Root) is { } mediaFree && mediaFree < options.Value.MaxUploadBytes)
        {
            problems.Add($"媒体文件所在磁盘只剩 {FileSize.Format(mediaFree)}，放不下一个允许上传的最大文件（{FileSize.Format(options.Value.MaxUploadBytes)}）。");
        }

        if (LastReconciliation is { MissingCount: > 0 } reconciliation)
        {
            problems.Add($"有 {reconciliation.MissingCount} 个媒体文件记录在媒体文件夹中找不到文件（{ChinaTime.DateAndTime(reconciliation.At.UtcDateTime)} 检查），引用它们的页面会显示不出图片或附件。");
        }

        return problems;
    }

    public void Reconciled(MediaReconciliation result) => LastReconciliation = result;

    /// <summary>Whether <paramref name="exception"/>, or one it wraps, says the disk is full: ENOSPC, Windows' disk-full codes, or SQLITE_FULL.</summary>
    public static bool IsDiskFull(Exception? exception) => exception switch
    {
        null => false,
        SqliteException sqlite when sqlite.SqliteErrorCode == 13 => true,
        // ENOSPC (28) on Linux and macOS; ERROR_DISK_FULL (0x70) and ERROR_HANDLE_DISK_FULL (0x27) on Windows.
        IOException io when io.HResult == 28 || (io.HResult & 0xFFFF) is 0x70 or 0x27 => true,
        _ => IsDiskFull(exception.InnerException),
    };

    /// <summary>Records that <paramref name="store"/> refused a write; logs only the first refusal, with the free space.</summary>
    public void Full(Store store, string folder, Exception exception)
    {
        var free = FreeBytes(folder);
        lock (_lock)
        {
            if (!_full.TryAdd(store, new FullStore(store, clock.GetUtcNow(), free)))
            {
                return;
            }
        }

        LogFull(logger, exception, store, folder, free);
    }

    /// <summary>The database refused a write: the free space is that of the disk holding its file.</summary>
    public void DatabaseFull(DbContext context, Exception exception) =>
        Full(Store.Database, Path.GetDirectoryName(Path.GetFullPath(context.Database.GetDbConnection().DataSource)) ?? ".", exception);

    /// <summary>A write to <paramref name="store"/> succeeded, so it is no longer full.</summary>
    public void Written(Store store)
    {
        bool wasFull;
        lock (_lock)
        {
            wasFull = _full.Remove(store);
        }

        if (wasFull)
        {
            LogRecovered(logger, store);
        }
    }

    /// <summary>Free bytes on the disk holding <paramref name="folder"/>, or null when the system cannot tell.</summary>
    public static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(folder)).AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The {Store} disk is full ({Folder}, {FreeBytes} bytes free): writes are refused until space is freed")]
    private static partial void LogFull(ILogger logger, Exception exception, Store store, string folder, long? freeBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {Store} disk accepts writes again")]
    private static partial void LogRecovered(ILogger logger, Store store);
}
